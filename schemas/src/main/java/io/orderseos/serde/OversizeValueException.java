package io.orderseos.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A value longer than the configured cap; not decoded, so its size costs nothing but the read. */
public final class OversizeValueException extends SerializationException {
    private final int size;
    private final int limit;

    public OversizeValueException(int size, int limit) {
        super("value of " + size + " bytes exceeds the limit of " + limit + " bytes");
        this.size = size;
        this.limit = limit;
    }

    public int size() {
        return size;
    }

    public int limit() {
        return limit;
    }
}
