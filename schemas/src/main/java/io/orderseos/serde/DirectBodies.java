package io.orderseos.serde;

import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.LineItem;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import io.orderseos.schemas.OrderState;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.OrderTransition;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.AvroTypeException;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.util.Utf8;

/**
 * The {@link DirectBody} of each type the app reads or writes for every record: the input event
 * (decoded, and encoded for its payload hash), the order's status (order store, {@code
 * order-status}), the transition (repartition topic) and the customer's aggregate (customer store,
 * {@code customer-stats}). Each is written for one frozen version, field by field in its order;
 * decimals take their scale and precision from that version.
 */
final class DirectBodies {
    private static final OrderState[] STATES = OrderState.values();
    private static final OrderEventType[] EVENT_TYPES = OrderEventType.values();
    /** Digits that every long holds: a decimal of at most 18 has its unscaled value in a long. */
    private static final int MAX_LONG_DIGITS = 18;

    static final DirectBody<OrderEvent> ORDER_EVENT = new OrderEventBody(frozen(OrderEvent.getClassSchema(), 2));

    static final DirectBody<OrderStatus> ORDER_STATUS = new OrderStatusBody(frozen(OrderStatus.getClassSchema(), 1));
    static final DirectBody<OrderTransition> ORDER_TRANSITION =
            new OrderTransitionBody(frozen(OrderTransition.getClassSchema(), 1));
    static final DirectBody<CustomerStats> CUSTOMER_STATS =
            new CustomerStatsBody(frozen(CustomerStats.getClassSchema(), 1));

    private DirectBodies() {}

    /** Version {@code version} of {@code current}'s type, from its frozen history. */
    private static Schema frozen(Schema current, int version) {
        return SchemaVersions.of(current).history().get(version - 1);
    }

    /** A body of a version whose decimals all have one type: its scale and precision. */
    private abstract static class DecimalBody<T> implements DirectBody<T> {
        private final Schema schema;
        final int scale;
        final int precision;

        /**
         * @param decimals the schema of each of the version's decimals, which must all be the same
         */
        DecimalBody(Schema schema, Schema... decimals) {
            this.schema = schema;
            LogicalTypes.Decimal type = (LogicalTypes.Decimal) decimals[0].getLogicalType();
            for (Schema decimal : decimals) {
                if (!type.equals(decimal.getLogicalType())) {
                    throw new IllegalStateException(schema.getName() + " has decimals of different types");
                }
            }
            this.scale = type.getScale();
            this.precision = type.getPrecision();
        }

        @Override
        public final Schema schema() {
            return schema;
        }
    }

    /** The branch of a union {@code ["null", X]}: false for null, true for X. */
    private static boolean present(BinaryDecoder in) throws IOException {
        int branch = in.readIndex();
        if (branch != 0 && branch != 1) {
            throw new AvroTypeException("union index " + branch + " out of range for 2 branches");
        }
        return branch == 1;
    }

    /**
     * {@code amount} and {@code currency} are unions {@code ["null", X]}; {@code items} an array of
     * {@code LineItem}, whose {@code unitPrice} has the amount's decimal type.
     */
    private static final class OrderEventBody extends DecimalBody<OrderEvent> {
        OrderEventBody(Schema schema) {
            super(
                    schema,
                    schema.getField("amount").schema().getTypes().get(1),
                    schema.getField("items")
                            .schema()
                            .getElementType()
                            .getField("unitPrice")
                            .schema());
        }

        @Override
        public void write(OrderEvent value, Encoder out) throws IOException {
            out.writeString(value.getEventId());
            out.writeString(value.getOrderId());
            out.writeString(value.getCustomerId());
            out.writeEnum(value.getType().ordinal());
            writeTimestampMillis(value.getOccurredAt(), out);
            if (value.getAmount() == null) {
                out.writeIndex(0);
            } else {
                out.writeIndex(1);
                writeDecimal(value.getAmount(), scale, precision, out);
            }
            if (value.getCurrency() == null) {
                out.writeIndex(0);
            } else {
                out.writeIndex(1);
                out.writeString(value.getCurrency());
            }
            List<LineItem> items = value.getItems();
            out.writeArrayStart();
            out.setItemCount(items.size());
            for (LineItem item : items) {
                out.startItem();
                out.writeString(item.getSku());
                out.writeInt(item.getQuantity());
                writeDecimal(item.getUnitPrice(), scale, precision, out);
            }
            out.writeArrayEnd();
        }

        @Override
        public OrderEvent read(BinaryDecoder in) throws IOException {
            String eventId = in.readString();
            String orderId = in.readString();
            String customerId = in.readString();
            OrderEventType type = readEnum(in, EVENT_TYPES);
            Instant occurredAt = readTimestampMillis(in);
            BigDecimal amount = present(in) ? readDecimal(in, scale) : null;
            String currency = present(in) ? readCurrency(in) : null;
            List<LineItem> items = new ArrayList<>();
            for (long block = in.readArrayStart(); block != 0; block = in.arrayNext()) {
                for (long i = 0; i < block; i++) {
                    items.add(new LineItem(in.readString(), in.readInt(), readDecimal(in, scale)));
                }
            }
            return new OrderEvent(eventId, orderId, customerId, type, occurredAt, amount, currency, items);
        }
    }

    private static final class OrderStatusBody extends DecimalBody<OrderStatus> {
        OrderStatusBody(Schema schema) {
            super(schema, schema.getField("amount").schema());
        }

        @Override
        public void write(OrderStatus value, Encoder out) throws IOException {
            out.writeString(value.getOrderId());
            out.writeString(value.getCustomerId());
            out.writeEnum(value.getStatus().ordinal());
            writeDecimal(value.getAmount(), scale, precision, out);
            out.writeString(value.getCurrency());
            writeTimestampMillis(value.getPlacedAt(), out);
            writeTimestampMillis(value.getUpdatedAt(), out);
            out.writeString(value.getLastEventId());
        }

        @Override
        public OrderStatus read(BinaryDecoder in) throws IOException {
            return new OrderStatus(
                    in.readString(),
                    in.readString(),
                    readEnum(in, STATES),
                    readDecimal(in, scale),
                    readCurrency(in),
                    readTimestampMillis(in),
                    readTimestampMillis(in),
                    in.readString());
        }
    }

    /** {@code previous} is the union {@code ["null", OrderState]}; {@code order} an embedded status. */
    private static final class OrderTransitionBody implements DirectBody<OrderTransition> {
        private final Schema schema;
        private final DirectBody<OrderStatus> order;

        OrderTransitionBody(Schema schema) {
            this.schema = schema;
            this.order = new OrderStatusBody(schema.getField("order").schema());
        }

        @Override
        public Schema schema() {
            return schema;
        }

        @Override
        public void write(OrderTransition value, Encoder out) throws IOException {
            if (value.getPrevious() == null) {
                out.writeIndex(0);
            } else {
                out.writeIndex(1);
                out.writeEnum(value.getPrevious().ordinal());
            }
            order.write(value.getOrder(), out);
        }

        @Override
        public OrderTransition read(BinaryDecoder in) throws IOException {
            OrderState previous = present(in) ? readEnum(in, STATES) : null;
            return new OrderTransition(previous, order.read(in));
        }
    }

    private static final class CustomerStatsBody extends DecimalBody<CustomerStats> {
        CustomerStatsBody(Schema schema) {
            super(
                    schema,
                    schema.getField("placedAmount").schema().getValueType(),
                    schema.getField("paidAmount").schema().getValueType());
        }

        @Override
        public void write(CustomerStats value, Encoder out) throws IOException {
            out.writeString(value.getCustomerId());
            out.writeLong(value.getOrdersPlaced());
            out.writeLong(value.getOrdersPaid());
            out.writeLong(value.getOrdersShipped());
            out.writeLong(value.getOrdersDelivered());
            out.writeLong(value.getOrdersCancelled());
            writeDecimalMap(value.getPlacedAmount(), scale, precision, out);
            writeDecimalMap(value.getPaidAmount(), scale, precision, out);
            writeTimestampMillis(value.getLastEventAt(), out);
        }

        @Override
        public CustomerStats read(BinaryDecoder in) throws IOException {
            CustomerStats value = new CustomerStats();
            value.setCustomerId(in.readString());
            value.setOrdersPlaced(in.readLong());
            value.setOrdersPaid(in.readLong());
            value.setOrdersShipped(in.readLong());
            value.setOrdersDelivered(in.readLong());
            value.setOrdersCancelled(in.readLong());
            value.setPlacedAmount(readDecimalMap(in, scale));
            value.setPaidAmount(readDecimalMap(in, scale));
            value.setLastEventAt(readTimestampMillis(in));
            return value;
        }
    }

    /** A decimal as Avro's {@code DecimalConversion} writes it: the unscaled value's minimal two's complement. */
    private static void writeDecimal(BigDecimal value, int scale, int precision, Encoder out) throws IOException {
        BigDecimal scaled = value;
        if (value.scale() != scale) {
            try {
                scaled = value.setScale(scale, RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                throw new AvroTypeException("Cannot encode decimal with scale " + value.scale() + " as scale " + scale
                        + " without rounding");
            }
        }
        if (scaled.precision() > precision) {
            throw new AvroTypeException(
                    "Cannot encode decimal with precision " + scaled.precision() + " as max precision " + precision);
        }
        if (scaled.precision() > MAX_LONG_DIGITS) {
            out.writeBytes(scaled.unscaledValue().toByteArray());
            return;
        }
        // The unscaled value as a long, without unscaledValue()'s BigInteger: with the point moved
        // by the scale the value is an integer of at most 18 digits, which longValueExact returns as is.
        long bits = scaled.movePointRight(scaled.scale()).longValueExact();
        int length = (Long.SIZE - Long.numberOfLeadingZeros(bits < 0 ? ~bits : bits)) / Byte.SIZE + 1;
        byte[] bytes = DECIMAL_BYTES.get().array();
        for (int i = length - 1; i >= 0; i--) {
            bytes[i] = (byte) bits;
            bits >>= Byte.SIZE;
        }
        out.writeBytes(bytes, 0, length);
    }

    /**
     * A decimal as Avro's {@code DecimalConversion} reads it, without a {@link BigInteger} when it
     * fits a long. Avro's {@code readBytes} checks the length against its limit and the bytes left
     * before it allocates, and fills this thread's 8-byte buffer when the value fits.
     */
    private static BigDecimal readDecimal(BinaryDecoder in, int scale) throws IOException {
        ByteBuffer bytes = in.readBytes(DECIMAL_BYTES.get());
        int length = bytes.remaining();
        if (length == 0) {
            throw new AvroTypeException("a decimal of zero bytes");
        }
        byte[] array = bytes.array();
        if (length > Long.BYTES) {
            return new BigDecimal(new BigInteger(array, 0, length), scale);
        }
        long unscaled = array[0]; // sign-extended
        for (int i = 1; i < length; i++) {
            unscaled = (unscaled << Byte.SIZE) | (array[i] & 0xFF);
        }
        return BigDecimal.valueOf(unscaled, scale);
    }

    /** Each thread's buffer for the decimals that fit a long, read or written. */
    private static final ThreadLocal<ByteBuffer> DECIMAL_BYTES =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(Long.BYTES));

    private static void writeTimestampMillis(Instant value, Encoder out) throws IOException {
        out.writeLong(value.toEpochMilli());
    }

    private static Instant readTimestampMillis(BinaryDecoder in) throws IOException {
        return Instant.ofEpochMilli(in.readLong());
    }

    /** An enum symbol by its index, which for a generated enum is its ordinal. */
    private static <E extends Enum<E>> E readEnum(BinaryDecoder in, E[] symbols) throws IOException {
        int index = in.readEnum();
        if (index < 0 || index >= symbols.length) {
            throw new AvroTypeException("enum index " + index + " out of range for " + symbols.length + " symbols");
        }
        return symbols[index];
    }

    /** A map of string keys to decimals, in its iteration order, as Avro's datum writer writes it. */
    private static void writeDecimalMap(Map<String, BigDecimal> map, int scale, int precision, Encoder out)
            throws IOException {
        out.writeMapStart();
        out.setItemCount(map.size());
        for (Map.Entry<String, BigDecimal> entry : map.entrySet()) {
            out.startItem();
            out.writeString(entry.getKey());
            writeDecimal(entry.getValue(), scale, precision, out);
        }
        out.writeMapEnd();
    }

    /**
     * A map of currencies to decimals. With one entry, as most customers' totals have, or none, it
     * is {@link Map#of}'s (one small object, or none, instead of a {@link HashMap} with its table and
     * node), which cannot be changed; with more, a {@code HashMap} as Avro's reader makes (its
     * default one; {@code org.apache.avro.fastread=false} sizes the map by the first block), which
     * iterates in the same order, so that a value read and written again is written as Avro writes
     * it. (An unmodifiable view of that map would cost a wrapper for every entry each time it is
     * iterated, as writing it does.)
     */
    private static Map<String, BigDecimal> readDecimalMap(BinaryDecoder in, int scale) throws IOException {
        String firstKey = null;
        BigDecimal firstValue = null;
        Map<String, BigDecimal> more = null;
        for (long block = in.readMapStart(); block != 0; block = in.mapNext()) {
            for (long i = 0; i < block; i++) {
                String key = readCurrency(in);
                BigDecimal value = readDecimal(in, scale);
                if (firstKey == null) {
                    firstKey = key;
                    firstValue = value;
                } else {
                    if (more == null) {
                        more = new HashMap<>();
                        more.put(firstKey, firstValue);
                    }
                    more.put(key, value); // a repeated key keeps its last value, as in Avro's reader
                }
            }
        }
        if (more != null) {
            return more;
        }
        return firstKey == null ? Map.of() : Map.of(firstKey, firstValue);
    }

    /**
     * A currency code: an ISO-4217 code as the one {@code String} instance of that code, with nothing
     * allocated (a record's currency is read several times: in the event, in the order's status from
     * its store and from the repartition topic, in the customer's totals), anything else as read.
     */
    private static String readCurrency(BinaryDecoder in) throws IOException {
        Utf8 read = in.readString(CURRENCY_BYTES.get());
        String code = ISO_CURRENCIES.get(read);
        if (code != null) {
            return code;
        }
        String other = read.toString();
        if (read.getBytes().length > MAX_KEPT_CURRENCY_BYTES) {
            CURRENCY_BYTES.remove(); // a long malformed one: its buffer is not kept for the thread's life
        }
        return other;
    }

    private static final Map<Utf8, String> ISO_CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableMap(Utf8::new, code -> code));

    private static final int MAX_KEPT_CURRENCY_BYTES = 64;

    /** Each thread's buffer for the currency being read. */
    private static final ThreadLocal<Utf8> CURRENCY_BYTES = ThreadLocal.withInitial(Utf8::new);
}
