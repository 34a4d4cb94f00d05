package io.featuredrop.train;

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
import io.featuredrop.model.NoiseSource;

/**
 * A whole SimCLR run in one process: the correctness oracle and speed baseline for the
 * distributed services, which split exactly these calls between augmenter and trainer. Step order
 * (DESIGN.md section 2): one generator pass gives both views; the encoder computes L and, from the
 * same backward pass, g = dL/dV; the encoder steps; the generator steps on -sum(V * g).
 */
public final class LocalSimclrTrainer implements AutoCloseable {

    /**
     * Outcome of one step; {@code failure} is null unless something was not finite (the loss, a
     * gradient of the encoder or the generator, dL/dviews), then it says what and where NaN/Inf are.
     * No weight changed, except when only the generator's gradient failed: the encoder had stepped
     * by then. Either way the step is not counted and the run must stop.
     */
    public record StepResult(long step, float loss, String failure) {
        public boolean failed() {
            return failure != null;
        }

        /** This result, or an exception naming the step and what was not finite. */
        public StepResult requireOk() {
            if (failed()) {
                throw new IllegalStateException("step " + step + ": " + failure);
            }
            return this;
        }
    }

    private final RunConfig config;
    private final MultiTaskDataset dataset;
    private final BatchSampler sampler;
    private final ExpertViews expert;
    private final NDManager manager;
    private final EncoderTrainer encoderTrainer;
    private final GeneratorTrainer generatorTrainer;
    private long nextStep;

    public LocalSimclrTrainer(RunConfig config, MultiTaskDataset dataset) {
        this.config = config;
        this.dataset = dataset;
        this.expert = ExpertViews.forDataset(dataset.info());
        this.sampler = new BatchSampler(config.seed(), dataset.size(Split.TRAIN), config.batchSize());
        this.manager = NDManager.newBaseManager();
        this.encoderTrainer = EncoderTrainer.forRun(config, dataset.info(), manager);
        this.generatorTrainer = config.mode().usesViewmaker() ? GeneratorTrainer.forRun(config, dataset.info(), manager) : null;
    }

    /** Runs step {@link #nextStep()}; a non-finite loss is returned as is, with no weights changed. */
    public StepResult step() {
        long step = nextStep;
        ItemBatch batch = ItemBatch.trainingStep(dataset, sampler, step);
        float[] inputs = CpuViews.twoViews(batch, config.mode(), expert, sampler, step);
        try (NDManager stepManager = manager.newSubManager()) {
            NDArray x = io.featuredrop.model.OwnedArrays.of(stepManager, inputs, new Shape(2L * batch.count(), batch.channels(), batch.height(), batch.width()));
            NDArray views = x;
            if (generatorTrainer != null) {
                views = generatorTrainer.views(x, NoiseSource.seeded(sampler.noiseSeed(step)));
            }
            EncoderTrainer.Result result = encoderTrainer.step(views, generatorTrainer != null);
            if (!result.ok()) {
                return new StepResult(step, result.loss(), result.failure() + "; " + diagnose(views));
            }
            if (generatorTrainer != null) {
                try {
                    generatorTrainer.ascend(views, result.viewGradient());
                } catch (NonFiniteGradient e) {
                    // the encoder has stepped, the generator has not: the run ends here, its last checkpoint stays good
                    return new StepResult(step, result.loss(), e.getMessage() + "; " + diagnose(views));
                }
            }
            nextStep++;
            return new StepResult(step, result.loss(), null);
        }
    }

    /** Which arrays hold NaN/Inf (for the FAILED status of a run whose loss blew up). */
    private String diagnose(NDArray views) {
        return NonFinite.diagnose(views, encoderTrainer.encoder().getParameters(),
                generatorTrainer == null ? null : generatorTrainer.generator().getParameters());
    }

    public long nextStep() {
        return nextStep;
    }

    void restoreStep(long step) {
        this.nextStep = step;
    }

    public RunConfig config() {
        return config;
    }

    public MultiTaskDataset dataset() {
        return dataset;
    }

    public BatchSampler sampler() {
        return sampler;
    }

    public ExpertViews expert() {
        return expert;
    }

    public EncoderTrainer encoderTrainer() {
        return encoderTrainer;
    }

    /** Null unless the mode uses the Viewmaker. */
    public GeneratorTrainer generatorTrainer() {
        return generatorTrainer;
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        encoderTrainer.optimizer().close();
        if (generatorTrainer != null) {
            generatorTrainer.optimizer().close();
        }
        manager.close();
    }
}
