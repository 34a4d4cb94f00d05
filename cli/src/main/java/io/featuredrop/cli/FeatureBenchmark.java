package io.featuredrop.cli;

import ai.djl.ndarray.NDManager;
import io.featuredrop.checkpoint.EncoderSnapshot;
import io.featuredrop.data.Datasets;
import io.featuredrop.data.ItemBatch;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.data.Split;
import io.featuredrop.events.ProbeSettings;
import io.featuredrop.events.RunConfig;
import io.featuredrop.onnx.CheckpointExport;
import io.featuredrop.onnx.EncoderExport;
import io.featuredrop.onnx.ExportParity;
import io.featuredrop.onnx.OnnxFeatureExtractor;
import io.featuredrop.probe.FeatureExtractor;
import io.featuredrop.probe.Features;
import io.featuredrop.probe.ProbeReport;
import io.featuredrop.probe.ProbeSuite;
import io.featuredrop.probe.TorchFeatureExtractor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Feature-extraction throughput of one checkpoint's encoder on its run's probe images (the probe's
 * train and test items), DJL PyTorch against ONNX Runtime on the encoder's export, same process,
 * same threads, repeats interleaved so machine noise hits both. Prints images/s per engine and
 * feature kind, the ratio, and the largest feature difference.
 */
final class FeatureBenchmark {

    private FeatureBenchmark() {
    }

    static int run(Path checkpoint, int threads, int repeats) throws Exception {
        RunConfig config;
        try (NDManager manager = NDManager.newBaseManager()) {
            EncoderSnapshot.Loaded loaded = EncoderSnapshot.load(Files.readAllBytes(checkpoint), manager);
            config = loaded.config();
            MultiTaskDataset dataset = Datasets.open(config.dataset());
            ProbeSettings probe = config.probe() == null ? ProbeSettings.defaults() : config.probe();
            ItemBatch train = ProbeSuite.items(dataset, Split.TRAIN, Math.min(probe.trainSize(), dataset.size(Split.TRAIN)), config.seed());
            ItemBatch test = ProbeSuite.items(dataset, Split.TEST, Math.min(probe.testSize(), dataset.size(Split.TEST)), config.seed());
            int n = train.count() + test.count();
            float[] images = Arrays.copyOf(train.images(), train.images().length + test.images().length);
            System.arraycopy(test.images(), 0, images, train.images().length, test.images().length);
            int c = train.channels();
            int h = train.height();
            int w = train.width();
            System.out.printf("run %s step %d, %s width %d, %d probe images %dx%dx%d, %d threads, %d repeats%n", config.runId(), loaded.step(),
                    config.encoder(), config.encoderWidth(), n, c, h, w, threads, repeats);
            byte[] onnx = EncoderExport.model(loaded.encoder(), CheckpointExport.info(config, loaded.step())).toByteArray();
            try (OnnxFeatureExtractor ort = new OnnxFeatureExtractor(onnx, threads)) {
                FeatureExtractor torch = new TorchFeatureExtractor(loaded.encoder(), manager);
                for (boolean pooled : new boolean[] {true, false}) {
                    // warm-up: one chunk each (session and kernel set-up, JIT)
                    torch.extract(images, FeatureExtractor.CHUNK, c, h, w, pooled);
                    ort.extract(images, FeatureExtractor.CHUNK, c, h, w, pooled);
                    double[] torchSeconds = new double[repeats];
                    double[] ortSeconds = new double[repeats];
                    Features a = null;
                    Features b = null;
                    for (int r = 0; r < repeats; r++) {
                        long t0 = System.nanoTime();
                        a = torch.extract(images, n, c, h, w, pooled);
                        torchSeconds[r] = (System.nanoTime() - t0) / 1e9;
                        t0 = System.nanoTime();
                        b = ort.extract(images, n, c, h, w, pooled);
                        ortSeconds[r] = (System.nanoTime() - t0) / 1e9;
                    }
                    double torchRate = n / median(torchSeconds);
                    double ortRate = n / median(ortSeconds);
                    System.out.printf("%-7s features (%d per image): pytorch %.0f images/s, onnxruntime %.0f images/s, "
                                    + "onnxruntime/pytorch %.2fx; largest difference %.1e%n", pooled ? "pooled" : "prepool", a.dim(), torchRate,
                            ortRate, ortRate / torchRate, ExportParity.difference(a.values(), b.values()));
                }
                // the whole probe (features of train and test images, one linear probe per task) with each engine
                for (FeatureExtractor engine : new FeatureExtractor[] {torch, ort}) {
                    ProbeReport report = ProbeSuite.evaluate(engine, dataset, probe, config.seed(), null, manager);
                    StringBuilder line = new StringBuilder();
                    report.tasks().forEach(t -> line.append(String.format(" %s %.4f", t.task(), t.accuracy())));
                    System.out.printf("probe on %-11s %.1f s (%s features, %d epochs):%s%n", engine.engine(), report.seconds(), report.features(),
                            report.epochs(), line);
                }
            }
        }
        return 0;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
