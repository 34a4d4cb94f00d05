package io.featuredrop.train;

import io.featuredrop.data.Datasets;
import io.featuredrop.probe.ProbeReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Short real training runs on fashion-mnist+mnist (tiny nets, 200-400 steps, pooled-feature probes,
 * which make the random-init floor honest): the loss falls; expert views beat the random encoder on
 * the garment and push the digit below it (suppression); Viewmaker views keep clearly more of the
 * digit than expert views. Runs are deterministic (docs/ML.md, "Reproducibility"), and each
 * asserted direction held in every one of seeds 0-4 (bench/training-effect-seeds.sh, figures in
 * docs/BENCHMARKS.md); margins are below the smallest of those five.
 */
@Tag("slow")
class TrainingEffectTest {

    private static final String TINY = "\"batchSize\":64,\"seed\":3,"
            + "\"probe\":{\"features\":\"pooled\",\"trainSize\":2000,\"testSize\":1000,\"epochs\":20}";

    @Test
    void expertViewsSuppressTheDigitAndViewmakerViewsKeepIt(@TempDir Path out) throws Exception {
        LocalExperiment.Result expert = run("expert", 200, out.resolve("expert"));
        assertLossFalls(expert.losses());
        // garment over the floor: +0.029 to +0.073 over seeds 0-4
        assertBeatsFloor(expert, "garment", 0.02);
        // digit under the floor: -0.015 to -0.153 over seeds 0-4
        double expertDigit = expert.last().task("digit").accuracy();
        double floorDigit = expert.initial().task("digit").accuracy();
        assertTrue(expertDigit < floorDigit, "digit: expert " + expertDigit + " vs random init " + floorDigit);
        // the adversary needs a few hundred steps to find the encoder's favourite feature
        LocalExperiment.Result viewmaker = run("viewmaker", 400, out.resolve("viewmaker"));
        assertLossFalls(viewmaker.losses());
        // Viewmaker over expert on the digit: +0.034 to +0.176 over seeds 0-4 (over the floor only in
        // 3 of 5 seeds, -0.016 to +0.063, so that is not asserted)
        double viewmakerDigit = viewmaker.last().task("digit").accuracy();
        assertTrue(viewmakerDigit > expertDigit + 0.01, "digit: Viewmaker " + viewmakerDigit + " vs expert " + expertDigit);
    }

    private static LocalExperiment.Result run(String mode, int steps, Path out) throws Exception {
        String extra = TINY + ",\"steps\":" + steps + ",\"checkpointEvery\":" + steps;
        LocalExperiment.Result r = LocalExperiment.run(TestConfigs.tiny(mode, extra), Datasets.open("fashion-mnist+mnist"),
                new LocalExperiment.Options(out, 100, true, false), line -> System.out.println(mode + ": " + line));
        assertTrue(!r.failed(), r.failure());
        System.out.printf("%s: random init %s%n%s: trained     %s%n", mode, summary(r.initial()), mode, summary(r.last()));
        return r;
    }

    private static void assertLossFalls(List<Float> losses) {
        double first = losses.subList(0, 20).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
        double last = losses.subList(losses.size() - 20, losses.size()).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
        assertTrue(last < first - 0.1, "loss should fall: first 20 steps " + first + ", last 20 " + last);
    }

    private static void assertBeatsFloor(LocalExperiment.Result r, String task, double margin) {
        double floor = r.initial().task(task).accuracy();
        double trained = r.last().task(task).accuracy();
        assertTrue(trained > floor + margin, task + ": trained " + trained + " vs random init " + floor);
    }

    private static String summary(ProbeReport p) {
        StringBuilder sb = new StringBuilder();
        p.tasks().forEach(t -> sb.append(String.format("%s %.3f (kept %.3f)  ", t.task(), t.accuracy(), t.labelRetention())));
        return sb.toString();
    }
}
