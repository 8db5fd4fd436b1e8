package io.orderseos.ops.replay;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.DeadLetters;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A dead letter read back from the dead-letter topic: where it is, what it says about the input
 * record it stands for (reason, provenance, truncation), and the replay of that record.
 */
final class Letter {
    /** The header a replayed record carries: which dead letter it came from, and that one's origin. */
    static final String ORIGIN = DeadLetters.REPLAY_ORIGIN;

    private static final String KAFKA_PREFIX = "__streams.errors.";
    private static final String OUR_PREFIX = "orders.dlq.";

    private final ConsumerRecord<byte[], byte[]> record;
    private final DeadLetterReason reason;
    private final String sourceTopic;
    private final int sourcePartition;
    private final long sourceOffset;
    private final String truncatedFrom;

    private Letter(
            ConsumerRecord<byte[], byte[]> record,
            DeadLetterReason reason,
            String sourceTopic,
            int sourcePartition,
            long sourceOffset,
            String truncatedFrom) {
        this.record = record;
        this.reason = reason;
        this.sourceTopic = sourceTopic;
        this.sourcePartition = sourcePartition;
        this.sourceOffset = sourceOffset;
        this.truncatedFrom = truncatedFrom;
    }

    /** Reads the headers of a dead letter; missing or garbled provenance leaves {@link #hasSource()} false. */
    static Letter of(ConsumerRecord<byte[], byte[]> record) {
        Headers headers = record.headers();
        DeadLetterReason reason = null;
        String reasonText = text(headers, DeadLetters.REASON);
        for (DeadLetterReason candidate : DeadLetterReason.values()) {
            if (candidate.name().equals(reasonText)) {
                reason = candidate;
            }
        }
        String topic = text(headers, DeadLetters.TOPIC);
        int partition = -1;
        long offset = -1;
        try {
            partition = Integer.parseInt(String.valueOf(text(headers, DeadLetters.PARTITION)));
            offset = Long.parseLong(String.valueOf(text(headers, DeadLetters.OFFSET)));
        } catch (NumberFormatException garbled) {
            topic = null;
        }
        if (partition < 0 || offset < 0) {
            topic = null;
        }
        return new Letter(record, reason, topic, partition, offset, text(headers, DeadLetters.TRUNCATED));
    }

    /** {@code <dlq topic>/<partition>/<offset>}: the letter's identity, the key of its ledger entry. */
    String id() {
        return id(record.topic(), record.partition(), record.offset());
    }

    static String id(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    int partition() {
        return record.partition();
    }

    long offset() {
        return record.offset();
    }

    /** The reason header's value, or null when it is missing or not one of the five. */
    DeadLetterReason reason() {
        return reason;
    }

    /** Whether the provenance headers name a topic, partition and offset. */
    boolean hasSource() {
        return sourceTopic != null;
    }

    String sourceTopic() {
        return sourceTopic;
    }

    int sourcePartition() {
        return sourcePartition;
    }

    long sourceOffset() {
        return sourceOffset;
    }

    /**
     * The original record's timestamp: the {@code orders.dlq.input.timestamp} header; on a letter
     * without it (written by 0.1.x, or of an input without a timestamp), the letter's own timestamp,
     * which 0.1.x gave the input's.
     */
    Instant timestamp() {
        return Instant.ofEpochMilli(inputTimestamp().orElse(record.timestamp()));
    }

    private Optional<Long> inputTimestamp() {
        Header header = record.headers().lastHeader(DeadLetters.INPUT_TIMESTAMP);
        if (header == null || header.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(new String(header.value(), UTF_8)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the record this letter stands for was itself a replay ({@link #ORIGIN} is among the
     * headers the app kept): the same original record, rejected again.
     */
    boolean failedAgain() {
        return record.headers().lastHeader(ORIGIN) != null;
    }

    /** Whether the value was cut at {@code orders.dlq.max.bytes}: such a letter cannot be replayed faithfully. */
    boolean truncated() {
        return truncatedFrom != null;
    }

    /** The original value's length as the truncation header gives it. */
    String originalLength() {
        return truncatedFrom;
    }

    /** The value of {@link #ORIGIN}: {@code dlq=<id> source=<topic/partition/offset> reason=<reason>}. */
    String origin() {
        return "dlq=" + id() + " source=" + (hasSource() ? id(sourceTopic, sourcePartition, sourceOffset) : "unknown")
                + " reason=" + (reason == null ? "unknown" : reason.name());
    }

    /**
     * The input record again: the original key and value bytes, the original timestamp, to the
     * partition it was read from (a {@code MISROUTED} one to the partition its key belongs to); its own headers without the dead letter's ({@code
     * __streams.errors.*}, {@code orders.dlq.*}), plus {@link #ORIGIN}. Replay headers of earlier
     * replays stay: the last {@link #ORIGIN} is the newest.
     */
    ProducerRecord<byte[], byte[]> replay(String inputTopic) {
        Headers headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(KAFKA_PREFIX) && !header.key().startsWith(OUR_PREFIX)) {
                headers.add(header);
            }
        }
        headers.add(ORIGIN, origin().getBytes(UTF_8));
        long original = timestamp().toEpochMilli();
        Long timestamp = original >= 0 ? original : null;
        // A MISROUTED record goes where Java's default partitioner puts its key, not back where it was.
        Integer partition = reason == DeadLetterReason.MISROUTED ? null : sourcePartition;
        return new ProducerRecord<>(inputTopic, partition, timestamp, record.key(), record.value(), headers);
    }

    /** One line for a person: where it is, where it came from, why, when, and its key. */
    String describe() {
        return String.format(
                "%s  source %s  %s  %s  key %s",
                id(),
                hasSource() ? id(sourceTopic, sourcePartition, sourceOffset) : "unknown",
                reason == null ? "(no reason)" : reason.name(),
                timestamp(),
                printable(record.key()));
    }

    private static String printable(byte[] key) {
        if (key == null) {
            return "(null)";
        }
        String text = new String(key, UTF_8);
        if (text.length() > 40 || text.chars().anyMatch(c -> Character.isISOControl(c) || c == '\uFFFD')) {
            return "(" + key.length + " bytes)";
        }
        return text;
    }

    private static String text(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
    }
}
