package io.orderseos.dedup;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The dedup store's key: an event ID is unique within its order. Stored compactly as a 2-byte
 * length, the orderId and the eventId in UTF-8 (ids are at most 256 characters, so 2 bytes
 * suffice), because one of these is kept for every event in the window.
 */
public record DedupKey(String orderId, String eventId) {

    /** The serde of the dedup store's keys and changelog. */
    public static Serde<DedupKey> serde() {
        return Serdes.serdeFrom(new KeySerializer(), new KeyDeserializer());
    }

    private static final class KeySerializer implements Serializer<DedupKey> {
        @Override
        public byte[] serialize(String topic, DedupKey key) {
            byte[] order = key.orderId().getBytes(StandardCharsets.UTF_8);
            byte[] event = key.eventId().getBytes(StandardCharsets.UTF_8);
            if (order.length > 0xFFFF) {
                throw new SerializationException("orderId of " + order.length + " bytes is too long for a dedup key");
            }
            byte[] bytes = new byte[2 + order.length + event.length];
            bytes[0] = (byte) (order.length >>> 8);
            bytes[1] = (byte) order.length;
            System.arraycopy(order, 0, bytes, 2, order.length);
            System.arraycopy(event, 0, bytes, 2 + order.length, event.length);
            return bytes;
        }
    }

    private static final class KeyDeserializer implements Deserializer<DedupKey> {
        @Override
        public DedupKey deserialize(String topic, byte[] data) {
            int orderLength = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
            String order = new String(data, 2, orderLength, StandardCharsets.UTF_8);
            String event = new String(data, 2 + orderLength, data.length - 2 - orderLength, StandardCharsets.UTF_8);
            return new DedupKey(order, event);
        }
    }
}
