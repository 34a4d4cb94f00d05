package io.featuredrop.broker;

import java.nio.file.Path;

/** The broker's server.properties and log4j2 configuration, written into its data directory. */
final class BrokerConfigFiles {

    private BrokerConfigFiles() {
    }

    static String serverProperties(BrokerSettings s) {
        Path logDirs = s.dataDir().toAbsolutePath().resolve("kraft-logs");
        return String.join("\n",
                "# written by featuredrop; edits are overwritten on start",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + s.controllerPort(),
                // loopback only: the local default is PLAINTEXT
                "listeners=PLAINTEXT://127.0.0.1:" + s.port() + ",CONTROLLER://127.0.0.1:" + s.controllerPort(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + s.port(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDirs,
                // topics are created explicitly, with their own settings (see TopicCatalog)
                "auto.create.topics.enable=false",
                "num.partitions=1",
                "default.replication.factor=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=3",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "message.max.bytes=" + BrokerSettings.MAX_MESSAGE_BYTES,
                "replica.fetch.max.bytes=" + BrokerSettings.MAX_MESSAGE_BYTES,
                "socket.request.max.bytes=" + (2 * BrokerSettings.MAX_MESSAGE_BYTES),
                "num.network.threads=2",
                "num.io.threads=2",
                "background.threads=2",
                "log.retention.hours=168",
                "") ;
    }

    static String log4jProperties(Path logDir) {
        String file = logDir.toAbsolutePath().resolve("server.log").toString();
        return String.join("\n",
                "status = warn",
                "appender.file.type = RollingFile",
                "appender.file.name = file",
                "appender.file.fileName = " + file,
                "appender.file.filePattern = " + file + ".%i",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "appender.file.policies.type = Policies",
                "appender.file.policies.size.type = SizeBasedTriggeringPolicy",
                "appender.file.policies.size.size = 50MB",
                "appender.file.strategy.type = DefaultRolloverStrategy",
                "appender.file.strategy.max = 3",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file",
                "");
    }
}
