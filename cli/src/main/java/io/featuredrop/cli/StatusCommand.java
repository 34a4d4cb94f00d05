package io.featuredrop.cli;

import io.featuredrop.cli.stack.LocalStack;
import io.featuredrop.cli.stack.ServiceSpec;
import io.featuredrop.cli.stack.StartedStacks;
import io.featuredrop.runs.RunBoard;
import io.featuredrop.runs.RunView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"The readiness of each local service (GET /q/health/ready; why, when DOWN; where its log is), "
                + "then the runs, their state and step, folded from fd.run-status (lifecycle) and fd.run-progress (steps)."})
final class StatusCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "RUN_ID", description = "only this run")
    String runId;

    @Option(names = "--bootstrap", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrap;

    @Override
    public Integer call() {
        System.out.println(StatusTable.renderServices(services()));
        System.out.println();
        RunBoard board;
        try {
            board = KafkaIo.readBoard(bootstrap);
        } catch (RuntimeException e) {
            System.out.println("runs: cannot read fd.run-status from " + bootstrap + " (" + e.getMessage() + "); is the broker up?");
            return 1;
        }
        List<RunView> runs = runId == null ? board.all() : board.get(runId).map(List::of).orElse(List.of());
        if (runs.isEmpty()) {
            System.out.println(runId == null ? "no runs yet" : "no run " + runId);
            return runId == null ? 0 : 3;
        }
        System.out.println(StatusTable.render(runs));
        return 0;
    }

    /** Each service on its local port; its process and log looked up in the state directories `down` would search. */
    static List<StatusTable.ServiceRow> services() {
        List<Path> dirs = StartedStacks.toSearch(LocalOptions.defaultStateDir(), LocalOptions.startedStacks().recorded());
        List<LocalStack> stacks = dirs.stream().map(d -> new LocalStack(LocalOptions.repoRoot(), d, LocalStack.DEFAULT_SERVICES)).toList();
        List<StatusTable.ServiceRow> rows = new ArrayList<>();
        for (ServiceSpec s : LocalStack.DEFAULT_SERVICES) {
            Optional<LocalStack> running = stacks.stream().filter(st -> st.pidOf(s).isPresent()).findFirst();
            OptionalLong pid = running.map(st -> OptionalLong.of(st.pidOf(s).orElseThrow().pid())).orElse(OptionalLong.empty());
            Optional<Path> log = running.map(st -> st.logOf(s)).or(() -> newestLog(stacks, s));
            LocalStack probe = running.orElse(stacks.get(0));
            rows.add(StatusTable.serviceRow(s.name(), probe.baseUri(s).toString(), probe.readiness(s), pid, log, dirs));
        }
        return rows;
    }

    private static Optional<Path> newestLog(List<LocalStack> stacks, ServiceSpec s) {
        List<Path> logs = new ArrayList<>();
        for (LocalStack st : stacks) {
            if (Files.isRegularFile(st.logOf(s))) {
                logs.add(st.logOf(s));
            }
        }
        return logs.stream().max(Comparator.comparing(p -> p.toFile().lastModified()));
    }
}
