package io.featuredrop.probe;

import java.util.List;

/** What the probes found for one encoder, and how (features, solver, sizes). */
public record ProbeReport(List<TaskAccuracy> tasks, String features, String trainedOn, String solver, int trainSize,
                          int testSize, int epochs, double seconds) {

    public TaskAccuracy task(String name) {
        return tasks.stream().filter(t -> t.task().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no task " + name));
    }
}
