package io.orderseos.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.LineItem;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import io.orderseos.schemas.OrderState;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.OrderTransition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The direct bodies write the bytes Avro writes and read the values Avro reads, for random values
 * and for the edges of their types; and they fail where Avro fails.
 */
class DirectBodiesTest {
    private static final int SAMPLES = 2_000;
    /** ISO-4217 codes, and what decodes but is not one: three letters, other characters, a long text. */
    private static final List<String> CURRENCIES =
            List.of("EUR", "USD", "JPY", "CHF", "ZZZ", "eur", "\u20ac\u00df", "X".repeat(100));

    private final Random random = new Random(42);
    private final AvroSerde<OrderEvent> events = AvroSerde.orderEvents(1 << 20);
    private final AvroSerde<OrderStatus> statuses = AvroSerde.orderStatus();
    private final AvroSerde<OrderTransition> transitions = AvroSerde.orderTransitions();
    private final AvroSerde<CustomerStats> customerStats = AvroSerde.customerStats();

    @Test
    void everyTypeTheAppReadsOrWritesPerRecordIsWrittenDirectly() {
        // A schema change makes a body fall back to Avro: update the body with the new version.
        assertThat(events.writesDirectly()).isTrue();
        assertThat(statuses.writesDirectly()).isTrue();
        assertThat(transitions.writesDirectly()).isTrue();
        assertThat(customerStats.writesDirectly()).isTrue();
        assertThat(statuses.writing(OrderStatus.getClassSchema()).writesDirectly())
                .isTrue();
        assertThat(AvroSerde.heldEvents().writesDirectly()).isFalse();
    }

    @Test
    void eventsAreTheBytesAvroWritesAndReads() throws Exception {
        for (int i = 0; i < SAMPLES; i++) {
            OrderEvent event = event();
            assertSameAsAvro(events, OrderEvent.getEncoder(), OrderEvent.getDecoder(), event);
            byte[] avro = OrderEvent.getEncoder().encode(event).array();
            assertThat(events.fingerprint64(event)).isEqualTo(org.apache.avro.SchemaNormalization.fingerprint64(avro));
        }
    }

    @Test
    void orderStatusesAreTheBytesAvroWritesAndReads() {
        for (int i = 0; i < SAMPLES; i++) {
            assertSameAsAvro(statuses, OrderStatus.getEncoder(), OrderStatus.getDecoder(), status());
        }
    }

    @Test
    void transitionsAreTheBytesAvroWritesAndReads() {
        for (int i = 0; i < SAMPLES; i++) {
            OrderState previous = random.nextInt(6) == 0 ? null : pick(OrderState.values());
            assertSameAsAvro(
                    transitions,
                    OrderTransition.getEncoder(),
                    OrderTransition.getDecoder(),
                    new OrderTransition(previous, status()));
        }
    }

    @Test
    void customerStatsAreTheBytesAvroWritesAndReads() {
        for (int i = 0; i < SAMPLES; i++) {
            assertSameAsAvro(customerStats, CustomerStats.getEncoder(), CustomerStats.getDecoder(), stats());
        }
    }

    @Test
    void decimalsAtTheEdgesOfTheirTypes() {
        BigInteger max38 = BigInteger.TEN.pow(38).subtract(BigInteger.ONE);
        List<BigDecimal> amounts = List.of(
                BigDecimal.ZERO.setScale(2),
                new BigDecimal("0.01"),
                new BigDecimal("-0.01"),
                new BigDecimal("1.27"),
                new BigDecimal("1.28"),
                new BigDecimal("-1.28"),
                new BigDecimal("-1.29"),
                new BigDecimal("12"), // scale 0: written as 12.00
                new BigDecimal("1.230"), // scale 3 with a trailing zero: written as 1.23
                new BigDecimal("9999999999999999.99"), // the largest decimal(18,2)
                new BigDecimal("-9999999999999999.99"),
                new BigDecimal(Long.MAX_VALUE).movePointLeft(2),
                new BigDecimal(Long.MIN_VALUE).movePointLeft(2),
                new BigDecimal(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE), 2),
                new BigDecimal(max38, 2),
                new BigDecimal(max38.negate(), 2));
        for (BigDecimal amount : amounts) {
            CustomerStats stats = CustomerStats.newBuilder(stats())
                    .setPlacedAmount(Map.of("EUR", amount))
                    .build();
            assertSameAsAvro(customerStats, CustomerStats.getEncoder(), CustomerStats.getDecoder(), stats);
            if (amount.precision() - amount.scale() + 2 <= 18) {
                OrderStatus status =
                        OrderStatus.newBuilder(status()).setAmount(amount).build();
                assertSameAsAvro(statuses, OrderStatus.getEncoder(), OrderStatus.getDecoder(), status);
            }
        }
    }

    @Test
    void failsToWriteWhatAvroFailsToWrite() {
        for (BigDecimal amount :
                List.of(new BigDecimal("1.234"), new BigDecimal("12345678901234567.00"), new BigDecimal("1E+17"))) {
            OrderStatus status =
                    OrderStatus.newBuilder(status()).setAmount(amount).build();
            assertThatThrownBy(() -> OrderStatus.getEncoder().encode(status)).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> statuses.serialize("t", status))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("cannot encode OrderStatus");
        }
    }

    @Test
    void failsToReadWhatAvroFailsToRead() throws Exception {
        byte[] event = events.serialize("t", event());
        for (int length = AvroSerde.HEADER_LENGTH; length < event.length; length++) {
            byte[] truncated = Arrays.copyOf(event, length);
            assertThatThrownBy(() -> OrderEvent.getDecoder().decode(truncated));
            assertThatThrownBy(() -> events.deserialize("t", truncated)).isInstanceOf(SerializationException.class);
        }

        byte[] valid = statuses.serialize("t", status());
        for (int length = AvroSerde.HEADER_LENGTH; length < valid.length; length++) {
            byte[] truncated = Arrays.copyOf(valid, length);
            assertThatThrownBy(() -> OrderStatus.getDecoder().decode(truncated));
            assertThatThrownBy(() -> statuses.deserialize("t", truncated))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("cannot decode OrderStatus");
        }
        byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
        assertThatThrownBy(() -> statuses.deserialize("t", trailing))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("trailing bytes");

        // orderId "", customerId "", then the enum index 5 (zig-zag 10), one past the last symbol,
        // and -1 (zig-zag 1).
        for (int index : new int[] {10, 1}) {
            byte[] badEnum = withBody(valid, 0, 0, index);
            assertThatThrownBy(() -> OrderStatus.getDecoder().decode(badEnum));
            assertThatThrownBy(() -> statuses.deserialize("t", badEnum)).isInstanceOf(SerializationException.class);
        }

        // An event's amount with the union index 2 of two branches, and -1.
        for (int index : new int[] {4, 1}) {
            byte[] badUnion = withBody(event, 0, 0, 0, 0, 0, index);
            assertThatThrownBy(() -> OrderEvent.getDecoder().decode(badUnion));
            assertThatThrownBy(() -> events.deserialize("t", badUnion)).isInstanceOf(SerializationException.class);
        }

        // A transition's union index 2 of two branches.
        byte[] badUnion = withBody(transitions.serialize("t", new OrderTransition(null, status())), 4);
        assertThatThrownBy(() -> OrderTransition.getDecoder().decode(badUnion));
        assertThatThrownBy(() -> transitions.deserialize("t", badUnion)).isInstanceOf(SerializationException.class);

        // orderId "", customerId "", PLACED, then an amount of zero bytes.
        byte[] emptyDecimal = withBody(valid, 0, 0, 0, 0);
        assertThatThrownBy(() -> OrderStatus.getDecoder().decode(emptyDecimal));
        assertThatThrownBy(() -> statuses.deserialize("t", emptyDecimal)).isInstanceOf(SerializationException.class);
    }

    /** {@code value}'s header followed by {@code body}. */
    private static byte[] withBody(byte[] value, int... body) {
        byte[] bytes = Arrays.copyOf(value, AvroSerde.HEADER_LENGTH + body.length);
        for (int i = 0; i < body.length; i++) {
            bytes[AvroSerde.HEADER_LENGTH + i] = (byte) body[i];
        }
        return bytes;
    }

    private static <T extends SpecificRecord> void assertSameAsAvro(
            AvroSerde<T> serde, BinaryMessageEncoder<T> avroEncoder, BinaryMessageDecoder<T> avroDecoder, T value) {
        byte[] direct = serde.serialize("t", value);
        byte[] avro;
        T expected;
        byte[] avroAgain;
        try {
            avro = avroEncoder.encode(value).array();
            expected = avroDecoder.decode(avro);
            avroAgain = avroEncoder.encode(expected).array();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(direct).as("bytes of %s", value).isEqualTo(avro);
        T read = serde.deserialize("t", avro);
        assertThat(read).as("read back").isEqualTo(expected);
        // Read and written again (a store value updated), the bytes are the same as Avro's too: the
        // maps read back iterate in the same order as Avro's.
        assertThat(serde.serialize("t", read)).as("read and written again").isEqualTo(avroAgain);
    }

    /**
     * What another producer's Avro library may write and Avro reads: arrays and maps in several
     * blocks, each with a negative count and its size in bytes (Avro's blocking encoder).
     */
    @Test
    void readsCollectionsWrittenInBlocks() throws IOException {
        OrderEvent event = event();
        List<LineItem> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add(new LineItem("sku-" + i, i + 1, amount().abs()));
        }
        event.setItems(items);
        CustomerStats stats = stats();
        Map<String, BigDecimal> many = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            many.put("C" + i, BigDecimal.valueOf(i, 2));
        }
        stats.setPaidAmount(many);
        assertReadInBlocks(events, OrderEvent.getDecoder(), event);
        assertReadInBlocks(customerStats, CustomerStats.getDecoder(), stats);
    }

    private static <T extends SpecificRecord> void assertReadInBlocks(
            AvroSerde<T> serde, BinaryMessageDecoder<T> avroDecoder, T value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(serde.serialize("t", value), 0, AvroSerde.HEADER_LENGTH);
        BinaryEncoder blocks = new EncoderFactory().configureBlockSize(64).blockingBinaryEncoder(out, null);
        new SpecificDatumWriter<T>(value.getSchema()).write(value, blocks);
        blocks.flush();
        byte[] written = out.toByteArray();
        assertThat(written).as("written in blocks").isNotEqualTo(serde.serialize("t", value));
        assertThat(serde.deserialize("t", written))
                .isEqualTo(avroDecoder.decode(written))
                .isEqualTo(value);
    }

    /**
     * An ISO-4217 code is read as the one instance of its code, wherever a currency is (the event,
     * the order's status, the keys of the customer's totals); anything else as written.
     */
    @Test
    void currenciesReadAsTheOneInstanceOfTheirCode() {
        for (String currency : CURRENCIES) {
            OrderEvent event = event();
            event.setCurrency(new String(currency)); // an instance of its own
            OrderStatus status = status();
            status.setCurrency(new String(currency));
            CustomerStats stats = stats();
            stats.setPlacedAmount(Map.of(new String(currency), BigDecimal.ONE.setScale(2)));
            stats.setPaidAmount(Map.of(new String(currency), BigDecimal.TEN.setScale(2), "GBP", BigDecimal.ZERO));
            CustomerStats statsRead = customerStats.deserialize("t", customerStats.serialize("t", stats));
            List<String> read = List.of(
                    events.deserialize("t", events.serialize("t", event)).getCurrency(),
                    statuses.deserialize("t", statuses.serialize("t", status)).getCurrency(),
                    only(statsRead.getPlacedAmount().keySet()),
                    only(statsRead.getPaidAmount().keySet().stream()
                            .filter(key -> !key.equals("GBP"))
                            .toList()));
            boolean iso = Currency.getAvailableCurrencies().stream()
                    .anyMatch(code -> code.getCurrencyCode().equals(currency));
            for (String one : read) {
                assertThat(one).isEqualTo(currency);
                if (iso) {
                    assertThat(one).isSameAs(Currency.getInstance(currency).getCurrencyCode());
                }
            }
        }
    }

    private static String only(Collection<String> keys) {
        assertThat(keys).hasSize(1);
        return keys.iterator().next();
    }

    /** Avro's reader keeps a repeated map key's last value, in one block or across two; so does this one. */
    @Test
    void repeatedMapKeysReadAsAvroReadsThem() throws IOException {
        CustomerStats stats = stats();
        stats.setPlacedAmount(Map.of());
        stats.setPaidAmount(Map.of());
        byte[] written = customerStats.serialize("t", stats);
        byte[] header = Arrays.copyOf(written, AvroSerde.HEADER_LENGTH);
        for (boolean twoBlocks : new boolean[] {false, true}) {
            // The body with its placedAmount (an empty map, a 0 byte) replaced by EUR 1.00, then EUR 3.00
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(header);
            BinaryEncoder body = EncoderFactory.get().binaryEncoder(out, null);
            body.writeString(stats.getCustomerId());
            for (long count : List.of(
                    stats.getOrdersPlaced(),
                    stats.getOrdersPaid(),
                    stats.getOrdersShipped(),
                    stats.getOrdersDelivered(),
                    stats.getOrdersCancelled())) {
                body.writeLong(count);
            }
            body.writeLong(twoBlocks ? 1 : 2);
            body.writeString("EUR");
            body.writeBytes(new byte[] {100});
            if (twoBlocks) {
                body.writeLong(1);
            }
            body.writeString("EUR");
            body.writeBytes(new byte[] {1, 44}); // 3.00
            body.writeLong(0);
            body.writeLong(0); // paidAmount: empty
            body.writeLong(stats.getLastEventAt().toEpochMilli());
            body.flush();
            byte[] bytes = out.toByteArray();
            assertThat(customerStats.deserialize("t", bytes))
                    .as(twoBlocks ? "two blocks" : "one block")
                    .isEqualTo(CustomerStats.getDecoder().decode(bytes));
        }
    }

    /** A decimal written in more bytes than it needs (sign bytes in front) reads as Avro reads it. */
    @Test
    void readsDecimalsWithLeadingSignBytes() throws IOException {
        byte[] header = Arrays.copyOf(statuses.serialize("t", status()), AvroSerde.HEADER_LENGTH);
        // orderId "", customerId "", PLACED, an amount of 10 bytes (zig-zag 20), currency "",
        // placedAt 0, updatedAt 0, lastEventId "".
        for (int sign : new int[] {0, 0xFF}) {
            byte[] body = {0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0};
            for (int i = 4; i < 13; i++) {
                body[i] = (byte) sign;
            }
            byte[] value = concat(header, body);
            OrderStatus read = statuses.deserialize("t", value);
            assertThat(read).isEqualTo(OrderStatus.getDecoder().decode(value));
            assertThat(read.getAmount()).isEqualTo(new BigDecimal(sign == 0 ? "0.05" : "-2.51"));
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] out = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }

    private OrderEvent event() {
        List<LineItem> items = new ArrayList<>();
        int count = random.nextInt(4) == 0 ? 0 : random.nextInt(6);
        for (int i = 0; i < count; i++) {
            items.add(new LineItem(text(), random.nextInt() >> random.nextInt(32), amount()));
        }
        return new OrderEvent(
                text(),
                text(),
                text(),
                pick(OrderEventType.values()),
                Instant.ofEpochMilli(random.nextLong() >> 20),
                random.nextInt(3) == 0 ? null : amount(),
                random.nextInt(3) == 0 ? null : pick(CURRENCIES),
                items);
    }

    /** A decimal(18,2), more often small. */
    private BigDecimal amount() {
        return BigDecimal.valueOf(random.nextLong() % 1_000_000_000_000_000_000L >> random.nextInt(60), 2);
    }

    private OrderStatus status() {
        Instant placed = Instant.ofEpochMilli(random.nextLong() >> 20);
        return new OrderStatus(
                text(),
                text(),
                pick(OrderState.values()),
                amount(),
                pick(CURRENCIES),
                placed,
                placed.plusMillis(random.nextInt(1_000_000)),
                text());
    }

    private CustomerStats stats() {
        return CustomerStats.newBuilder()
                .setCustomerId(text())
                .setOrdersPlaced(random.nextInt(1000))
                .setOrdersPaid(random.nextLong())
                .setOrdersShipped(random.nextInt(3) - 1)
                .setOrdersDelivered(random.nextInt(100_000))
                .setOrdersCancelled(Long.MIN_VALUE + random.nextInt(2))
                .setPlacedAmount(amounts())
                .setPaidAmount(amounts())
                .setLastEventAt(Instant.ofEpochMilli(random.nextLong() >> 20))
                .build();
    }

    private Map<String, BigDecimal> amounts() {
        Map<String, BigDecimal> amounts = random.nextBoolean() ? new HashMap<>() : new LinkedHashMap<>();
        int entries = random.nextInt(CURRENCIES.size() + 1);
        for (int i = 0; i < entries; i++) {
            BigInteger unscaled = new BigInteger(1 + random.nextInt(126), random);
            amounts.put(pick(CURRENCIES), new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), 2));
        }
        return amounts;
    }

    /** Up to 40 characters, with one-, two-, three- and four-byte UTF-8 among them. */
    private String text() {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(41);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(4)) {
                case 0 -> text.append((char) ('a' + random.nextInt(26)));
                case 1 -> text.append('\u00e9');
                case 2 -> text.append('\u20ac');
                default -> text.append("\ud834\udd1e");
            }
        }
        return text.toString();
    }

    private <E> E pick(E[] values) {
        return values[random.nextInt(values.length)];
    }

    private <E> E pick(List<E> values) {
        return values.get(random.nextInt(values.size()));
    }
}
