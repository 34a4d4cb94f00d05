package io.featuredrop.report;

import io.featuredrop.probe.ProbeReport;
import io.featuredrop.probe.TaskAccuracy;

import java.util.LinkedHashMap;
import java.util.Map;

/** Plain-text table of per-task probe accuracy (and label retention of views) for named encoders. */
public final class AccuracyTable {

    private AccuracyTable() {
    }

    public static String render(Map<String, ProbeReport> rows) {
        Map<String, Integer> tasks = new LinkedHashMap<>();
        rows.values().forEach(r -> r.tasks().forEach(t -> tasks.putIfAbsent(t.task(), t.classes())));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-28s", "encoder"));
        tasks.keySet().forEach(t -> sb.append(String.format(" %14s", t + " acc")));
        tasks.keySet().forEach(t -> sb.append(String.format(" %16s", t + " kept")));
        sb.append('\n');
        rows.forEach((name, report) -> {
            sb.append(String.format("%-28s", name));
            for (String t : tasks.keySet()) {
                sb.append(String.format(" %14s", cell(report, t, false)));
            }
            for (String t : tasks.keySet()) {
                sb.append(String.format(" %16s", cell(report, t, true)));
            }
            sb.append('\n');
        });
        sb.append("acc: linear probe top-1 on clean test images; kept: share of test views whose label the clean probe still reads\n");
        return sb.toString();
    }

    private static String cell(ProbeReport report, String task, boolean retention) {
        for (TaskAccuracy t : report.tasks()) {
            if (t.task().equals(task)) {
                double v = retention ? t.labelRetention() : t.accuracy();
                return Double.isNaN(v) ? "-" : String.format("%.3f", v);
            }
        }
        return "-";
    }
}
