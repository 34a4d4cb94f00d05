package io.featuredrop.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.featuredrop.data.DatasetInfo;
import io.featuredrop.loss.NtXentForm;
import io.featuredrop.loss.NtXentLoss;
import io.featuredrop.model.EncoderSpec;
import io.featuredrop.model.GeneratorSpec;
import io.featuredrop.model.Models;
import io.featuredrop.model.WeightInit;
import io.featuredrop.model.NoiseSource;
import io.featuredrop.train.AdamOptimizer;
import io.featuredrop.train.EncoderTrainer;
import io.featuredrop.train.GeneratorTrainer;
import io.featuredrop.train.SgdMomentum;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Steps/s of the SimCLR step and the Viewmaker step (networks only, random inputs) for the comparison with "
                + "plain PyTorch in bench/step-benchmark.sh; prints one line per (kind, shape, batch).")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--threads", defaultValue = "2")
    int threads;
    @Option(names = "--width", defaultValue = "16")
    int width;
    @Option(names = "--encoder", defaultValue = "resnet-small")
    String encoder;
    @Option(names = "--gen-width", defaultValue = "16")
    int genWidth;
    @Option(names = "--gen-blocks", defaultValue = "3")
    int genBlocks;
    @Option(names = "--batches", defaultValue = "128,256", split = ",")
    List<Integer> batches;
    @Option(names = "--shapes", defaultValue = "1x28,3x32", split = ",")
    List<String> shapes;
    @Option(names = "--kinds", defaultValue = "simclr,viewmaker", split = ",")
    List<String> kinds;
    @Option(names = "--passes", defaultValue = "2", description = "encoder forward passes per step: 2 (one per view, the default) or 1")
    int passes;
    @Option(names = "--init", defaultValue = "pytorch", description = "weight initialisation: pytorch (default) or djl")
    String init;
    @Option(names = "--profile", description = "write libtorch's profiler trace (Chrome trace JSON) of the timed steps to FILE-<kind>-<shape>-<batch>.json")
    String profile;
    @Option(names = "--warmup", defaultValue = "2")
    int warmup;
    @Option(names = "--steps", defaultValue = "5")
    int steps;
    @Option(names = "--features", paramLabel = "CHECKPOINT",
            description = "instead: probe feature-extraction images/s of this checkpoint's encoder, PyTorch vs ONNX Runtime (--steps repeats)")
    java.nio.file.Path features;
    @Option(names = "--spectrograms", description = "instead: spoken-digits+noise spectrogram throughput (mix + log-mel per clip; --steps repeats)")
    boolean spectrograms;
    @Option(names = "--wire", description = "instead: bytes per view batch on the wire, fp32/fp16 x none/lz4/zstd/gzip (batch: the first of --batches)")
    boolean wire;

    @Override
    public Integer call() throws Exception {
        if (wire) {
            WireSizes.print(batches.get(0));
            return 0;
        }
        // libtorch reads these once, when the engine starts
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        if (passes != 1 && passes != 2) {
            System.err.println("--passes must be 1 or 2, was " + passes);
            return 2;
        }
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        if (spectrograms) {
            return SpectrogramBenchmark.run(steps);
        }
        if (features != null) {
            return FeatureBenchmark.run(features, threads, steps);
        }
        System.out.println("djl " + Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion() + ", " + threads + " threads, reflection pad " + io.featuredrop.model.ImageOps.reflectionPadPath()
                + ", convolutions " + io.featuredrop.model.ConvolutionChannelCheck.describe());
        for (String shape : shapes) {
            String[] p = shape.split("x");
            int c = Integer.parseInt(p[0]);
            int side = Integer.parseInt(p[1]);
            // normalised like a real dataset (the constants do not change the cost)
            double[] half = new double[c];
            java.util.Arrays.fill(half, 0.5);
            DatasetInfo info = new DatasetInfo("bench", c, side, side, 1, 1, List.of(), 0.05,
                    new io.featuredrop.data.InputStatistics(half, half), "random");
            for (String kind : kinds) {
                for (int batch : batches) {
                    System.out.printf("djl %s %dx%dx%d batch %d: %.3f steps/s%n", kind, c, side, side, batch, rate(kind, info, batch));
                }
            }
        }
        return 0;
    }

    private double rate(String kind, DatasetInfo info, int batch) {
        try (NDManager manager = NDManager.newBaseManager()) {
            EncoderTrainer enc = new EncoderTrainer(Models.encoder(new EncoderSpec(encoder, width, 128, false, true), info, manager, 0, WeightInit.fromWireName(init).orElseThrow()),
                    new SgdMomentum(manager, 0.03, 0.9, 1e-4), new NtXentLoss(0.07, NtXentForm.PAPER), manager, passes == 2);
            GeneratorTrainer gen = "viewmaker".equals(kind)
                    ? new GeneratorTrainer(Models.generator(new GeneratorSpec(genWidth, genBlocks, 0.05, false), info, manager, 0, WeightInit.fromWireName(init).orElseThrow()),
                            new AdamOptimizer(manager, 1e-3), manager)
                    : null;
            float[] x = new float[2 * batch * info.channels() * info.height() * info.width()];
            java.util.SplittableRandom r = new java.util.SplittableRandom(0);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble();
            }
            long t0 = 0;
            for (int s = 0; s < warmup + steps; s++) {
                if (s == warmup) {
                    if (profile != null) {
                        ai.djl.pytorch.jni.JniUtils.startProfile(false, true, false);
                    }
                    t0 = System.nanoTime();
                }
                try (NDManager step = manager.newSubManager()) {
                    NDArray input = io.featuredrop.model.OwnedArrays.of(step, x, new Shape(2L * batch, info.channels(), info.height(), info.width()));
                    NDArray views = gen == null ? input : gen.views(input, NoiseSource.seeded(s));
                    EncoderTrainer.Result res = enc.step(views, gen != null);
                    if (!res.ok()) {
                        System.out.println("  step " + s + ": " + res.failure() + "; rate not measured");
                        return Double.NaN;
                    }
                    if (gen != null) {
                        try {
                            gen.ascend(views, res.viewGradient());
                        } catch (io.featuredrop.train.NonFiniteGradient e) {
                            System.out.println("  step " + s + ": " + e.getMessage() + "; rate not measured");
                            return Double.NaN;
                        }
                    }
                }
            }
            double rate = steps / ((System.nanoTime() - t0) / 1e9);
            if (profile != null) {
                String file = String.format("%s-%s-%dx%d-%d.json", profile, kind, info.channels(), info.height(), batch);
                ai.djl.pytorch.jni.JniUtils.stopProfile(file);
                System.out.println("  profile: " + file);
            }
            enc.optimizer().close();
            if (gen != null) {
                gen.optimizer().close();
            }
            return rate;
        }
    }
}
