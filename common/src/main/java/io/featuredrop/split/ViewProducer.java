package io.featuredrop.split;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.featuredrop.augment.CpuViews;
import io.featuredrop.augment.ExpertViews;
import io.featuredrop.data.BatchSampler;
import io.featuredrop.data.ItemBatch;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.data.Split;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.ViewBatch;
import io.featuredrop.events.ViewGradient;
import io.featuredrop.model.NoiseSource;
import io.featuredrop.model.OwnedArrays;
import io.featuredrop.train.GeneratorTrainer;
import io.featuredrop.wire.FloatTensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The augmenter's half of one run (split learning, DESIGN.md section 2): the run's data order,
 * expert views and, in Viewmaker modes, the generator G and its optimiser. {@link #next} makes the
 * views of the next step exactly as the single-process trainer does (same items, overlays, expert
 * draws and seeded noise) and keeps G's graph; {@link #applyGradient} steps G on -sum(V * g) with
 * the trainer's g = dL/dV. With one batch in flight the graph is the one the views came from, so
 * the update equals the single-process one; with more in flight G has moved since, and the views
 * are recomputed with the same inputs and noise under the current weights (bounded staleness).
 */
public final class ViewProducer implements AutoCloseable {

    private record Pending(NDManager manager, float[] inputs, long noiseSeed, NDArray views, long generatorVersion) {
    }

    private final RunConfig config;
    private final MultiTaskDataset dataset;
    private final BatchSampler sampler;
    private final ExpertViews expert;
    private final NDManager manager;
    private final GeneratorTrainer generator;
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private long nextStep;
    private long generatorVersion;
    /** Steps whose gradient the generator has taken (its state pairs with the ENCODER checkpoint of this step). */
    private long generatorStep;
    /** The batch id of every batch of this stream ({@link ViewStreamId}). */
    private long streamId = ViewStreamId.next(0);
    /** The owner epoch stamped on every stream this producer starts ({@link ViewStreamId}). */
    private long ownerEpoch;

    public ViewProducer(RunConfig config, MultiTaskDataset dataset) {
        this.config = config;
        this.dataset = dataset;
        this.expert = ExpertViews.forDataset(dataset.info());
        this.sampler = new BatchSampler(config.seed(), dataset.size(Split.TRAIN), config.batchSize());
        this.manager = NDManager.newBaseManager();
        this.generator = config.mode().usesViewmaker() ? GeneratorTrainer.forRun(config, dataset.info(), manager) : null;
    }

    public boolean needsGradients() {
        return generator != null;
    }

    public long nextStep() {
        return nextStep;
    }

    /** The batch id of this stream's batches. */
    public long streamId() {
        return streamId;
    }

    /** Steps whose views are out and whose gradient has not come back (Viewmaker modes). */
    public int pendingGradients() {
        return pending.size();
    }

    /** Views of step {@link #nextStep()} as the event the trainer consumes; advances the step. */
    public ViewBatch next() {
        long step = nextStep;
        ItemBatch batch = ItemBatch.trainingStep(dataset, sampler, step);
        float[] inputs = CpuViews.twoViews(batch, config.mode(), expert, sampler, step);
        int n = batch.count();
        Shape shape = new Shape(2L * n, batch.channels(), batch.height(), batch.width());
        float[] values;
        if (generator == null) {
            values = inputs;
        } else {
            NDManager stepManager = manager.newSubManager();
            long noiseSeed = sampler.noiseSeed(step);
            NDArray views = generator.views(OwnedArrays.of(stepManager, inputs, shape), NoiseSource.seeded(noiseSeed));
            values = views.toFloatArray();
            pending.put(step, new Pending(stepManager, inputs, noiseSeed, views, generatorVersion));
        }
        int half = values.length / 2;
        long[] viewShape = {n, batch.channels(), batch.height(), batch.width()};
        long[] indices = Arrays.stream(batch.indices()).asLongStream().toArray();
        nextStep++;
        return new ViewBatch(config.runId(), step, streamId, indices, new FloatTensor(viewShape, Arrays.copyOfRange(values, 0, half)),
                new FloatTensor(viewShape, Arrays.copyOfRange(values, half, values.length)), config.wirePrecision());
    }

    /**
     * Steps G with the trainer's dL/dviews for a step whose views are pending.
     *
     * @throws io.featuredrop.train.NonFiniteGradient when that gradient or G's own is not finite (the run must fail)
     * @throws IllegalStateException when no views of that step are waiting (a stale or duplicate gradient)
     * @throws IllegalArgumentException when the gradient does not fit the views (its step stays pending)
     */
    public void applyGradient(ViewGradient gradient) {
        if (generator == null) {
            throw new IllegalStateException(config.runId() + " (" + config.mode().wireName() + ") takes no view gradients");
        }
        if (gradient.batchId() != streamId) {
            throw new IllegalStateException(config.runId() + ": gradient of step " + gradient.step() + " belongs to an earlier view stream");
        }
        Pending p = pending.get(gradient.step());
        if (p == null) {
            throw new IllegalStateException(config.runId() + ": no views of step " + gradient.step() + " wait for a gradient (pending: "
                    + pending.keySet() + ")");
        }
        int half = gradient.grad1().data().length;
        if (2L * half != p.views().size() || gradient.grad2().data().length != half) {
            // refused before the step is taken off the pending ones: a malformed gradient never uses up the real one's step
            throw new IllegalArgumentException("gradient of " + half + " + " + gradient.grad2().data().length
                    + " values for " + p.views().size() + " view values");
        }
        pending.remove(gradient.step());
        try (NDManager stepManager = p.manager()) {
            NDArray views = p.views();
            if (p.generatorVersion() != generatorVersion) {
                views = generator.views(OwnedArrays.of(stepManager, p.inputs(), views.getShape()), NoiseSource.seeded(p.noiseSeed()));
            }
            float[] g = new float[2 * half];
            System.arraycopy(gradient.grad1().data(), 0, g, 0, half);
            System.arraycopy(gradient.grad2().data(), 0, g, half, half);
            try {
                generator.ascend(views, OwnedArrays.of(stepManager, g, views.getShape()));
            } catch (io.featuredrop.train.NonFiniteGradient e) {
                throw new io.featuredrop.train.NonFiniteGradient("step " + gradient.step() + ": " + e.getMessage());
            }
            generatorVersion++;
            generatorStep = gradient.step() + 1;
        }
    }

    /** Steps whose gradient the generator has taken: the step its {@link #snapshot()} pairs with. */
    public long generatorStep() {
        return generatorStep;
    }

    /**
     * The generator's state as a GENERATOR checkpoint of step {@link #generatorStep()} (Viewmaker
     * modes): it pairs with the trainer's ENCODER checkpoint of that step.
     */
    public byte[] snapshot() {
        if (generator == null) {
            throw new IllegalStateException(config.runId() + " (" + config.mode().wireName() + ") has no generator to checkpoint");
        }
        return io.featuredrop.checkpoint.GeneratorSnapshot.encode(config, generator, generatorStep);
    }

    /**
     * Makes a freshly built producer continue from {@code step} (a resumed or rewound run): pending
     * views are dropped, and in Viewmaker modes the generator is restored from its checkpoint of
     * that step (step 0 needs none: the initial weights are a function of the seed).
     */
    public void rewind(long step, byte[] generatorCheckpoint) throws io.featuredrop.checkpoint.CheckpointRejected {
        pending.values().forEach(p -> p.manager().close());
        pending.clear();
        if (generator != null && step > 0) {
            if (generatorCheckpoint == null) {
                throw new io.featuredrop.checkpoint.CheckpointRejected("no generator checkpoint of step " + step);
            }
            long restored = io.featuredrop.checkpoint.GeneratorSnapshot.restore(generatorCheckpoint, generator);
            if (restored != step) {
                throw new io.featuredrop.checkpoint.CheckpointRejected("generator checkpoint holds step " + restored + ", not " + step);
            }
        }
        generatorVersion++;
        generatorStep = step;
        nextStep = step;
        streamId = ViewStreamId.next(step, ownerEpoch);
    }

    /**
     * Stamps this producer's streams with the streaming replica's owner epoch; the current stream gets
     * a new id, so call it before the first batch of a stream is sent.
     */
    public void ownerEpoch(long epoch) {
        ownerEpoch = epoch;
        streamId = ViewStreamId.next(nextStep, epoch);
    }

    public GeneratorTrainer generator() {
        return generator;
    }

    @Override
    public void close() {
        pending.values().forEach(p -> p.manager().close());
        pending.clear();
        if (generator != null) {
            generator.optimizer().close();
        }
        manager.close();
    }
}
