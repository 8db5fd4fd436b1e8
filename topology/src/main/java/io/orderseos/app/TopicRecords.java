package io.orderseos.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a whole topic: every partition from its beginning to its end as the consumer's isolation
 * level sees it (the last stable offset for {@code read_committed}, so records of a transaction
 * still open are not waited for; see {@link TopicOffsets}). What tests, the local summary and
 * verifiers hold against what was sent, in one place.
 */
public final class TopicRecords {
    private static final Duration POLL = Duration.ofMillis(100);

    private TopicRecords() {}

    /**
     * Every record of {@code topic}, each partition in offset order, read with {@code consumer}
     * (which this assigns to the topic's partitions).
     *
     * @throws IllegalStateException if the end is not reached within {@code timeout}
     */
    public static <K, V> List<ConsumerRecord<K, V>> readToEnd(Consumer<K, V> consumer, String topic, Duration timeout) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("did not read " + topic + " to its end " + end + " within " + timeout);
            }
            consumer.poll(POLL).forEach(records::add);
        }
        return records;
    }
}
