package io.featuredrop.system;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the hostile-record property tests share: the services under test on a real broker, a plain
 * Kafka producer that publishes whatever bytes it is given (as kcat would), and the log of answers.
 */
final class HostileTraffic implements AutoCloseable {

    final SystemStack system;
    final AnswerLog answers;
    private final KafkaProducer<String, byte[]> producer;

    private HostileTraffic(SystemStack system) {
        this.system = system;
        this.answers = new AnswerLog(system.broker.bootstrapServers());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 * 1024 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 80L * 1024 * 1024);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(p);
    }

    /** The broker and the named services, ready. */
    static HostileTraffic start(List<String> services) throws Exception {
        return new HostileTraffic(SystemStack.start(services));
    }

    /** Publishes one record as is and returns its position ({@code topic-partition@offset}), the key of its answers. */
    String publish(String topic, String key, byte[] value) throws Exception {
        RecordMetadata m = producer.send(new ProducerRecord<>(topic, key, value)).get();
        return m.topic() + "-" + m.partition() + "@" + m.offset();
    }

    @Override
    public void close() throws Exception {
        try {
            producer.close();
            answers.close();
        } finally {
            system.close();
        }
    }
}
