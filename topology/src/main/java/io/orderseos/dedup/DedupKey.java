package io.orderseos.dedup;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An event's identity, (orderId, eventId): an event ID is unique within its order. The dedup store
 * keys its entries by it in one of two formats, told apart by their first byte and length:
 *
 * <ul>
 *   <li>{@code dedup-key}, the exact key ({@link #serde()}): the orderId's UTF-8 length in 2 bytes
 *       big-endian, the orderId and the eventId in UTF-8. Releases 0.1.x write it, and this one
 *       during a rolling upgrade from them.
 *   <li>{@code dedup-hash}, 13 bytes ({@link #hashed}): {@code 0xFF}, then the first 12 bytes of the
 *       SHA-256 of the exact key. One of these is kept for every event in the window, and a random
 *       UUID as event ID makes the exact key 40 to 60 bytes that compress poorly. An exact key never
 *       starts with {@code 0xFF} at 13 bytes (its first two bytes count the bytes after them).
 * </ul>
 *
 * <p>The hash gives up exactness: two identities whose hashes agree in 96 bits are one key, and the
 * second event is an {@code EVENT_ID_CONFLICT} dead letter (or, with the same payload hash too, a
 * duplicate). Among n events in the window that happens with a chance of about n²/2⁹⁷: 6·10⁻¹⁴
 * for 100 million. Finding such a pair on purpose takes about 2⁴⁸ SHA-256 computations, and harms
 * only the events of whoever computed it: hitting another producer's key takes about 2⁹⁶.
 */
public record DedupKey(String orderId, String eventId) {
    /** The first byte of a {@link #hashed} key. */
    public static final byte HASHED = (byte) 0xFF;

    /** The length of a {@link #hashed} key: the marker and 96 bits of SHA-256. */
    public static final int HASHED_LENGTH = 13;

    /** The serde of the exact format, {@code dedup-key}. */
    public static Serde<DedupKey> serde() {
        return Serdes.serdeFrom(new KeySerializer(), new KeyDeserializer());
    }

    /** The exact key's bytes ({@code dedup-key}). */
    public byte[] exact() {
        return KeySerializer.bytes(this);
    }

    /** The hashed key's bytes ({@code dedup-hash}), with a digest of its own: for one key, not per record. */
    public byte[] hashed() {
        return new Hasher().hash(this);
    }

    /** Hashes keys for one thread, reusing its SHA-256 digest and the digest's output. */
    public static final class Hasher {
        private final MessageDigest sha256;
        private final byte[] digest;

        public Hasher() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
            digest = new byte[sha256.getDigestLength()];
        }

        /** The hashed key's bytes ({@code dedup-hash}). */
        public byte[] hash(DedupKey key) {
            sha256.update(key.exact());
            try {
                sha256.digest(digest, 0, digest.length);
            } catch (DigestException e) {
                throw new IllegalStateException("a SHA-256 digest fits its own length", e);
            }
            byte[] hashed = new byte[HASHED_LENGTH];
            hashed[0] = HASHED;
            System.arraycopy(digest, 0, hashed, 1, HASHED_LENGTH - 1);
            return hashed;
        }
    }

    private static final class KeySerializer implements Serializer<DedupKey> {
        @Override
        public byte[] serialize(String topic, DedupKey key) {
            return bytes(key);
        }

        static byte[] bytes(DedupKey key) {
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
