package io.featuredrop.cli;

import io.featuredrop.broker.BrokerException;
import io.featuredrop.broker.BrokerStatus;
import io.featuredrop.broker.LocalKafkaBroker;
import io.featuredrop.cli.stack.LocalStack;
import io.featuredrop.cli.stack.ServiceSpec;
import io.featuredrop.cli.stack.StartedStacks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Stop every local stack the CLI started (services and broker): the default state directory, its demo "
                + "directory (`demo --keep`), and every state directory `up`, `demo` or `broker start` recorded; says what it found where.",
                "With an explicit --state-dir, only that one.",
                "Exit 0 when everything found was stopped (or nothing was running), 1 if something could not be stopped."})
final class DownCommand implements Callable<Integer> {

    @Mixin
    LocalOptions local = new LocalOptions();

    @Spec
    CommandSpec spec;

    /** What one state directory held and whether all of it is stopped now. */
    record Outcome(Path stateDir, boolean foundRunning, boolean allStopped) {
    }

    /** Stops the stack of {@code local.stateDir} (the demo's own stop). */
    static void bringDown(LocalOptions local) {
        Outcome outcome = bringDown(local, local.stateDir, System.out::println);
        if (outcome.allStopped()) {
            LocalOptions.startedStacks().forget(List.of(outcome.stateDir()));
        }
    }

    /** Stops the services, then the broker, of one state directory; each line says what was found and what was stopped. */
    static Outcome bringDown(LocalOptions local, Path stateDir, Consumer<String> out) {
        Path dir = stateDir.toAbsolutePath().normalize();
        LocalStack stack = new LocalStack(LocalOptions.repoRoot(), dir, LocalStack.DEFAULT_SERVICES);
        LocalKafkaBroker broker = local.brokerIn(dir);
        List<String> found = new ArrayList<>();
        for (ServiceSpec s : stack.services()) {
            stack.pidOf(s).ifPresent(h -> found.add(s.name() + " (pid " + h.pid() + ")"));
        }
        BrokerStatus brokerStatus = broker.status();
        if (brokerStatus.pid() > 0) { // alive, answering or not
            found.add("broker (pid " + brokerStatus.pid() + ", 127.0.0.1:" + brokerStatus.port() + ")");
        }
        if (found.isEmpty()) {
            return new Outcome(dir, false, true);
        }
        out.accept("stack in " + dir + ": " + String.join(", ", found));
        boolean allStopped = true;
        for (LocalStack.ServiceStop stop : stack.stop(Duration.ofSeconds(30))) {
            out.accept("  " + stop + (stop.stopped() ? "" : "; log " + stack.logOf(stack.services().stream()
                    .filter(s -> s.name().equals(stop.service())).findFirst().orElseThrow())));
            allStopped &= stop.stopped();
        }
        if (brokerStatus.pid() > 0) {
            try {
                broker.stop(Duration.ofSeconds(60));
                out.accept("  stopped broker (pid " + brokerStatus.pid() + ")");
            } catch (BrokerException e) {
                out.accept("  could not stop the broker: " + e.getMessage() + "; log " + dir.resolve("broker/logs/server.log"));
                allStopped = false;
            }
        }
        return new Outcome(dir, true, allStopped);
    }

    @Override
    public Integer call() {
        StartedStacks started = LocalOptions.startedStacks();
        boolean onlyThisOne = spec.commandLine().getParseResult().hasMatchedOption("--state-dir");
        List<Path> dirs = onlyThisOne ? List.of(local.stateDir.toAbsolutePath().normalize())
                : StartedStacks.toSearch(LocalOptions.defaultStateDir(), started.recorded());
        List<Outcome> outcomes = new ArrayList<>();
        for (Path dir : dirs) {
            outcomes.add(bringDown(local, dir, System.out::println));
        }
        started.forget(outcomes.stream().filter(Outcome::allStopped).map(Outcome::stateDir).toList());
        List<String> looked = dirs.stream().map(Path::toString).toList();
        long stacks = outcomes.stream().filter(Outcome::foundRunning).count();
        if (stacks == 0) {
            System.out.println("nothing running; looked in " + String.join(", ", looked)
                    + (onlyThisOne ? "" : " (the default state directory, its demo directory and the stacks recorded in " + started.file().toAbsolutePath() + ")"));
            return 0;
        }
        List<String> left = outcomes.stream().filter(o -> !o.allStopped()).map(o -> o.stateDir().toString()).toList();
        if (!left.isEmpty()) {
            System.out.println("something is still running in " + String.join(", ", left) + " (see above)");
            return 1;
        }
        System.out.println("stopped " + stacks + (stacks == 1 ? " stack" : " stacks") + "; nothing running in " + String.join(", ", looked));
        return 0;
    }
}
