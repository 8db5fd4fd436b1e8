package io.orderseos.ops.replay;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads partitions from their first offset to the end they had when the scan began, record by
 * record, without keeping them: the end is the last stable offset for a {@code read_committed}
 * consumer, so a transaction still open is not waited for, and records written after the start are
 * left for the next run. It fails when a poll brings no progress for the timeout, never hangs.
 */
final class Scan {
    private static final Duration POLL = Duration.ofMillis(200);

    /** What to do with each record; false stops the scan. */
    interface Visitor {
        boolean visit(ConsumerRecord<byte[], byte[]> record);
    }

    /** Where each partition begins and ends now. */
    record Range(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
        long size() {
            return end.entrySet().stream()
                    .mapToLong(e -> e.getValue() - start.get(e.getKey()))
                    .sum();
        }
    }

    private Scan() {}

    static Range range(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Duration timeout) {
        return new Range(consumer.beginningOffsets(partitions, timeout), consumer.endOffsets(partitions, timeout));
    }

    /** Reads {@code partitions} from their start to their end now. */
    static void read(
            Consumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions,
            Duration timeout,
            Visitor visitor,
            LongConsumer progress) {
        read(consumer, range(consumer, partitions, timeout), timeout, visitor, progress);
    }

    /**
     * Reads every partition of {@code range} from its start to its end, giving {@code visitor} each
     * record and {@code progress} the number of offsets passed so far.
     *
     * @throws IllegalStateException if a poll brings no progress for {@code timeout}
     */
    static void read(
            Consumer<byte[], byte[]> consumer, Range range, Duration timeout, Visitor visitor, LongConsumer progress) {
        List<TopicPartition> partitions = List.copyOf(range.end().keySet());
        consumer.assign(partitions);
        partitions.forEach(tp -> consumer.seek(tp, range.start().get(tp)));
        long passed = 0;
        long lastProgress = System.nanoTime();
        while (true) {
            long position = 0;
            boolean done = true;
            for (TopicPartition tp : partitions) {
                long at = Math.min(consumer.position(tp, timeout), range.end().get(tp));
                position += at - range.start().get(tp);
                if (at >= range.end().get(tp)) {
                    consumer.pause(List.of(tp)); // what comes after the end is for the next run
                } else {
                    done = false;
                }
            }
            if (position > passed) {
                passed = position;
                lastProgress = System.nanoTime();
            }
            progress.accept(passed);
            if (done) {
                return;
            }
            if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                throw new IllegalStateException(
                        "no progress reading " + partitions.get(0).topic() + " for " + timeout.toSeconds() + " s (at "
                                + passed + " of " + range.size() + ")");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < range.end().get(tp) && !visitor.visit(record)) {
                    return;
                }
            }
        }
    }
}
