package io.featuredrop.report;

import io.featuredrop.stats.MeanInterval;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A row beside the trained modes that is not one of the compared runs: the randomly initialised
 * encoder ({@link #FLOOR}), a probe on the raw pixels ({@link #RAW_PIXELS}), or expert views trained on
 * the photos alone ({@link #CEILING}, the photo task only), measured per seed with
 * the runs' probe settings, so each seed's control can be matched with that seed's runs.
 *
 * @param accuracyBySeed seed to task to probe accuracy on clean test images
 */
public record ControlRow(String name, Map<Long, Map<String, Double>> accuracyBySeed) {

    public static final String FLOOR = "random encoder (floor)";
    public static final String RAW_PIXELS = "raw pixels";
    /** Expert views on the photos alone (no pasted feature): the photo task's single-task ceiling. */
    public static final String CEILING = "single-task ceiling";

    public ControlRow {
        accuracyBySeed = java.util.Collections.unmodifiableMap(new TreeMap<>(accuracyBySeed));
    }

    /** One task's accuracy per seed, for pairing with runs of the same seeds. */
    public Map<Long, Double> bySeed(String task) {
        Map<Long, Double> out = new LinkedHashMap<>();
        accuracyBySeed.forEach((seed, tasks) -> {
            Double acc = tasks.get(task);
            if (acc != null) {
                out.put(seed, acc);
            }
        });
        return out;
    }

    /** The mean over seeds with its 95% interval (none with one seed); empty when the task was not measured. */
    public Optional<MeanInterval> interval(String task) {
        List<Double> values = List.copyOf(bySeed(task).values());
        return values.isEmpty() ? Optional.empty() : Optional.of(MeanInterval.of(values));
    }

    /** The name in sentences: "viewmaker > random encoder on digit", not "... > random encoder (floor) on digit". */
    public String shortName() {
        return FLOOR.equals(name) ? "random encoder" : name;
    }

    /** Finds the control of that name among {@code controls}. */
    public static Optional<ControlRow> named(List<ControlRow> controls, String name) {
        return controls.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
