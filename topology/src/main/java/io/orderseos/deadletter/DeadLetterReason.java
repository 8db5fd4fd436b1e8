package io.orderseos.deadletter;

/** Why a record went to the dead-letter topic: the value of the {@code orders.dlq.reason} header. */
public enum DeadLetterReason {
    /** Undecodable bytes, an empty value, an unknown writer schema. */
    DESERIALIZATION,
    /** A value over {@code orders.input.max.bytes}; not decoded. */
    OVERSIZE,
    /** A null value (tombstone), a null key, a key other than the orderId, or a broken business rule. */
    VALIDATION,
    /** An event ID seen before, within the dedup window, with another payload. */
    EVENT_ID_CONFLICT,
    /** An event the order's state machine cannot apply. */
    ILLEGAL_TRANSITION,
    /**
     * A valid event on another partition than Java's default partitioner gives its key, with {@code
     * orders.input.misrouted=dead-letter} only (else it is counted and processed).
     */
    MISROUTED
}
