package io.featuredrop.cli;

import io.featuredrop.broker.BrokerStatus;
import io.featuredrop.broker.LocalKafkaBroker;
import io.featuredrop.topics.TopicCatalog;
import io.featuredrop.topics.TopicProvisioner;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "The local single-node Kafka (KRaft) broker on 127.0.0.1, run as its own JVM.",
        subcommands = {BrokerCommand.Start.class, BrokerCommand.Stop.class, BrokerCommand.Status.class})
final class BrokerCommand {

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Format storage on first use, start, wait until it answers, create the topics.")
    static final class Start implements Callable<Integer> {
        @Mixin
        LocalOptions local = new LocalOptions();

        @Option(names = "--partitions", defaultValue = "" + TopicCatalog.DEFAULT_PARTITIONS, description = "partitions per topic (default: ${DEFAULT-VALUE})")
        int partitions;

        @Override
        public Integer call() {
            LocalKafkaBroker broker = local.broker();
            LocalOptions.startedStacks().record(local.stateDir); // so that `down` finds it wherever it is
            long t0 = System.nanoTime();
            broker.start(Duration.ofSeconds(90));
            System.out.printf("broker started on %s in %.1f s (data %s, log %s)%n", broker.bootstrapServers(),
                    (System.nanoTime() - t0) / 1e9, broker.settings().dataDir().toAbsolutePath(),
                    broker.settings().dataDir().toAbsolutePath().resolve("logs/server.log"));
            TopicProvisioner.ensureTopics(broker.bootstrapServers(), partitions).forEach(l -> System.out.println("  " + l));
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the broker cleanly (SIGTERM, then SIGKILL after 60 s).")
    static final class Stop implements Callable<Integer> {
        @Mixin
        LocalOptions local = new LocalOptions();

        @Override
        public Integer call() {
            boolean stopped = local.broker().stop(Duration.ofSeconds(60));
            System.out.println(stopped ? "broker stopped" : "no broker was running for " + local.stateDir.resolve("broker").toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Is the broker of this state directory running and answering? Exit 0 if so, 3 if not.")
    static final class Status implements Callable<Integer> {
        @Mixin
        LocalOptions local = new LocalOptions();

        @Override
        public Integer call() {
            BrokerStatus s = local.broker().status();
            System.out.println(s);
            return s.running() ? 0 : 3;
        }
    }
}
