package io.featuredrop.runs;

import io.featuredrop.config.ConfigCheck;
import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.events.FieldError;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import java.util.List;
import java.util.Optional;

/**
 * The run-intake rule of DESIGN.md section 2, in one place: the stateless validator plus the
 * stateful rules against the board of decided runs. Exactly one status per fd.runs record:
 * a redelivered record (same source) gets none the second time.
 */
public final class IntakeDecision {

    /** What to do with one fd.runs record. */
    public sealed interface Verdict permits Publish, DeadLetter, AlreadyAnswered { }

    /** Publish this status (ACCEPTED or REJECTED), keyed by its runId. */
    public record Publish(RunStatus status) implements Verdict { }

    /** Not a config, or no usable runId to answer to: the original bytes go to fd.dlq with this reason. */
    public record DeadLetter(String reason) implements Verdict { }

    /** The same record was answered before (at-least-once redelivery): publish nothing. */
    public record AlreadyAnswered(RunStatus earlier) implements Verdict { }

    private IntakeDecision() {
    }

    public static Verdict decide(byte[] record, String source, RunBoard board, String service) {
        ConfigCheck check = RunConfigValidator.check(record);
        if (check.outcome() == ConfigCheck.Outcome.NOT_A_CONFIG) {
            return new DeadLetter(check.summary());
        }
        Optional<RunView> known = board.get(check.runId());
        if (known.isPresent() && source != null && source.equals(known.get().decisionSource())) {
            return new AlreadyAnswered(known.get().latest());
        }
        if (!check.valid()) {
            return new Publish(RunStatus.rejected(check.runId(), check.errors(), service));
        }
        if (known.isPresent() && known.get().state() != RunState.REJECTED) {
            return new Publish(RunStatus.rejected(check.runId(), List.of(new FieldError("runId",
                    "duplicate: run '" + check.runId() + "' was already accepted (now " + known.get().state()
                            + "); choose a new runId")), service));
        }
        return new Publish(RunStatus.accepted(check.config(), service));
    }
}
