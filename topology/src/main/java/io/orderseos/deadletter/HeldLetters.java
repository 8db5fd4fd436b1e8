package io.orderseos.deadletter;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Dead letters a processor writes itself: for an input record it held and rejects later, while
 * another record is in process (the exception handlers only see the record in process). Built as
 * the handlers build theirs, from the held record's own bytes, headers and provenance, and counted
 * with theirs.
 */
public final class HeldLetters {
    private final DeadLetters deadLetters;
    private final DeadLetterCounts counts;

    private HeldLetters(DeadLetters deadLetters, DeadLetterCounts counts) {
        this.deadLetters = deadLetters;
        this.counts = counts;
    }

    /** From the app's configuration, as a processor's context has it ({@code appConfigs()}). */
    public static HeldLetters from(Map<String, Object> appConfigs) {
        return new HeldLetters(DeadLetterHandlers.deadLetters(appConfigs), DeadLetterCounts.from(appConfigs));
    }

    /** The dead letter of the record {@code held} describes, rejected for {@code reason}; counted. */
    public ProducerRecord<byte[], byte[]> reject(ErrorHandlerContext held, DeadLetterReason reason, String detail) {
        counts.record(reason);
        return deadLetters.build(held, reason, detail, new RejectedEventException(reason, detail));
    }
}
