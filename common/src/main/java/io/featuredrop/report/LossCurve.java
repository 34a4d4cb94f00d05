package io.featuredrop.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A run's loss per step as CSV and as a PNG line chart (raw and a moving average). */
public final class LossCurve {

    private LossCurve() {
    }

    public static void writeCsv(List<Float> losses, long firstStep, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("step,loss\n");
            for (int i = 0; i < losses.size(); i++) {
                w.write((firstStep + i + 1) + "," + losses.get(i) + "\n");
            }
        }
    }

    public static void writePng(String title, List<Float> losses, long firstStep, Path file) throws IOException {
        if (losses.isEmpty()) {
            return;
        }
        int n = losses.size();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] smooth = new double[n];
        int window = Math.max(1, n / 20);
        double acc = 0;
        for (int i = 0; i < n; i++) {
            x[i] = firstStep + i + 1;
            y[i] = losses.get(i);
            acc += y[i];
            if (i >= window) {
                acc -= y[i - window];
            }
            smooth[i] = acc / Math.min(i + 1, window);
        }
        XYChart chart = new XYChartBuilder().width(720).height(420).title(title).xAxisTitle("step").yAxisTitle("NT-Xent loss").build();
        chart.addSeries("loss", x, y).setMarker(SeriesMarkers.NONE);
        chart.addSeries("moving average (" + window + ")", x, smooth).setMarker(SeriesMarkers.NONE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
