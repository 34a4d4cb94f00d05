package io.featuredrop.cli;

import io.featuredrop.cli.stack.LocalStack;
import io.featuredrop.cli.stack.ServiceSpec;
import io.featuredrop.topics.TopicCatalog;
import io.featuredrop.topics.TopicProvisioner;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the local stack: the broker (if not running), the topics, and the three services; wait until all are ready.")
final class UpCommand implements Callable<Integer> {

    @Mixin
    LocalOptions local = new LocalOptions();

    static LocalStack stack(LocalOptions local) {
        return new LocalStack(LocalOptions.repoRoot(), local.stateDir, LocalStack.DEFAULT_SERVICES);
    }

    /** Shared by up and demo. */
    static LocalStack bringUp(LocalOptions local) {
        LocalOptions.startedStacks().record(local.stateDir); // so that `down` finds it wherever it is
        if (!local.broker().status().running()) {
            local.broker().start(Duration.ofSeconds(90));
            System.out.println("broker started on " + local.bootstrap());
        } else {
            System.out.println("broker already running on " + local.bootstrap());
        }
        TopicProvisioner.ensureTopics(local.bootstrap(), TopicCatalog.DEFAULT_PARTITIONS);
        LocalStack stack = stack(local);
        long t0 = System.nanoTime();
        stack.start(local.bootstrap(), Duration.ofSeconds(120));
        for (ServiceSpec s : stack.services()) {
            System.out.printf("%-18s ready on %s (log %s)%n", s.name(), stack.baseUri(s), stack.logOf(s));
        }
        System.out.printf("stack up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return stack;
    }

    @Override
    public Integer call() {
        bringUp(local);
        return 0;
    }
}
