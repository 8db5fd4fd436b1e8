package io.orderseos.ops.load;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.Objects;

/**
 * One generated input record: raw key and value bytes as they go on the wire (either may be null),
 * and what kind of record it is. Equal when kind and bytes are equal, so replays compare directly.
 */
public record LoadRecord(RecordKind kind, byte[] key, byte[] value) {
    /** The key as text, for messages; {@code null} for a null key. */
    public String keyText() {
        return key == null ? null : new String(key, UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LoadRecord record
                && kind == record.kind
                && Arrays.equals(key, record.key)
                && Arrays.equals(value, record.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(key), Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return kind + " key=" + keyText() + " value=" + (value == null ? "null" : value.length + " bytes");
    }
}
