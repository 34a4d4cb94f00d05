package io.featuredrop.runs;

import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs a service knows, folded from {@code fd.run-status} records in order and the PROGRESS
 * records of {@code fd.run-progress} (event sourcing: a restarted service replays both and has the
 * same board), with each run's loss history.
 * Thread-safe.
 */
public final class RunBoard {

    private final Map<String, RunView> runs = new ConcurrentHashMap<>();
    private final LossHistory losses = new LossHistory();

    /**
     * Folds one status in.
     *
     * @param source for intake decisions (ACCEPTED/REJECTED), the fd.runs record they answer; may be null
     */
    public void apply(RunStatus s, String source) {
        losses.accept(s);
        runs.compute(s.runId(), (id, old) -> {
            if (s.state() == RunState.REJECTED && old != null && old.state() != RunState.REJECTED) {
                return old; // rejects a later duplicate submission, not the accepted run
            }
            if (s.state() == RunState.ACCEPTED && old != null && old.config() == null && old.latest().state() == RunState.PROGRESS) {
                // progress and lifecycle come on two topics: steps folded before the run's ACCEPTED stay
                return new RunView(id, s.config(), RunState.RUNNING, old.latest(), source);
            }
            if (s.state() == RunState.ACCEPTED || s.state() == RunState.REJECTED) {
                // an intake decision starts (or, after a REJECTED, restarts) the run's story
                return new RunView(id, s.config(), s.state(), s, source);
            }
            if (old == null) {
                return new RunView(id, null, s.state(), s, null); // status of a run decided before our history
            }
            if (old.state().isTerminal()) {
                return old; // the first end of a run is its end (e.g. a step still in flight when it was CANCELLED)
            }
            RunState state = s.state() == RunState.REWIND ? old.state()
                    : s.state() == RunState.PROGRESS ? old.state() == RunState.ACCEPTED ? RunState.RUNNING : old.state() : s.state();
            return new RunView(id, old.config(), state, s, old.decisionSource());
        });
    }

    public Optional<RunView> get(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    public List<RunView> all() {
        List<RunView> list = new ArrayList<>(runs.values());
        list.sort((a, b) -> a.runId().compareTo(b.runId()));
        return list;
    }

    /** Each run's loss over steps, bounded (see {@link LossHistory}). */
    public LossHistory losses() {
        return losses;
    }

    public long count(RunState state) {
        return runs.values().stream().filter(r -> r.state() == state).count();
    }
}
