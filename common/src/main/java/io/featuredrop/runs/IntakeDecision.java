package io.featuredrop.runs;

import io.featuredrop.config.ConfigCheck;
import io.featuredrop.config.RunCommand;
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
        Optional<RunCommand> command = RunCommand.parse(record);
        if (command.isPresent()) {
            return decideCommand(command.get(), source, board, service);
        }
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

    /**
     * CANCEL of an unfinished run publishes CANCELLED (every service stops the run when it sees it);
     * a malformed command, or one for an unknown or finished run, goes to fd.dlq with the reason.
     */
    private static Verdict decideCommand(RunCommand command, String source, RunBoard board, String service) {
        if (command.problem() != null) {
            return new DeadLetter(command.problem());
        }
        Optional<RunView> known = board.get(command.runId());
        if (known.isEmpty()) {
            return new DeadLetter("cannot " + command.command() + " run '" + command.runId() + "': no such run");
        }
        if (known.get().state().isTerminal()) {
            return new DeadLetter("cannot " + command.command() + " run '" + command.runId() + "': it is already " + known.get().state());
        }
        return new Publish(RunStatus.of(command.runId(), RunState.CANCELLED, service, "cancelled by request"));
    }
}
