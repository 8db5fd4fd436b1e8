package io.orderseos.deadletter;

import static io.orderseos.testing.Events.T0;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderState;
import io.orderseos.testing.DeadLetter;
import io.orderseos.testing.Events;
import io.orderseos.testing.OrdersTestDriver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values crafted field by field to break the Avro decoder in one precise way: negative and huge
 * lengths, huge collections, indexes out of range, integers too wide, schemas nobody knows, and keys
 * that are not UTF-8. Each is one dead letter with the original bytes, and the next good record is
 * still processed. A control test decodes the same hand-written body unbroken, so each failure is
 * the one the test is about.
 */
class HostileBytesTest {
    private static final byte[] KEY = "o-1".getBytes(UTF_8);
    private static final long GIGABYTE = 1L << 30;

    private final OrdersTestDriver orders = OrdersTestDriver.start();

    @AfterEach
    void close() {
        orders.close();
    }

    @Test
    void handWrittenBodyIsAValidEvent() {
        orders.sendRaw(KEY, new Body().encode());

        assertThat(orders.readDeadLetters()).isEmpty();
        assertThat(orders.order("o-1").getStatus()).isEqualTo(OrderState.PLACED);
        assertThat(orders.order("o-1").getAmount()).isEqualByComparingTo("10.00");
    }

    static Stream<Arguments> brokenBodies() {
        return Stream.of(
                broken(
                        "negative string length",
                        new Body().with("eventId", e -> e.writeLong(-5)),
                        "Malformed data. Length is negative"),
                broken(
                        "string length claiming a gigabyte",
                        new Body().with("customerId", e -> e.writeLong(GIGABYTE)),
                        "String length"),
                broken(
                        "negative bytes length",
                        new Body().with("amount", e -> union(e, 1).writeLong(-3)),
                        "Malformed data. Length is negative"),
                broken(
                        "bytes length claiming a gigabyte",
                        new Body().with("amount", e -> union(e, 1).writeLong(GIGABYTE)),
                        "Bytes length"),
                broken(
                        "array block count claiming a gigabyte of items",
                        new Body().with("items", e -> e.writeLong(GIGABYTE)),
                        "Collection length"),
                broken(
                        "negative block count claiming a gigabyte of items",
                        new Body().with("items", HostileBytesTest::negativeBlock),
                        "Collection length"),
                broken(
                        "enum index out of range",
                        new Body().with("type", e -> e.writeInt(5)),
                        "cannot decode OrderEvent"),
                broken("negative enum index", new Body().with("type", e -> e.writeInt(-1)), "cannot decode OrderEvent"),
                broken(
                        "union index out of range",
                        new Body().with("currency", e -> e.writeInt(2)),
                        "cannot decode OrderEvent"),
                broken(
                        "negative union index",
                        new Body().with("amount", e -> e.writeInt(-1)),
                        "cannot decode OrderEvent"),
                broken(
                        "int wider than 32 bits (quantity)",
                        new Body().with("items", e -> oneItem(e, 1L << 40)),
                        "Invalid int encoding"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenBodies")
    void brokenBodyIsDeserializationError(String name, Body body, String detail) {
        byte[] value = body.encode();
        orders.sendRaw(KEY, value);

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION);
        assertThat(letter.detail()).contains("cannot decode OrderEvent").contains(detail);
        assertThat(letter.key()).isEqualTo(KEY);
        assertThat(letter.value()).isEqualTo(value);
        assertThat(letter.header(DeadLetters.OFFSET)).isEqualTo("0");
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    @Test
    void amountWithHundredsOfThousandsOfDigitsIsRejectedWithoutCountingOrPrintingThem() {
        // 250 KiB of decimal bytes (the default input cap is 256 KiB): about 620,000 digits.
        // BigDecimal#precision and #toPlainString of such a number take seconds each; validation
        // must not, or every such record stalls a thread.
        byte[] digits = new byte[250 * 1024];
        java.util.Arrays.fill(digits, (byte) 0x5A);
        byte[] value =
                new Body().with("amount", e -> union(e, 1).writeBytes(digits)).encode();

        // CPU time, not wall time: a loaded build machine must not make this fail, nor a fast one pass it.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadCpuTime();
        orders.sendRaw(KEY, value);
        assertThat(Duration.ofNanos(threads.getCurrentThreadCpuTime() - before)).isLessThan(Duration.ofMillis(500));

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.VALIDATION);
        assertThat(letter.detail()).isEqualTo("amount has more than 18 digits: at most 18 fit decimal(18,2)");
        assertThat(letter.value()).isEqualTo(value);
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    @Test
    void recursiveWriterSchemaIsAnUnknownSchema() {
        // Writer schemas are looked up by fingerprint among the versions kept in schemas/: a
        // producer cannot hand the app a schema, so a recursive or deeply nested one is never parsed,
        // let alone used to decode. Here: a linked list 10,000 nodes deep.
        Schema node = new Schema.Parser()
                .parse(
                        "{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int depth = 0; depth < 10_000; depth++) {
            body.write(2); // union branch 1: another Node
        }
        body.write(0); // branch 0: null
        byte[] value = withHeader(SchemaNormalization.parsingFingerprint64(node), body.toByteArray());
        orders.sendRaw(KEY, value);

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION);
        assertThat(letter.detail()).contains("unknown writer schema");
        assertThat(letter.value()).isEqualTo(value);
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    static Stream<Arguments> keysThatAreNotUtf8() {
        return Stream.of(
                Arguments.of("a byte that never occurs in UTF-8", new byte[] {'o', '-', '1', (byte) 0xFF}),
                Arguments.of("a lone continuation byte", new byte[] {'o', '-', (byte) 0x80}),
                Arguments.of("a sequence cut short", new byte[] {'o', '-', (byte) 0xE2, (byte) 0x82}),
                Arguments.of("an overlong encoding of '/'", new byte[] {(byte) 0xC0, (byte) 0xAF}),
                Arguments.of("an encoded surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keysThatAreNotUtf8")
    void keyThatIsNotUtf8IsDeserializationErrorWithTheKeyBytesIntact(String name, byte[] key) {
        // Keys are UTF-8 strings by contract: bytes that are not are undecodable, like a broken value.
        byte[] value = validValue();
        orders.sendRaw(key, value);

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION);
        assertThat(letter.detail()).startsWith("record key is not valid UTF-8");
        assertThat(letter.key()).isEqualTo(key);
        assertThat(letter.value()).isEqualTo(value);
        assertThat(orders.order("o-1")).isNull();
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    @Test
    void twoInvalidKeysThatWouldDecodeAlikeAreNeitherAnOrderId() {
        // Leniently decoded, both would be "o-1\uFFFD" and pass as the orderId of an event saying so,
        // although Kafka hashes their bytes to different partitions (and so dedup tasks).
        OrderEvent event =
                Events.placed("o-1\uFFFD", "c-1").item("sku-1", 1, "1.00").build();
        byte[] value = orders.encode(event);
        orders.sendRaw(new byte[] {'o', '-', '1', (byte) 0xFF}, value);
        orders.sendRaw(new byte[] {'o', '-', '1', (byte) 0xFE}, value);

        assertThat(orders.readDeadLetters())
                .extracting(DeadLetter::reason)
                .containsExactly(DeadLetterReason.DESERIALIZATION, DeadLetterReason.DESERIALIZATION);
        assertThat(orders.order("o-1\uFFFD")).isNull();
    }

    @Test
    void validUtf8KeyOfAnotherScriptIsAnOrderId() {
        OrderEvent event =
                Events.placed("заказ-1", "c-1").item("sku-1", 1, "1.00").build();
        orders.send(event);

        assertThat(orders.readDeadLetters()).isEmpty();
        assertThat(orders.order("заказ-1")).isNotNull();
    }

    @Test
    void emptyKeyIsValidationError() {
        byte[] value = validValue();
        orders.sendRaw(new byte[0], value);

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.VALIDATION);
        assertThat(letter.detail()).contains("record key '' is not the orderId 'o-1'");
        assertThat(letter.key()).isEmpty();
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    private byte[] validValue() {
        return orders.encode(
                Events.placed("o-1", "c-1").item("sku-1", 1, "1.00").build());
    }

    private DeadLetter onlyDeadLetter() {
        List<DeadLetter> letters = orders.readDeadLetters();
        assertThat(letters).hasSize(1);
        return letters.get(0);
    }

    private static Arguments broken(String name, Body body, String detail) {
        return Arguments.of(name, body, detail);
    }

    private static BinaryEncoder union(BinaryEncoder encoder, int branch) throws IOException {
        encoder.writeIndex(branch);
        return encoder;
    }

    /** A block's count may be negative, followed by the block's size in bytes; its magnitude is the count. */
    private static void negativeBlock(BinaryEncoder encoder) throws IOException {
        encoder.writeLong(-GIGABYTE);
        encoder.writeLong(10);
    }

    private static void oneItem(BinaryEncoder encoder, long quantity) throws IOException {
        encoder.writeLong(1);
        encoder.writeString("sku-1");
        encoder.writeLong(quantity); // an int field, written as a long varint
        encoder.writeBytes(BigInteger.valueOf(1000).toByteArray());
        encoder.writeLong(0);
    }

    /** Single-object encoding of {@code body} under the writer-schema {@code fingerprint}. */
    private static byte[] withHeader(long fingerprint, byte[] body) {
        return ByteBuffer.allocate(10 + body.length)
                .put((byte) 0xC3)
                .put((byte) 0x01)
                .put(ByteBuffer.allocate(8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(fingerprint)
                        .array())
                .put(body)
                .array();
    }

    /** One Avro field written by hand. */
    interface Field {
        void write(BinaryEncoder encoder) throws IOException;
    }

    /**
     * A PLACED event of 10.00 EUR, one line item, written field by field in the current schema's
     * order; {@link #with} replaces one field's bytes.
     */
    static final class Body {
        private final Map<String, Field> fields = new LinkedHashMap<>();

        Body() {
            fields.put("eventId", e -> e.writeString("o-1-placed"));
            fields.put("orderId", e -> e.writeString("o-1"));
            fields.put("customerId", e -> e.writeString("c-1"));
            fields.put("type", e -> e.writeEnum(0));
            fields.put("occurredAt", e -> e.writeLong(T0.toEpochMilli()));
            fields.put("amount", e -> union(e, 1)
                    .writeBytes(BigInteger.valueOf(1000).toByteArray()));
            fields.put("currency", e -> union(e, 1).writeString("EUR"));
            fields.put("items", e -> oneItem(e, 1));
        }

        Body with(String name, Field field) {
            if (fields.replace(name, field) == null) {
                throw new IllegalArgumentException("OrderEvent has no field " + name);
            }
            return this;
        }

        byte[] encode() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            try {
                for (Field field : fields.values()) {
                    field.write(encoder);
                }
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return withHeader(SchemaNormalization.parsingFingerprint64(OrderEvent.getClassSchema()), out.toByteArray());
        }
    }
}
