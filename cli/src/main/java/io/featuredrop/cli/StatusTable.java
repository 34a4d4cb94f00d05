package io.featuredrop.cli;

import io.featuredrop.cli.stack.LocalStack;
import io.featuredrop.runs.RunView;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Services and runs as fixed-width tables for the terminal. */
final class StatusTable {

    private StatusTable() {
    }

    /** One service of the local stack: READY is UP, DOWN, "not running" or "unreachable"; DETAIL says why and where its log is. */
    record ServiceRow(String service, String ready, String detail) {
    }

    /**
     * The row of one service from what was seen: its readiness answer (empty when nothing answered on
     * its port), the pid of its live process in one of the state directories, and its newest log.
     */
    static ServiceRow serviceRow(String service, String uri, Optional<LocalStack.HttpAnswer> answer, OptionalLong pid,
                                 Optional<Path> log, List<Path> lookedIn) {
        String where = log.map(l -> "log " + l).orElse("no log in " + joined(lookedIn));
        String process = pid.isPresent() ? "pid " + pid.getAsLong() : "not started from " + joined(lookedIn);
        if (answer.isPresent()) {
            ReadinessReport r = ReadinessReport.parse(answer.get().status(), answer.get().body());
            return r.up() ? new ServiceRow(service, "UP", uri + " (" + process + "), " + where)
                    : new ServiceRow(service, "DOWN", r.summary() + "; " + where);
        }
        if (pid.isPresent()) {
            return new ServiceRow(service, "unreachable", process + " is alive but nothing answers on " + uri + "; " + where);
        }
        return new ServiceRow(service, "not running", "no process in " + joined(lookedIn) + ", nothing on " + uri
                + log.map(l -> "; last log " + l).orElse(""));
    }

    private static String joined(List<Path> dirs) {
        return String.join(", ", dirs.stream().map(Path::toString).toList());
    }

    static String renderServices(List<ServiceRow> rows) {
        StringBuilder sb = new StringBuilder(String.format("%-18s %-12s %s%n", "SERVICE", "READY", "DETAIL"));
        for (ServiceRow r : rows) {
            sb.append(String.format("%-18s %-12s %s%n", r.service(), r.ready(), r.detail()));
        }
        return sb.toString().stripTrailing();
    }

    static String render(List<RunView> runs) {
        // as wide as the longest id (sweep cells are named <sweep>-<dataset>-<mode>-s<seed>), at least 40
        String row = "%-" + runs.stream().mapToInt(r -> r.runId().length()).reduce(40, Math::max) + "s %-10s %-22s %-17s %9s  %s%n";
        StringBuilder sb = new StringBuilder(String.format(row, "RUN", "STATE", "DATASET", "MODE", "STEPS", "DETAIL"));
        for (RunView r : runs) {
            String dataset = r.config() == null ? "-" : r.config().dataset();
            String mode = r.config() == null ? "-" : r.config().mode().wireName();
            long done = r.state() == io.featuredrop.events.RunState.COMPLETED && r.config() != null ? r.config().steps()
                    : r.latest().step() == null ? 0 : r.latest().step();
            String steps = r.config() == null ? "-" : done + "/" + r.config().steps();
            String detail = r.latest().reason() != null ? r.latest().reason()
                    : r.latest().loss() != null ? String.format("loss %.4f, %.2f steps/s", r.latest().loss(),
                            r.latest().stepsPerSecond() == null ? 0.0 : r.latest().stepsPerSecond()) : "";
            sb.append(String.format(row, r.runId(), r.state(), dataset, mode, steps, detail));
        }
        return sb.toString().stripTrailing();
    }
}
