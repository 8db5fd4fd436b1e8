package io.orderseos.serde;

import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde that is its own serializer and deserializer, configured when it is built: Kafka Streams
 * does not configure serdes handed to it, and one instance serves every stream thread.
 */
abstract class SelfContainedSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
    @Override
    public final Serializer<T> serializer() {
        return this;
    }

    @Override
    public final Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public final void configure(Map<String, ?> configs, boolean isKey) {
        // Configured at construction.
    }

    /**
     * Fails, before any decoding, on an empty value or one longer than {@code maxBytes}.
     *
     * @param expected what the value should have been, for the message
     */
    static void checkLength(byte[] data, int maxBytes, String expected) {
        if (data.length == 0) {
            throw new SerializationException("empty value: expected " + expected);
        }
        if (data.length > maxBytes) {
            throw new OversizeValueException(data.length, maxBytes);
        }
    }

    @Override
    public void close() {
        // Holds no resources unless a subclass says otherwise.
    }
}
