package io.orderseos.deadletter;

import io.orderseos.time.FutureTimestamps;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Builds dead-letter records: the original key and value bytes, byte-identical (a value over the
 * cap is truncated and flagged), the input record's own headers, then the provenance headers of
 * Kafka's dead-letter support (KIP-1034) and this project's reason and detail.
 *
 * <p>Input headers that claim to be provenance ({@code __streams.errors.*}, {@code orders.dlq.*})
 * are dropped: a producer must not be able to forge why or where a record failed.
 *
 * <p><b>Always sendable.</b> A dead letter the producer refuses ({@code RecordTooLargeException})
 * would stop the stream thread, and the record would fail the same way after every restart. So a
 * dead letter never exceeds the producer's {@code max.request.size}: the provenance headers are
 * abbreviated so that they, with the record's framing, take at most {@link #HEADROOM} bytes; the
 * value is cut to {@code orders.dlq.max.bytes}, which the configuration keeps at least {@link
 * #HEADROOM} below {@code max.request.size}. What is left holds the key and then the input's own
 * headers. A key too long for it (only a hostile one: an orderId has at most 256 characters) is cut
 * and flagged with {@link #KEY_TRUNCATED}; input headers that do not fit are left out, counted in
 * {@link #HEADERS_DROPPED}. Its timestamp is the record's, unless that is negative or further in the
 * future than a broker accepts ({@link FutureTimestamps}).
 */
public final class DeadLetters {
    // Kafka's KIP-1034 header names (ExceptionHandlerUtils, an internal class; a test pins them).
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String STACKTRACE = "__streams.errors.stacktrace";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";

    /**
     * On a record {@code dlq-replay} sent back to the input: the dead letter it replays. Dedup lets
     * such a record through although its event ID is remembered, so that an event rejected as an
     * illegal transition can be applied once its order can take it (a plain copy is still a
     * duplicate). A producer that forges it gains nothing: the state machine takes each step once.
     */
    public static final String REPLAY_ORIGIN = "orders.replay.origin";

    /** One of {@link DeadLetterReason}. */
    public static final String REASON = "orders.dlq.reason";
    /** What exactly is wrong, for a person. */
    public static final String DETAIL = "orders.dlq.detail";
    /** Present only on a truncated value: the original value's length in bytes. */
    public static final String TRUNCATED = "orders.dlq.truncated";
    /** Present only on a truncated key: the original key's length in bytes. */
    public static final String KEY_TRUNCATED = "orders.dlq.key.truncated";
    /** Present only when some of the input's own headers did not fit: how many were left out. */
    public static final String HEADERS_DROPPED = "orders.dlq.headers.dropped";
    /**
     * The input record's timestamp (epoch milliseconds), the one {@code dlq-replay} gives the record
     * back; absent if it had none. The letter's own timestamp is its append time on a dead-letter
     * topic with {@code message.timestamp.type=LogAppendTime}, so that retention counts from when
     * the letter was written, not from an input stamped long ago.
     */
    public static final String INPUT_TIMESTAMP = "orders.dlq.input.timestamp";

    /**
     * Bytes of a dead letter that are neither its value, its key nor the input's headers: the
     * provenance headers (each abbreviated, see below) and Kafka's record and batch framing. A test
     * builds the largest possible provenance and checks that it fits.
     */
    public static final int HEADROOM = 64 * 1024;

    static final int MAX_DETAIL_CHARS = 1_000;
    static final int MAX_MESSAGE_CHARS = 1_000;
    static final int MAX_STACKTRACE_CHARS = 8_000;
    static final int MAX_EXCEPTION_CHARS = 256;

    private static final String KAFKA_PREFIX = "__streams.errors.";
    private static final String OUR_PREFIX = "orders.dlq.";
    // The longest length varint of a header's key or value in Kafka's record format.
    private static final int VARINT = 5;

    private final String topic;
    private final int maxValueBytes;
    private final int maxRecordBytes;
    private final FutureTimestamps future;

    /**
     * @param maxValueBytes values longer than this are cut to it ({@code orders.dlq.max.bytes})
     * @param maxRecordBytes no dead letter is larger than this (the producer's {@code max.request.size})
     */
    public DeadLetters(String topic, int maxValueBytes, int maxRecordBytes, FutureTimestamps future) {
        if (maxValueBytes + HEADROOM > maxRecordBytes) {
            throw new IllegalArgumentException("a dead-letter value of " + maxValueBytes + " bytes and " + HEADROOM
                    + " bytes of headers do not fit in " + maxRecordBytes + " bytes");
        }
        this.topic = topic;
        this.maxValueBytes = maxValueBytes;
        this.maxRecordBytes = maxRecordBytes;
        this.future = future;
    }

    /**
     * The producer's {@code max.request.size} in Kafka Streams properties: {@code
     * producer.max.request.size}, else {@code max.request.size}, else Kafka's default.
     */
    public static int maxRequestSize(Map<String, ?> configs) {
        String key = StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (configs.get(key) == null) {
            key = ProducerConfig.MAX_REQUEST_SIZE_CONFIG;
        }
        Object value = configs.get(key);
        if (value == null) {
            return (Integer) ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "expected a whole number of bytes");
        }
    }

    /** The dead letter for the record in {@code context}, rejected for {@code reason}. */
    public ProducerRecord<byte[], byte[]> build(
            ErrorHandlerContext context, DeadLetterReason reason, String detail, Exception cause) {
        Headers provenance = new RecordHeaders();
        add(provenance, EXCEPTION, abbreviate(cause.getClass().getName(), MAX_EXCEPTION_CHARS));
        add(provenance, MESSAGE, abbreviate(cause.getMessage(), MAX_MESSAGE_CHARS));
        add(provenance, STACKTRACE, stackTrace(cause));
        add(provenance, TOPIC, context.topic());
        add(provenance, PARTITION, String.valueOf(context.partition()));
        add(provenance, OFFSET, String.valueOf(context.offset()));
        add(provenance, REASON, reason.name());
        add(provenance, DETAIL, abbreviate(detail, MAX_DETAIL_CHARS));

        byte[] value = context.sourceRawValue();
        if (value != null && value.length > maxValueBytes) {
            add(provenance, TRUNCATED, String.valueOf(value.length));
            value = Arrays.copyOf(value, maxValueBytes);
        }
        // The value always fits (the configuration guarantees it); what is left is for the key.
        int room = maxRecordBytes - HEADROOM - (value == null ? 0 : value.length);
        byte[] key = context.sourceRawKey();
        if (key != null && key.length > room) {
            add(provenance, KEY_TRUNCATED, String.valueOf(key.length));
            key = Arrays.copyOf(key, room);
        }
        room -= key == null ? 0 : key.length;

        Headers headers = new RecordHeaders();
        int dropped = 0;
        if (context.headers() != null) {
            for (Header header : context.headers()) {
                if (header.key().startsWith(KAFKA_PREFIX) || header.key().startsWith(OUR_PREFIX)) {
                    continue;
                }
                int size = size(header);
                if (dropped == 0 && size <= room) {
                    headers.add(header);
                    room -= size;
                } else {
                    dropped++;
                }
            }
        }
        if (dropped > 0) {
            add(provenance, HEADERS_DROPPED, String.valueOf(dropped));
        }
        Long timestamp = timestamp(context.timestamp());
        if (timestamp != null) {
            add(provenance, INPUT_TIMESTAMP, timestamp.toString());
        }
        provenance.forEach(headers::add);
        return new ProducerRecord<>(topic, null, timestamp, key, value, headers);
    }

    /** A header's bytes in a record: its key and value with their length varints. */
    private static int size(Header header) {
        int value = header.value() == null ? 0 : header.value().length;
        return 2 * VARINT + header.key().getBytes(StandardCharsets.UTF_8).length + value;
    }

    /**
     * The timestamp the input record was processed with. A negative one (the producer refuses it)
     * leaves the broker to stamp the append time; one further ahead than {@link FutureTimestamps}
     * allows is clamped (again, for a letter built outside the extractor's view), so the broker does
     * not refuse the dead letter.
     */
    private Long timestamp(long timestamp) {
        return timestamp < 0 ? null : future.clamp(timestamp);
    }

    private static void add(Headers headers, String key, String value) {
        headers.add(new RecordHeader(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String abbreviate(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        return text.substring(0, maxChars) + "...";
    }

    /**
     * The stack trace as {@link Throwable#printStackTrace()} writes it, causes included, built no
     * further than {@value #MAX_STACKTRACE_CHARS} characters: it is made for every dead letter.
     */
    static String stackTrace(Throwable cause) {
        StringBuilder out = new StringBuilder(1024);
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        String caption = "";
        for (Throwable t = cause; t != null && seen.add(t) && out.length() < MAX_STACKTRACE_CHARS; t = t.getCause()) {
            out.append(caption)
                    .append(abbreviate(t.toString(), MAX_STACKTRACE_CHARS))
                    .append('\n');
            for (StackTraceElement frame : t.getStackTrace()) {
                if (out.length() >= MAX_STACKTRACE_CHARS) {
                    break;
                }
                out.append("\tat ").append(frame).append('\n');
            }
            caption = "Caused by: ";
        }
        return abbreviate(out.toString(), MAX_STACKTRACE_CHARS);
    }
}
