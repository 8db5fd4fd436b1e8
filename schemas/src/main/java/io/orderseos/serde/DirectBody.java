package io.orderseos.serde;

import java.io.IOException;
import java.math.BigInteger;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Encoder;

/**
 * The Avro binary body of one type, written and read field by field for exactly one frozen version:
 * the same bytes Avro's datum writer writes, and the same value its reader reads, without its
 * generic machinery (a field lookup, a logical-type conversion and a {@link java.nio.ByteBuffer}
 * per field, a {@link BigInteger} per decimal read). The types the app reads or writes for every record
 * have one ({@link DirectBodies}); {@link AvroSerde} uses it only while that version is the current
 * one, and only for records of it; Avro reads every other version. Nothing of any format changes:
 * {@code DirectBodiesTest} compares both ways with Avro.
 */
interface DirectBody<T> {

    /** The frozen version of its type this body writes and reads. */
    Schema schema();

    void write(T value, Encoder out) throws IOException;

    T read(BinaryDecoder in) throws IOException;
}
