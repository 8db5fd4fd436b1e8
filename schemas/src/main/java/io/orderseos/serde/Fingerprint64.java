package io.orderseos.serde;

import java.io.OutputStream;
import org.apache.avro.SchemaNormalization;

/**
 * An output stream that keeps only the CRC-64-AVRO fingerprint of what is written to it: the value
 * {@link SchemaNormalization#fingerprint64(byte[])} gives for the same bytes, without the bytes.
 */
final class Fingerprint64 extends OutputStream {
    /** The fingerprint of no bytes, and the polynomial (Avro's specification, "Schema Fingerprints"). */
    private static final long EMPTY = 0xc15d213aa4d7a795L;

    private static final long[] TABLE = table();

    private long value = EMPTY;

    @Override
    public void write(int b) {
        value = (value >>> 8) ^ TABLE[(int) (value ^ b) & 0xff];
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        long fingerprint = value;
        for (int i = offset; i < offset + length; i++) {
            fingerprint = (fingerprint >>> 8) ^ TABLE[(int) (fingerprint ^ bytes[i]) & 0xff];
        }
        value = fingerprint;
    }

    /** The fingerprint of everything written so far. */
    long value() {
        return value;
    }

    private static long[] table() {
        long[] table = new long[256];
        for (int i = 0; i < 256; i++) {
            long fingerprint = i;
            for (int bit = 0; bit < 8; bit++) {
                fingerprint = (fingerprint >>> 1) ^ (EMPTY & -(fingerprint & 1L));
            }
            table[i] = fingerprint;
        }
        return table;
    }
}
