package io.orderseos.deadletter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Builds dead-letter records: the original key and value bytes, byte-identical (a value over the
 * cap is truncated and flagged), the input record's own headers, then the provenance headers of
 * Kafka's dead-letter support (KIP-1034) and this project's reason and detail.
 *
 * <p>Input headers that claim to be provenance ({@code __streams.errors.*}, {@code orders.dlq.*})
 * are dropped: a producer must not be able to forge why or where a record failed.
 */
public final class DeadLetters {
    // Kafka's KIP-1034 header names (ExceptionHandlerUtils, an internal class; a test pins them).
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String STACKTRACE = "__streams.errors.stacktrace";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";

    /** One of {@link DeadLetterReason}. */
    public static final String REASON = "orders.dlq.reason";
    /** What exactly is wrong, for a person. */
    public static final String DETAIL = "orders.dlq.detail";
    /** Present only on a truncated value: the original value's length in bytes. */
    public static final String TRUNCATED = "orders.dlq.truncated";

    private static final String KAFKA_PREFIX = "__streams.errors.";
    private static final String OUR_PREFIX = "orders.dlq.";
    private static final int MAX_DETAIL_CHARS = 1_000;

    private final String topic;
    private final int maxValueBytes;

    public DeadLetters(String topic, int maxValueBytes) {
        this.topic = topic;
        this.maxValueBytes = maxValueBytes;
    }

    /** The dead letter for the record in {@code context}, rejected for {@code reason}. */
    public ProducerRecord<byte[], byte[]> build(
            ErrorHandlerContext context, DeadLetterReason reason, String detail, Exception cause) {
        byte[] value = context.sourceRawValue();
        Headers headers = new RecordHeaders();
        if (context.headers() != null) {
            for (Header header : context.headers()) {
                if (!header.key().startsWith(KAFKA_PREFIX) && !header.key().startsWith(OUR_PREFIX)) {
                    headers.add(header);
                }
            }
        }
        add(headers, EXCEPTION, cause.getClass().getName());
        add(headers, MESSAGE, cause.getMessage());
        add(headers, STACKTRACE, stackTrace(cause));
        add(headers, TOPIC, context.topic());
        add(headers, PARTITION, String.valueOf(context.partition()));
        add(headers, OFFSET, String.valueOf(context.offset()));
        add(headers, REASON, reason.name());
        add(headers, DETAIL, abbreviate(detail));
        if (value != null && value.length > maxValueBytes) {
            add(headers, TRUNCATED, String.valueOf(value.length));
            value = Arrays.copyOf(value, maxValueBytes);
        }
        // The producer refuses negative timestamps; the broker then stamps the append time.
        Long timestamp = context.timestamp() >= 0 ? context.timestamp() : null;
        return new ProducerRecord<>(topic, null, timestamp, context.sourceRawKey(), value, headers);
    }

    private static void add(Headers headers, String key, String value) {
        headers.add(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String text) {
        if (text == null || text.length() <= MAX_DETAIL_CHARS) {
            return text;
        }
        return text.substring(0, MAX_DETAIL_CHARS) + "...";
    }

    private static String stackTrace(Exception cause) {
        StringWriter out = new StringWriter();
        cause.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
