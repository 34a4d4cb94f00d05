package io.featuredrop.augmenter.intake;

import io.featuredrop.augmenter.streaming.PartitionsGained;
import io.featuredrop.augmenter.streaming.StreamsOwnership;
import io.featuredrop.augmenter.streaming.ViewStreaming;
import io.featuredrop.runs.RunView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import org.jboss.logging.Logger;

/**
 * Nothing lost when an augmenter replica starts, stops or dies: once the run registry has caught
 * up, every accepted, unfinished run of the partitions this replica has just been given continues
 * from the newest step the store holds a checkpoint pair for (ENCODER, and GENERATOR in Viewmaker
 * modes); a REWIND status tells the trainer to continue from the same step.
 */
@ApplicationScoped
public class RunResumption {

    private static final Logger LOG = Logger.getLogger(RunResumption.class);

    private final StatusHistory history;
    private final ViewStreaming streaming;
    private final StreamsOwnership ownership;

    public RunResumption(StatusHistory history, ViewStreaming streaming,
                         @io.smallrye.common.annotation.Identifier(StreamsOwnership.NAME) StreamsOwnership ownership) {
        this.history = history;
        this.streaming = streaming;
        this.ownership = ownership;
    }

    void onGained(@ObservesAsync PartitionsGained gained) {
        try {
            history.awaitCaughtUp();
            for (RunView run : history.board().all()) {
                if (run.config() != null && !run.state().isTerminal() && ownership.ownership().inPartitions(run.runId(), gained.partitions())) {
                    streaming.resume(run.config(), "partition " + gained.partitions() + " assigned to this augmenter");
                }
            }
        } catch (Exception e) {
            LOG.errorf(e, "resuming the unfinished runs of partitions %s failed", gained.partitions());
        }
    }
}
