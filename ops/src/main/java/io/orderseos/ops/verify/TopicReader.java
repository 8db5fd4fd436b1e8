package io.orderseos.ops.verify;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic, every partition from its start to its end as of the call, without a consumer
 * group (nothing is committed, nothing rebalances). With {@code read_committed} the end is each
 * partition's last stable offset.
 */
final class TopicReader {
    private final Map<String, Object> clientConfig;
    private final Duration timeout;

    TopicReader(Map<String, Object> clientConfig, Duration timeout) {
        this.clientConfig = clientConfig;
        this.timeout = timeout;
    }

    /** Hands every record of {@code topic} to {@code sink}, partition by partition in offset order. */
    void read(String topic, IsolationLevel isolation, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            for (TopicPartition partition : partitions) {
                readPartition(consumer, partition, sink);
            }
        }
    }

    private void readPartition(
            KafkaConsumer<byte[], byte[]> consumer,
            TopicPartition partition,
            Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(partition, timeout) < end) {
            var records = consumer.poll(Duration.ofMillis(500));
            records.forEach(sink);
            if (!records.isEmpty()) {
                deadline = System.nanoTime() + timeout.toNanos();
            } else if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reading " + partition + " stalled at offset "
                        + consumer.position(partition) + " of " + end + " for " + timeout);
            }
        }
    }
}
