package io.featuredrop.augmenter.intake;

import io.featuredrop.augmenter.streaming.ViewStreaming;
import io.featuredrop.checkpoint.CheckpointStore;
import io.featuredrop.events.RunStatus;
import io.featuredrop.runs.RunView;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Nothing lost when the augmenter restarts: once the run registry has caught up, every accepted,
 * unfinished run continues from the newest step the store holds a checkpoint pair for (ENCODER, and
 * GENERATOR in Viewmaker modes); a REWIND status tells the trainer to continue from the same step.
 */
@ApplicationScoped
public class RunResumption {

    private static final Logger LOG = Logger.getLogger(RunResumption.class);

    private final StatusHistory history;
    private final StatusPublisher statuses;
    private final ViewStreaming streaming;
    private final CheckpointStore store;

    public RunResumption(StatusHistory history, StatusPublisher statuses, ViewStreaming streaming, CheckpointStore store) {
        this.history = history;
        this.statuses = statuses;
        this.streaming = streaming;
        this.store = store;
    }

    void onStart(@Observes StartupEvent start) {
        Thread t = new Thread(this::resumeUnfinished, "featuredrop-resume");
        t.setDaemon(true);
        t.start();
    }

    private void resumeUnfinished() {
        try {
            history.awaitCaughtUp();
            for (RunView run : history.board().all()) {
                if (run.config() == null || run.state().isTerminal()) {
                    continue;
                }
                long step = store.resumePoint(run.runId(), run.config().mode().usesViewmaker());
                String reason = "augmenter restarted; continuing from step " + step + " (newest checkpoint pair)";
                LOG.infof("run %s: %s", run.runId(), reason);
                statuses.publish(RunStatus.rewind(run.runId(), RunIntake.SERVICE, step, reason), null);
                streaming.rewind(run.config(), step);
            }
        } catch (Exception e) {
            LOG.errorf(e, "resuming unfinished runs failed");
        }
    }
}
