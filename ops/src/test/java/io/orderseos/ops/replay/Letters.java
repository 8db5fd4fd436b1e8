package io.orderseos.ops.replay;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.DeadLetters;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Dead-letter headers as the app writes them, for letters a test plants. */
final class Letters {
    private Letters() {}

    /** The headers of a letter for the record at {@code topic}/{@code partition}/{@code offset}. */
    static Headers headers(DeadLetterReason reason, String topic, int partition, long offset) {
        Headers headers = new RecordHeaders();
        headers.add("trace-id", "t-1".getBytes(UTF_8)); // the input record's own header: it stays
        headers.add(DeadLetters.EXCEPTION, "io.orderseos.deadletter.RejectedEventException".getBytes(UTF_8));
        headers.add(DeadLetters.MESSAGE, (reason + ": planted").getBytes(UTF_8));
        headers.add(DeadLetters.STACKTRACE, "at somewhere".getBytes(UTF_8));
        headers.add(DeadLetters.TOPIC, topic.getBytes(UTF_8));
        headers.add(DeadLetters.PARTITION, Integer.toString(partition).getBytes(UTF_8));
        headers.add(DeadLetters.OFFSET, Long.toString(offset).getBytes(UTF_8));
        headers.add(DeadLetters.REASON, reason.name().getBytes(UTF_8));
        headers.add(DeadLetters.DETAIL, "planted by a test".getBytes(UTF_8));
        return headers;
    }

    /** {@link #headers} of a letter whose value was cut from {@code originalLength} bytes. */
    static Headers truncated(DeadLetterReason reason, String topic, int partition, long offset, int originalLength) {
        Headers headers = headers(reason, topic, partition, offset);
        headers.add(DeadLetters.TRUNCATED, Integer.toString(originalLength).getBytes(UTF_8));
        return headers;
    }
}
