package io.featuredrop.probe;

import ai.djl.ndarray.NDManager;
import io.featuredrop.augment.ExpertViews;
import io.featuredrop.checkpoint.CheckpointRejected;
import io.featuredrop.checkpoint.CheckpointStore;
import io.featuredrop.checkpoint.GeneratorSnapshot;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.events.CheckpointKind;
import io.featuredrop.events.RunConfig;
import io.featuredrop.train.GeneratorTrainer;
import io.featuredrop.train.ViewRenderer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A run's views outside training, at a checkpoint step: the expert recipe, or the generator of
 * the run's GENERATOR checkpoint of that step (step 0: its seeded initial weights). The one place
 * the evaluator makes views, for label destruction and for view grids.
 */
public final class RunViews {

    private RunViews() {
    }

    /**
     * The run's renderer at {@code step}, or empty when a Viewmaker run has no generator checkpoint
     * of that step (after waiting up to {@code wait} for the augmenter to write it).
     */
    public static Optional<ViewRenderer> at(CheckpointStore store, RunConfig config, MultiTaskDataset dataset, long step, Duration wait,
                                            NDManager manager) throws CheckpointRejected {
        ExpertViews expert = ExpertViews.forDataset(dataset.info());
        if (!config.mode().usesViewmaker()) {
            return Optional.of(ViewRenderer.of(config.mode(), expert, null, manager));
        }
        GeneratorTrainer generator = GeneratorTrainer.forRun(config, dataset.info(), manager);
        if (step > 0) {
            Optional<byte[]> bytes = awaitGenerator(store, config.runId(), step, wait);
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            GeneratorSnapshot.restore(bytes.get(), generator);
        }
        return Optional.of(ViewRenderer.of(config.mode(), expert, generator, manager));
    }

    /**
     * The rows of a view grid of {@code n} test images: originals, two views (different draws), and
     * |view 1 - original| scaled by {@code deltaScale} so a small perturbation is visible.
     */
    public static List<float[]> gridRows(ViewRenderer views, float[] images, int n, int c, int h, int w, long seed, float deltaScale) {
        float[] v1 = views.render(images, n, c, h, w, seed);
        float[] v2 = views.render(images, n, c, h, w, seed + 1);
        float[] delta = new float[images.length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = Math.abs(v1[i] - images[i]) * deltaScale;
        }
        List<float[]> rows = new ArrayList<>();
        rows.add(images);
        rows.add(v1);
        rows.add(v2);
        rows.add(delta);
        return rows;
    }

    private static Optional<byte[]> awaitGenerator(CheckpointStore store, String runId, long step, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                Optional<byte[]> bytes = store.readStored(runId, CheckpointKind.GENERATOR, step);
                if (bytes.isPresent() || System.nanoTime() >= deadline) {
                    return bytes;
                }
                Thread.sleep(200);
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
