package io.featuredrop.split;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.featuredrop.data.DatasetInfo;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.ViewBatch;
import io.featuredrop.events.ViewGradient;
import io.featuredrop.train.EncoderTrainer;
import io.featuredrop.wire.FloatTensor;

import java.util.Arrays;

/**
 * The trainer's half of one run: the encoder f and its optimiser. {@link #train} takes the views
 * of exactly the next step (a redelivered or older batch is a duplicate and trains nothing; a later
 * one is out of order and refused), runs the SimCLR step, and returns the loss and, in Viewmaker
 * modes, dL/dviews for the augmenter.
 */
public final class EncoderSide implements AutoCloseable {

    /**
     * One trained batch, or one refused because something was not finite: then {@code failure} says
     * what and where NaN/Inf are, and no weight changed. {@code gradient} is null outside Viewmaker
     * modes and on failure.
     */
    public record Outcome(long step, float loss, ViewGradient gradient, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /** Why a batch was not trained. */
    public static final class BatchRefused extends Exception {
        private final boolean duplicate;

        BatchRefused(String message, boolean duplicate) {
            super(message);
            this.duplicate = duplicate;
        }

        /** True for a batch already trained (at-least-once redelivery): safe to skip. */
        public boolean duplicate() {
            return duplicate;
        }
    }

    private final RunConfig config;
    private final DatasetInfo data;
    private final NDManager manager;
    private final EncoderTrainer trainer;
    private long nextStep;

    public EncoderSide(RunConfig config, DatasetInfo data) {
        this.config = config;
        this.data = data;
        this.manager = NDManager.newBaseManager();
        this.trainer = EncoderTrainer.forRun(config, data, manager);
    }

    public long nextStep() {
        return nextStep;
    }

    public Outcome train(ViewBatch batch) throws BatchRefused {
        if (!batch.runId().equals(config.runId())) {
            throw new BatchRefused("batch of run " + batch.runId() + " sent to run " + config.runId(), false);
        }
        if (batch.step() < nextStep) {
            throw new BatchRefused("step " + batch.step() + " already trained (next is " + nextStep + ")", true);
        }
        if (batch.step() > nextStep) {
            throw new BatchRefused("step " + batch.step() + " arrived before step " + nextStep, false);
        }
        long[] shape = batch.view1().shape();
        long[] expected = {config.batchSize(), data.channels(), data.height(), data.width()};
        if (!Arrays.equals(shape, expected)) {
            throw new BatchRefused("views of shape " + Arrays.toString(shape) + ", run expects " + Arrays.toString(expected), false);
        }
        int half = batch.view1().data().length;
        float[] values = new float[2 * half];
        System.arraycopy(batch.view1().data(), 0, values, 0, half);
        System.arraycopy(batch.view2().data(), 0, values, half, half);
        try (NDManager stepManager = manager.newSubManager()) {
            NDArray views = io.featuredrop.model.OwnedArrays.of(stepManager, values, new Shape(2 * shape[0], shape[1], shape[2], shape[3]));
            boolean viewmaker = config.mode().usesViewmaker();
            EncoderTrainer.Result r = trainer.step(views, viewmaker);
            if (!r.ok()) {
                return new Outcome(batch.step(), r.loss(), null,
                        r.failure() + "; " + io.featuredrop.train.NonFinite.diagnose(views, trainer.encoder().getParameters(), null));
            }
            nextStep++;
            ViewGradient gradient = null;
            if (viewmaker) {
                float[] g = r.viewGradient().toFloatArray();
                gradient = new ViewGradient(config.runId(), batch.step(), batch.batchId(), r.loss(),
                        new FloatTensor(shape, Arrays.copyOfRange(g, 0, half)), new FloatTensor(shape, Arrays.copyOfRange(g, half, g.length)),
                        config.wirePrecision());
            }
            return new Outcome(batch.step(), r.loss(), gradient, null);
        }
    }

    /** The run's state at the current step boundary as the bytes of an {@code ENCODER} checkpoint. */
    public byte[] snapshot() {
        return io.featuredrop.checkpoint.EncoderSnapshot.encode(config, trainer, nextStep);
    }

    /** Continues from a checkpoint written by {@link #snapshot()} (a restarted trainer). */
    public void restore(byte[] checkpoint) throws io.featuredrop.checkpoint.CheckpointRejected {
        nextStep = io.featuredrop.checkpoint.EncoderSnapshot.restore(checkpoint, trainer);
    }

    public EncoderTrainer trainer() {
        return trainer;
    }

    @Override
    public void close() {
        trainer.optimizer().close();
        manager.close();
    }
}
