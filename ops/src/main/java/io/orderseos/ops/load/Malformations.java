package io.orderseos.ops.load;

import io.orderseos.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;

/**
 * Broken values at the byte level, each made from a valid single-object-encoded event so that it
 * fails in exactly one way: header {@code C3 01}, 8-byte little-endian fingerprint, binary body.
 */
final class Malformations {
    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = 0x01;
    private static final int FINGERPRINT_OFFSET = 2;

    private Malformations() {}

    /** 1 to 64 random bytes that do not start like single-object encoding. */
    static byte[] undecodable(SplittableRandom random) {
        byte[] junk = new byte[1 + random.nextInt(64)];
        random.nextBytes(junk);
        if (junk[0] == MARKER_0) {
            junk[0] = 0;
        }
        return junk;
    }

    /** {@code value} cut short: its header and part of its body (Avro binary is self-delimiting, so no prefix decodes). */
    static byte[] truncated(byte[] value, SplittableRandom random) {
        int bodyLength = value.length - AvroSerde.HEADER_LENGTH;
        return Arrays.copyOf(value, AvroSerde.HEADER_LENGTH + random.nextInt(bodyLength));
    }

    /** {@code value} with both marker bytes replaced by other bytes. */
    static byte[] wrongMagic(byte[] value, SplittableRandom random) {
        byte[] copy = value.clone();
        copy[0] = (byte) (MARKER_0 ^ (1 + random.nextInt(255)));
        copy[1] = (byte) (MARKER_1 ^ (1 + random.nextInt(255)));
        return copy;
    }

    /** {@code value} with a random fingerprint that {@code known} does not know. */
    static byte[] unknownSchema(byte[] value, SplittableRandom random, LongPredicate known) {
        byte[] copy = value.clone();
        ByteBuffer fingerprint = ByteBuffer.wrap(copy, FINGERPRINT_OFFSET, 8).order(ByteOrder.LITTLE_ENDIAN);
        do {
            fingerprint.putLong(FINGERPRINT_OFFSET, random.nextLong());
        } while (known.test(fingerprint.getLong(FINGERPRINT_OFFSET)));
        return copy;
    }
}
