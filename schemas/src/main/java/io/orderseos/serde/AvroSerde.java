package io.orderseos.serde;

import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.HeldEvents;
import io.orderseos.schemas.internal.OrderTransition;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Avro <a href="https://avro.apache.org/docs/current/specification/#single-object-encoding">single
 * object encoding</a>: {@code C3 01}, the writer schema's 8-byte little-endian CRC-64-AVRO
 * fingerprint, then the binary body. Self-describing without a registry: the writer schema is
 * looked up by fingerprint among the {@link SchemaVersions} kept in this module and resolved to
 * the current schema, so records written with an older compatible version are read as current.
 *
 * <p>Decoding is strict, because the input topic is written by other teams' producers: a value
 * that is empty, longer than the configured cap, has another header, names an unknown schema, is
 * truncated, or has bytes left over after the record fails with a {@link SerializationException}
 * (so Kafka's deserialization handling applies) that says which of these it was. A {@code null}
 * value (a tombstone) decodes to {@code null}, for validation to reject with its own reason.
 *
 * <p>The types the app reads or writes for every record (the event, the order status, the transition,
 * the customer aggregate) are written, and read when a record names their current version, by a
 * {@link DirectBody}: the same bytes and values, without Avro's generic machinery. Older versions
 * are read by Avro, and resolved to the current one. A value read is not to be changed: a customer
 * aggregate's map of totals with one entry or none cannot be.
 *
 * <p>Thread-safe: one instance serves all stream threads.
 */
public final class AvroSerde<T extends SpecificRecord> extends SelfContainedSerde<T> {
    static {
        AvroHardening.apply();
    }

    /** Length of the single-object header: 2 marker bytes and an 8-byte fingerprint. */
    public static final int HEADER_LENGTH = 10;

    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;
    private static final int UNLIMITED = Integer.MAX_VALUE;
    /** Where a producer's author reads how to write the input (the one type other teams write). */
    private static final String PRODUCERS_GUIDE = "docs/producers.md";

    private final Class<T> type;
    private final SpecificData model;
    private final SchemaVersions versions;
    private final BinaryMessageEncoder<T> encoder;
    /** The older version written instead of the current one, or null: see {@link #writing(Schema)}. */
    private final Schema olderWriter;

    private final WriterSchemaEncoding.Encoder olderEncoder;

    private final int maxBytes;
    private final Map<Long, StrictDecoding.Reader<T>> readers = new ConcurrentHashMap<>();
    private final String guide;
    private final UnknownFingerprints unknown;
    /** Writes and reads the current version, if it is the version the body is for; else null. */
    private final DirectBody<T> direct;

    private final StrictDecoding.Reader<T> directReader;
    /** What a value is, for a message about its length: made once, not per value. */
    private final String encodedName;

    private final long currentFingerprint;
    private final byte[] currentHeader;

    private AvroSerde(Class<T> type, Schema current, int maxBytes, String guide, DirectBody<T> body) {
        this(type, SchemaVersions.of(current), maxBytes, null, guide, body);
    }

    private AvroSerde(
            Class<T> type,
            SchemaVersions versions,
            int maxBytes,
            Schema olderWriter,
            String guide,
            DirectBody<T> body) {
        if (maxBytes < HEADER_LENGTH) {
            throw new IllegalArgumentException("maxBytes must be at least " + HEADER_LENGTH + ", was " + maxBytes);
        }
        this.type = type;
        this.model = SpecificData.getForClass(type);
        this.versions = versions;
        this.encoder = new BinaryMessageEncoder<>(model, versions.current());
        this.olderWriter = olderWriter;
        this.olderEncoder = olderWriter == null ? null : WriterSchemaEncoding.encoder(olderWriter);
        this.maxBytes = maxBytes;
        this.guide = guide;
        this.unknown = new UnknownFingerprints(type.getSimpleName(), versions, guide);
        this.direct = body != null && sameVersion(body.schema(), versions.current()) ? body : null;
        this.currentFingerprint = SchemaNormalization.parsingFingerprint64(versions.current());
        this.directReader =
                direct == null ? null : new StrictDecoding.Reader<>(direct::read, label(currentFingerprint));
        this.encodedName = "an Avro single-object encoded " + type.getSimpleName();
        this.currentHeader = new byte[HEADER_LENGTH];
        currentHeader[0] = MARKER_0;
        currentHeader[1] = MARKER_1;
        for (int i = 0; i < Long.BYTES; i++) {
            currentHeader[2 + i] = (byte) (currentFingerprint >>> (Byte.SIZE * i));
        }
    }

    /** The same version: the same parsing fingerprint and the same logical types, which it leaves out. */
    private static boolean sameVersion(Schema a, Schema b) {
        return SchemaNormalization.parsingFingerprint64(a) == SchemaNormalization.parsingFingerprint64(b)
                && SchemaVersions.logicalTypes(a).equals(SchemaVersions.logicalTypes(b));
    }

    /** Whether a {@link DirectBody} writes and reads the current version (tests: none silently falls back to Avro). */
    boolean writesDirectly() {
        return direct != null;
    }

    /** Input events; values longer than {@code maxBytes} fail with {@link OversizeValueException}. */
    public static AvroSerde<OrderEvent> orderEvents(int maxBytes) {
        return new AvroSerde<>(
                OrderEvent.class, OrderEvent.getClassSchema(), maxBytes, PRODUCERS_GUIDE, DirectBodies.ORDER_EVENT);
    }

    public static AvroSerde<OrderStatus> orderStatus() {
        return new AvroSerde<>(
                OrderStatus.class, OrderStatus.getClassSchema(), UNLIMITED, null, DirectBodies.ORDER_STATUS);
    }

    public static AvroSerde<CustomerStats> customerStats() {
        return new AvroSerde<>(
                CustomerStats.class, CustomerStats.getClassSchema(), UNLIMITED, null, DirectBodies.CUSTOMER_STATS);
    }

    public static AvroSerde<HeldEvents> heldEvents() {
        return new AvroSerde<>(HeldEvents.class, HeldEvents.getClassSchema(), UNLIMITED, null, null);
    }

    public static AvroSerde<OrderTransition> orderTransitions() {
        return new AvroSerde<>(
                OrderTransition.class,
                OrderTransition.getClassSchema(),
                UNLIMITED,
                null,
                DirectBodies.ORDER_TRANSITION);
    }

    /** The versions this serde reads. */
    public SchemaVersions versions() {
        return versions;
    }

    /**
     * A serde that reads as this one does but writes {@code writer}, one of the versions it reads,
     * instead of the current schema. This is how a release that changes a stored type runs beside
     * the release before it during a rolling upgrade ({@code orders.upgrade.from}): the older
     * instances still read everything it writes. Fields the older version lacks are not written;
     * fields it has and the current schema lacks get their defaults.
     *
     * @throws IllegalArgumentException if {@code writer} is not a frozen version of this type
     */
    public AvroSerde<T> writing(Schema writer) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(writer);
        Schema frozen = versions.byFingerprint(fingerprint);
        if (frozen == null) {
            throw new IllegalArgumentException(String.format(
                    "cannot write %s with schema %016x: not a version it reads", type.getSimpleName(), fingerprint));
        }
        if (fingerprint == SchemaNormalization.parsingFingerprint64(versions.current())) {
            return olderWriter == null ? this : new AvroSerde<>(type, versions, maxBytes, null, guide, direct);
        }
        return new AvroSerde<>(type, versions, maxBytes, frozen, guide, direct);
    }

    /** The schema this serde writes: the current one unless {@link #writing(Schema)} chose an older. */
    public Schema writerSchema() {
        return olderWriter == null ? versions.current() : olderWriter;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (olderWriter != null) {
            try {
                return olderEncoder.encode(data);
            } catch (RuntimeException e) {
                throw new SerializationException(
                        "cannot encode " + type.getSimpleName() + " as an older version: " + e.getMessage(), e);
            }
        }
        try {
            if (direct != null) {
                return writeDirectly(data);
            }
            // Encoded in Avro's buffer for this thread, then copied once into an array of the exact
            // size. The buffer keeps the size of the largest value the thread encoded: at most the
            // input cap for an event, orders.reorder.max.per.order times it for an order's held events.
            return encoder.encode(data).array();
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory stream failed", e);
        } catch (RuntimeException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The header and the body in this thread's buffer, then copied once into an array of the exact size. */
    private byte[] writeDirectly(T data) throws IOException {
        Output out = OUTPUTS.get();
        out.reset();
        writeDirectly(data, out, out);
        return out.toByteArray();
    }

    /** The header and the body to {@code sink}, with the encoder of this thread's {@code buffer}. */
    private void writeDirectly(T data, OutputStream sink, Output buffer) throws IOException {
        sink.write(currentHeader, 0, HEADER_LENGTH);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(sink, buffer.encoder);
        buffer.encoder = encoder;
        direct.write(data, encoder);
    }

    /**
     * The CRC-64-AVRO fingerprint of what {@link #serialize} writes for {@code data} ({@link
     * SchemaNormalization#fingerprint64(byte[])} of those bytes), computed as they are encoded,
     * without building them.
     */
    public long fingerprint64(T data) {
        if (olderWriter != null) {
            return SchemaNormalization.fingerprint64(serialize(null, data));
        }
        Fingerprint64 out = new Fingerprint64();
        try {
            if (direct != null) {
                writeDirectly(data, out, OUTPUTS.get());
            } else {
                encoder.encode(data, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("fingerprinting stream failed", e);
        } catch (RuntimeException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        return out.value();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        checkLength(data, maxBytes, encodedName);
        if (data.length < HEADER_LENGTH || data[0] != MARKER_0 || data[1] != MARKER_1) {
            throw new SerializationException("not Avro single-object encoding: expected header C3 01 and an 8-byte "
                    + "fingerprint, got " + data.length + " bytes starting "
                    + HexFormat.of().formatHex(data, 0, Math.min(data.length, 2)));
        }
        long fingerprint = fingerprint(data);
        if (direct != null && fingerprint == currentFingerprint) {
            return StrictDecoding.read(directReader, data, HEADER_LENGTH, type.getSimpleName());
        }
        StrictDecoding.Reader<T> reader = readers.computeIfAbsent(fingerprint, this::resolvingReader);
        if (reader == null) {
            throw new SerializationException(unknown.describe(data, fingerprint));
        }
        return StrictDecoding.read(reader, data, HEADER_LENGTH, type.getSimpleName());
    }

    private StrictDecoding.Reader<T> resolvingReader(long fingerprint) {
        Schema writer = versions.byFingerprint(fingerprint);
        return writer == null
                ? null
                : StrictDecoding.Reader.of(
                        new SpecificDatumReader<>(writer, versions.current(), model), label(fingerprint));
    }

    /** How a writer schema is named in a message: made only for the message. */
    private static Supplier<String> label(long fingerprint) {
        return () -> String.format("schema %016x", fingerprint);
    }

    /** The fingerprint in a single-object header: 8 bytes, little-endian, after the marker. */
    private static long fingerprint(byte[] data) {
        long value = 0;
        for (int i = HEADER_LENGTH - 1; i >= 2; i--) {
            value = (value << 8) | (data[i] & 0xFFL);
        }
        return value;
    }

    private static final ThreadLocal<Output> OUTPUTS = ThreadLocal.withInitial(Output::new);

    /**
     * A thread's buffer for {@link #writeDirectly}, unsynchronized: Avro's direct encoder writes each
     * field to it in a call or two. It keeps the size of the largest value the thread wrote.
     */
    private static final class Output extends OutputStream {
        private byte[] buffer = new byte[256];
        private int count;
        private BinaryEncoder encoder;

        void reset() {
            count = 0;
        }

        @Override
        public void write(int b) {
            ensure(1);
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            ensure(length);
            System.arraycopy(bytes, offset, buffer, count, length);
            count += length;
        }

        private void ensure(int more) {
            if (buffer.length - count < more) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, count + more));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, count);
        }
    }
}
