package io.featuredrop.report;

import io.featuredrop.events.EvalResult;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** One task's probe accuracy over checkpoint steps, one line per run, the controls (random encoder, raw pixels) as dashed lines. */
public final class AccuracyCurves {

    private AccuracyCurves() {
    }

    /**
     * @param label names a run's line (for example its mode and seed)
     * @param controls control name (e.g. {@link ControlRow#FLOOR}) to its mean accuracy on this task; drawn as horizontal lines
     */
    public static byte[] png(String task, List<EvalResult> results, Function<String, String> label, Map<String, Double> controls)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(820).height(400).title("task " + task + ": linear-probe accuracy")
                .xAxisTitle("checkpoint step").yAxisTitle("top-1 accuracy").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE); // inside, a dozen runs hid the lines
        Map<String, TreeMap<Long, Double>> byRun = new TreeMap<>();
        for (EvalResult r : results) {
            if (r.task().equals(task)) {
                byRun.computeIfAbsent(r.runId(), k -> new TreeMap<>()).put(r.step(), r.accuracy());
            }
        }
        long maxStep = 1;
        for (Map.Entry<String, TreeMap<Long, Double>> e : byRun.entrySet()) {
            TreeMap<Long, Double> points = e.getValue();
            double[] x = points.keySet().stream().mapToDouble(Long::doubleValue).toArray();
            double[] y = points.values().stream().mapToDouble(Double::doubleValue).toArray();
            maxStep = Math.max(maxStep, points.lastKey());
            XYSeries s = chart.addSeries(label.apply(e.getKey()), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        java.awt.Color[] greys = {java.awt.Color.GRAY, java.awt.Color.DARK_GRAY, java.awt.Color.LIGHT_GRAY};
        int k = 0;
        for (Map.Entry<String, Double> c : controls.entrySet()) {
            XYSeries s = chart.addSeries(c.getKey(), new double[] {0, maxStep}, new double[] {c.getValue(), c.getValue()});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(k % 2 == 0 ? SeriesLines.DASH_DASH : SeriesLines.DOT_DOT);
            s.setLineColor(greys[k++ % greys.length]);
        }
        if (byRun.isEmpty() && controls.isEmpty()) {
            chart.addSeries("no results", new double[] {0}, new double[] {0});
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }
}
