package io.orderseos.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads one Avro binary body that must fill the rest of a value exactly: a decode failure or bytes
 * left over fail with a {@link SerializationException} that names the type and the writer schema
 * (its label is made only then: formatting it for every record cost the stream thread 4 % of its
 * samples in a flight recording).
 * Avro's allocation limits ({@link AvroHardening}) apply, because every read goes through Avro's
 * {@link BinaryDecoder}: one per thread, configured again for each value.
 */
final class StrictDecoding {
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    private StrictDecoding() {}

    /** How a body is read: Avro's {@link DatumReader}, or a {@link DirectBody}. */
    @FunctionalInterface
    interface Body<T> {
        T read(BinaryDecoder in) throws IOException;
    }

    /**
     * A body and how its writer schema is named in messages ("schema 1a2b..." or "schema id 7"),
     * made once per writer schema: nothing is allocated per value to read it.
     */
    record Reader<T>(Body<T> body, Supplier<String> writerLabel) {
        static <T> Reader<T> of(DatumReader<T> reader, Supplier<String> writerLabel) {
            return new Reader<>(in -> reader.read(null, in), writerLabel);
        }
    }

    static <T> T read(Reader<T> reader, byte[] data, int offset, String typeName) {
        Body<T> body = reader.body();
        Supplier<String> writerLabel = reader.writerLabel();
        BinaryDecoder reused = DECODERS.get();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, offset, data.length - offset, reused);
        if (reused == null) {
            DECODERS.set(decoder);
        }
        T value;
        try {
            value = body.read(decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    String.format(
                            "cannot decode %s written with %s: %s",
                            typeName, writerLabel.get(), e.getClass().getSimpleName() + ": " + e.getMessage()),
                    e);
        }
        boolean end;
        try {
            end = decoder.isEnd();
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory decoder failed", e);
        }
        if (!end) {
            throw new SerializationException(
                    String.format("trailing bytes after a %s written with %s", typeName, writerLabel.get()));
        }
        return value;
    }
}
