package io.orderseos.validate;

import io.orderseos.schemas.OrderEvent;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An input record's value as the source node reads it: the decoded event, or the reason it could not
 * be decoded. Decoding never throws for bad data; {@link ValidateProcessor} rejects an undecodable
 * value as a dead letter while it <em>processes</em> the record.
 *
 * <p>Why not Kafka's deserialization exception handler: Kafka Streams decodes a record when it
 * becomes the head of its partition's queue, before it is processed, and commits the head's offset.
 * A dead letter sent from that handler can therefore be committed in a transaction whose offset
 * still points at the record: an instance that dies, or loses the task, before its next commit leaves
 * the record to the next owner, which dead-letters it a second time. A letter sent while the record
 * is processed is committed together with the offset past it, or not at all.
 */
public sealed interface InputValue {
    /** A decoded event. */
    record Event(OrderEvent event) implements InputValue {}

    /** Bad data: why the value cannot be decoded ({@code OversizeValueException} for one over the cap). */
    record Undecodable(SerializationException cause) implements InputValue {}

    /**
     * The source's serde: decodes with {@code events}, turning its {@link SerializationException}s into
     * {@link Undecodable}; anything else it throws (an unreachable registry) is a fault and propagates.
     */
    static Serde<InputValue> serde(Deserializer<OrderEvent> events) {
        Serializer<InputValue> none = (topic, value) -> {
            throw new UnsupportedOperationException("input values are only read");
        };
        return Serdes.serdeFrom(none, new Lenient(events));
    }

    /** The decoding deserializer: never throws a {@link SerializationException}. */
    final class Lenient implements Deserializer<InputValue> {
        private final Deserializer<OrderEvent> events;

        Lenient(Deserializer<OrderEvent> events) {
            this.events = events;
        }

        @Override
        public InputValue deserialize(String topic, byte[] data) {
            try {
                return wrap(events.deserialize(topic, data));
            } catch (SerializationException e) {
                return new Undecodable(e);
            }
        }

        @Override
        public InputValue deserialize(String topic, Headers headers, byte[] data) {
            try {
                return wrap(events.deserialize(topic, headers, data));
            } catch (SerializationException e) {
                return new Undecodable(e);
            }
        }

        private static InputValue wrap(OrderEvent event) {
            return event == null ? null : new Event(event);
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            // The event deserializer comes configured.
        }
    }
}
