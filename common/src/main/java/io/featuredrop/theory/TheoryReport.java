package io.featuredrop.theory;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The theory's table (text) and pictures (PNG): per-group recovery over training, and final recovery vs p, a/b and width. */
public final class TheoryReport {

    private TheoryReport() {
    }

    public static String table(TheorySweep.Result r) {
        StringBuilder sb = new StringBuilder();
        TheoryConfig c = r.config();
        sb.append(String.format(Locale.ROOT, "linear contrastive model: d1=%d d2=%d noise dims=%d, a=%.2f b=%.2f, width=%d, batch=%d, tau=%.2f, lr=%.3f, %d steps, seed %d%n",
                c.d1(), c.d2(), c.dn(), c.a(), c.b(), c.width(), c.batch(), c.temperature(), c.learningRate(), c.steps(), c.seed()));
        sb.append(String.format("%-30s %9s %9s %9s %9s %9s%n", "views", "R2 g1", "R2 g2", "acc g1", "acc g2", "loss"));
        LinearContrastiveSimulation.Snapshot init = r.trajectories().get(0).snapshots().get(0);
        sb.append(String.format(Locale.ROOT, "%-30s %9.3f %9.3f %9.3f %9.3f %9s%n", "random init", init.rSquared()[0], init.rSquared()[1],
                init.accuracy()[0], init.accuracy()[1], "-"));
        for (LinearContrastiveSimulation.Trajectory t : r.trajectories()) {
            LinearContrastiveSimulation.Snapshot s = t.last();
            sb.append(String.format(Locale.ROOT, "%-30s %9.3f %9.3f %9.3f %9.3f %9.3f%n", t.family(), s.rSquared()[0], s.rSquared()[1],
                    s.accuracy()[0], s.accuracy()[1], s.loss()));
        }
        sb.append(sweepTable("p (dropout probability)", r.overP()));
        sb.append(sweepTable("a/b (strength ratio), p=" + r.p(), r.overRatio()));
        sb.append(sweepTable("width (encoder outputs), p=" + r.p(), r.overWidth()));
        sb.append(String.format(Locale.ROOT, "R2: recovery of the group's latents from z = Wx (held-out, linear read-out); acc: the group's %d-class task. %.1f s%n",
                c.classes(), r.seconds()));
        return sb.toString();
    }

    private static String sweepTable(String title, List<TheorySweep.Point> points) {
        StringBuilder sb = new StringBuilder(String.format("%n%s: final R2 g1/g2%n%-8s", title, "value"));
        points.get(0).families().forEach(f -> sb.append(String.format("  %-22s", TheorySweep.base(f))));
        sb.append('\n');
        for (TheorySweep.Point p : points) {
            sb.append(String.format(Locale.ROOT, "%-8.2f", p.value()));
            for (LinearContrastiveSimulation.Snapshot s : p.finals()) {
                sb.append(String.format(Locale.ROOT, "  %-22s", String.format(Locale.ROOT, "%.2f / %.2f", s.rSquared()[0], s.rSquared()[1])));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Writes trajectories.png, sweep-p.png, sweep-ratio.png, sweep-width.png into {@code dir}; returns the files. */
    public static List<Path> writePngs(TheorySweep.Result r, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        XYChart traj = chart("Per-group recovery during training (p=" + r.p() + ")", "step", "R2 of the group from z");
        for (LinearContrastiveSimulation.Trajectory t : r.trajectories()) {
            double[] x = t.snapshots().stream().mapToDouble(LinearContrastiveSimulation.Snapshot::step).toArray();
            for (int g = 0; g < 2; g++) {
                int group = g;
                double[] y = t.snapshots().stream().mapToDouble(s -> s.rSquared()[group]).toArray();
                traj.addSeries(TheorySweep.base(t.family()) + " g" + (g + 1), x, y).setMarker(SeriesMarkers.NONE);
            }
        }
        files.add(save(traj, dir.resolve("trajectories.png")));
        files.add(save(sweepChart("Final recovery vs dropout probability p", "p", r.overP()), dir.resolve("sweep-p.png")));
        files.add(save(sweepChart("Final recovery vs strength ratio a/b (p=" + r.p() + ")", "a/b", r.overRatio()), dir.resolve("sweep-ratio.png")));
        files.add(save(sweepChart("Final recovery vs encoder width (p=" + r.p() + ")", "width", r.overWidth()), dir.resolve("sweep-width.png")));
        return files;
    }

    private static XYChart sweepChart(String title, String xTitle, List<TheorySweep.Point> points) {
        XYChart chart = chart(title, xTitle, "final R2 of the group from z");
        double[] x = points.stream().mapToDouble(TheorySweep.Point::value).toArray();
        List<String> families = points.get(0).families();
        for (int f = 0; f < families.size(); f++) {
            for (int g = 0; g < 2; g++) {
                int fi = f;
                int group = g;
                double[] y = points.stream().mapToDouble(p -> p.finals().get(fi).rSquared()[group]).toArray();
                chart.addSeries(TheorySweep.base(families.get(f)) + " g" + (g + 1), x, y);
            }
        }
        return chart;
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        return new XYChartBuilder().width(820).height(480).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    }

    private static Path save(XYChart chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
