package io.orderseos.deadletter;

/**
 * Thrown by a processor to reject the record it is processing: {@link DeadLetterHandlers.Processing}
 * turns it into one dead letter, in the same transaction, and processing resumes with the next
 * record. A rejection is data, not a fault, so the exception carries no stack trace (it would say
 * nothing and cost a stack walk per bad record).
 */
public final class RejectedEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;
    private final String detail;

    public RejectedEventException(DeadLetterReason reason, String detail) {
        this(reason, detail, null);
    }

    /**
     * A rejection for bad data that {@code cause} found (a deserializer's error): the dead letter
     * names {@code cause}, its message and stack trace, as the provenance headers of Kafka's own
     * dead letters do.
     */
    public RejectedEventException(DeadLetterReason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause, false, false);
        this.reason = reason;
        this.detail = detail;
    }

    public DeadLetterReason reason() {
        return reason;
    }

    /** Human-readable: what is wrong with the record, for the {@code orders.dlq.detail} header. */
    public String detail() {
        return detail;
    }
}
