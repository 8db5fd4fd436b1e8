package io.orderseos.ops.load;

import java.util.List;

/**
 * What a generated record is, and so what the app must do with it. The load generator reports its
 * counts by kind, so that a verifier can hold the app's metrics and dead letters against them.
 */
public enum RecordKind {
    /** A legal step of an order's life cycle, in the current schema: applied. */
    EVENT("event"),
    /** A legal PAID, SHIPPED or DELIVERED written with the frozen v1 schema: applied like any event. */
    OLD_SCHEMA_EVENT("old-schema event"),
    /** The same bytes as an earlier event (same event ID, same payload): dropped as a duplicate. */
    DUPLICATE("exact duplicate"),
    /** An earlier event's ID with another payload: dead letter {@code EVENT_ID_CONFLICT}. */
    CONFLICT("event-ID conflict"),
    /** A new event ID for a step the order has already taken, such as a retried PAID: ignored, counted. */
    DUPLICATE_INTENT("duplicate intent"),
    /**
     * A step the order cannot take now (skipped step, after CANCELLED, ...): {@code
     * ILLEGAL_TRANSITION}. With the app's reorder window ({@code --reorder}) it is one that never
     * becomes legal: after CANCELLED, CANCELLED after SHIPPED, or DELIVERED of an order that stays
     * PAID, which is held first and a dead letter once the window passes (or still held at the end).
     */
    ILLEGAL("illegal transition"),
    /**
     * A step sent right before the step it follows (PAID before PLACED, SHIPPED before PAID, ...):
     * held by the app's reorder window, then applied after its predecessor, sent next.
     */
    OUT_OF_ORDER("out of order"),
    /**
     * A step whose previous step is never sent (PAID, SHIPPED, DELIVERED or CANCELLED of an order
     * whose PLACED never comes): held, then {@code ILLEGAL_TRANSITION} once the window of stream time
     * passes, or still held at the end.
     */
    MISSING_PREDECESSOR("predecessor never comes"),
    /** Random bytes: {@code DESERIALIZATION}. */
    UNDECODABLE("undecodable bytes"),
    /** A valid single-object-encoded event cut short: {@code DESERIALIZATION}. */
    TRUNCATED("truncated Avro"),
    /** A valid event whose first two bytes (the {@code C3 01} marker) are changed: {@code DESERIALIZATION}. */
    WRONG_MAGIC("wrong magic bytes"),
    /** A valid event whose writer-schema fingerprint (bytes 2..9) names no known schema: {@code DESERIALIZATION}. */
    UNKNOWN_SCHEMA("unknown writer schema"),
    /** A value of 0 bytes: {@code DESERIALIZATION}. */
    EMPTY_VALUE("empty value"),
    /** A null value, a tombstone: {@code VALIDATION}. */
    NULL_VALUE("null value"),
    /** A valid event without a key: {@code VALIDATION}. */
    NULL_KEY("null key"),
    /** A valid event under another order's key: {@code VALIDATION}. */
    WRONG_KEY("key is not the orderId"),
    /** A decodable PLACED that breaks a business rule (items vs amount, sign, currency, no items): {@code VALIDATION}. */
    INVALID_EVENT("broken business rule"),
    /** Sent in an upstream transaction that is then aborted: never visible to the app. */
    ABORTED("aborted upstream");

    /** The malformed kinds: each ends as exactly one dead letter with {@code DESERIALIZATION} or {@code VALIDATION}. */
    public static final List<RecordKind> MALFORMED = List.of(
            UNDECODABLE,
            TRUNCATED,
            WRONG_MAGIC,
            UNKNOWN_SCHEMA,
            EMPTY_VALUE,
            NULL_VALUE,
            NULL_KEY,
            WRONG_KEY,
            INVALID_EVENT);

    private final String label;

    RecordKind(String label) {
        this.label = label;
    }

    /** A short human-readable name, as in summaries. */
    public String label() {
        return label;
    }
}
