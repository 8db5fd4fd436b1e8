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
            String order = key.orderId();
            String event = key.eventId();
            if (ascii(order) && ascii(event)) {
                // Most IDs: each character is its own UTF-8 byte, copied into the key, not encoded twice.
                byte[] bytes = withLength(order.length(), order.length() + event.length());
                for (int i = 0; i < order.length(); i++) {
                    bytes[2 + i] = (byte) order.charAt(i);
                }
                for (int i = 0; i < event.length(); i++) {
                    bytes[2 + order.length() + i] = (byte) event.charAt(i);
                }
                return bytes;
            }
            byte[] orderBytes = order.getBytes(StandardCharsets.UTF_8);
            byte[] eventBytes = event.getBytes(StandardCharsets.UTF_8);
            byte[] bytes = withLength(orderBytes.length, orderBytes.length + eventBytes.length);
            System.arraycopy(orderBytes, 0, bytes, 2, orderBytes.length);
            System.arraycopy(eventBytes, 0, bytes, 2 + orderBytes.length, eventBytes.length);
            return bytes;
        }

        private static boolean ascii(String value) {
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }

        /** A key of {@code idBytes} bytes after its orderId's 2-byte length. */
        private static byte[] withLength(int orderLength, int idBytes) {
            if (orderLength > 0xFFFF) {
                throw new SerializationException("orderId of " + orderLength + " bytes is too long for a dedup key");
            }
            byte[] bytes = new byte[2 + idBytes];
            bytes[0] = (byte) (orderLength >>> 8);
            bytes[1] = (byte) orderLength;
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
