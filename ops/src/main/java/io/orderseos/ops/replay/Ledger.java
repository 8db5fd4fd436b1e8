package io.orderseos.ops.replay;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The replay ledger: a compacted topic with one entry per replayed dead letter, keyed by the
 * letter's {@link Letter#id()}, written in the same transaction as the replayed record. So a letter
 * is in the ledger exactly when its replay is committed, and a later run, or a run after a crash,
 * skips it.
 *
 * <p>Only letters still in the dead-letter topic matter, so the entries read are kept as one bit per
 * offset of the topic's current range: memory in proportion to the dead-letter topic, not to the
 * ledger's history.
 */
final class Ledger {
    private final String topic;
    private final String dlqTopic;
    private final Map<Integer, Long> start;
    private final Map<Integer, BitSet> replayed = new HashMap<>();
    private long entries;

    /**
     * @param start each dead-letter partition's first offset; {@code end} its end
     */
    private Ledger(String topic, String dlqTopic, Map<Integer, Long> start, Map<Integer, Long> end) {
        this.topic = topic;
        this.dlqTopic = dlqTopic;
        this.start = start;
        start.forEach((partition, first) -> {
            long size = end.get(partition) - first;
            if (size > Integer.MAX_VALUE) {
                throw new IllegalStateException(dlqTopic + " partition " + partition + " holds " + size
                        + " letters: more than dlq-replay can track in one run");
            }
            replayed.put(partition, new BitSet((int) size));
        });
    }

    /** An empty ledger, for a topic that does not exist yet. */
    static Ledger empty(String topic, String dlqTopic, Map<Integer, Long> start, Map<Integer, Long> end) {
        return new Ledger(topic, dlqTopic, start, end);
    }

    /**
     * Reads every committed entry of {@code topic} with {@code consumer} ({@code read_committed}),
     * keeping those of letters in {@code dlqTopic} between {@code start} and {@code end}.
     *
     * @throws IllegalStateException if reading makes no progress for {@code timeout}
     */
    static Ledger read(
            Consumer<byte[], byte[]> consumer,
            String topic,
            String dlqTopic,
            Map<Integer, Long> start,
            Map<Integer, Long> end,
            Duration timeout) {
        Ledger ledger = new Ledger(topic, dlqTopic, start, end);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        Scan.read(
                consumer,
                partitions,
                timeout,
                record -> {
                    ledger.add(record);
                    return true;
                },
                passed -> {});
        return ledger;
    }

    /** Whether {@code letter}'s replay is committed. */
    boolean contains(Letter letter) {
        BitSet bits = replayed.get(letter.partition());
        long index = letter.offset() - start.getOrDefault(letter.partition(), 0L);
        return bits != null && index >= 0 && index < Integer.MAX_VALUE && bits.get((int) index);
    }

    /** How many entries the ledger held, for any topic and range. */
    long entries() {
        return entries;
    }

    /** The ledger entry for {@code letter}: its id, and its origin with the time of the replay. */
    ProducerRecord<byte[], byte[]> entry(Letter letter, Instant now) {
        return new ProducerRecord<>(
                topic, letter.id().getBytes(UTF_8), (letter.origin() + " replayedAt=" + now).getBytes(UTF_8));
    }

    private void add(ConsumerRecord<byte[], byte[]> record) {
        entries++;
        if (record.key() == null || record.value() == null) {
            return;
        }
        String id = new String(record.key(), UTF_8);
        int offsetAt = id.lastIndexOf('/');
        int partitionAt = id.lastIndexOf('/', offsetAt - 1);
        if (partitionAt <= 0 || !id.substring(0, partitionAt).equals(dlqTopic)) {
            return;
        }
        try {
            int partition = Integer.parseInt(id.substring(partitionAt + 1, offsetAt));
            long offset = Long.parseLong(id.substring(offsetAt + 1));
            BitSet bits = replayed.get(partition);
            long index = offset - start.getOrDefault(partition, 0L);
            if (bits != null && index >= 0 && index < Integer.MAX_VALUE) {
                bits.set((int) index);
            }
        } catch (NumberFormatException notOurs) {
            // an entry this tool did not write: it names no letter
        }
    }
}
