package io.orderseos.deadletter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.OrdersConfig;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderState;
import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.DeadLetter;
import io.orderseos.testing.Encodings;
import io.orderseos.testing.Events;
import io.orderseos.testing.OrdersTestDriver;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Records that cannot be decoded, or are not order events at all: each yields exactly one dead
 * letter with the original bytes and its provenance, and the next good record is still processed.
 */
class BadInputTest {
    private static final byte[] KEY = "o-1".getBytes(UTF_8);

    private OrdersTestDriver orders = OrdersTestDriver.start();

    @AfterEach
    void close() {
        orders.close();
    }

    @Test
    void undecodableBytesAreDeadLetteredWithProvenance() {
        byte[] value = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        orders.sendRaw(KEY, value);

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION);
        assertThat(letter.key()).isEqualTo(KEY);
        assertThat(letter.value()).isEqualTo(value);
        assertThat(letter.header(DeadLetters.TOPIC)).isEqualTo("orders");
        assertThat(letter.header(DeadLetters.PARTITION)).isEqualTo("0");
        assertThat(letter.header(DeadLetters.OFFSET)).isEqualTo("0");
        assertThat(letter.header(DeadLetters.EXCEPTION)).isEqualTo(SerializationException.class.getName());
        assertThat(letter.header(DeadLetters.MESSAGE)).contains("not Avro single-object encoding");
        assertThat(letter.header(DeadLetters.STACKTRACE)).contains("AvroSerde.deserialize");
        assertThat(letter.detail()).contains("expected header C3 01");
        assertThat(letter.header(DeadLetters.INPUT_TIMESTAMP)).isEqualTo(Long.toString(Events.T0.toEpochMilli()));
        assertThat(orders.deadLetterCount(DeadLetterReason.DESERIALIZATION)).isEqualTo(1);
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    @Test
    void provenanceNamesTheOffsetOfTheBadRecord() {
        orders.send(Events.placed("o-0", "c-1").item("sku-1", 1, "1.00"));
        orders.sendRaw(KEY, new byte[] {42});

        assertThat(onlyDeadLetter().header(DeadLetters.OFFSET)).isEqualTo("1");
    }

    @Test
    void emptyValueIsDeserializationError() {
        orders.sendRaw(KEY, new byte[0]);

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION);
        assertThat(letter.detail()).contains("empty value");
        assertThat(letter.value()).isEmpty();
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    @Test
    void wrongMagicBytesAreDeserializationError() {
        byte[] value = validValue();
        value[0] = 0x00; // the Confluent wire format's magic byte, for example

        assertDeserializationError(value, "not Avro single-object encoding");
    }

    @Test
    void unknownWriterSchemaIsDeserializationError() {
        byte[] value = validValue();
        value[5] ^= 0x5A; // inside the fingerprint

        assertDeserializationError(value, "unknown writer schema");
    }

    @Test
    void truncatedAvroIsDeserializationError() {
        byte[] value = validValue();

        assertDeserializationError(Arrays.copyOf(value, value.length - 3), "cannot decode OrderEvent");
    }

    @Test
    void trailingBytesAreDeserializationError() {
        byte[] value = validValue();

        assertDeserializationError(Arrays.copyOf(value, value.length + 2), "trailing bytes");
    }

    @Test
    void lengthPrefixClaimingAGigabyteIsRejectedWithoutAllocatingIt() {
        byte[] header = Arrays.copyOf(validValue(), AvroSerde.HEADER_LENGTH);
        // eventId's length as a zig-zag varint: 2^30 bytes, in a 15-byte record.
        byte[] hostile = Arrays.copyOf(header, header.length + 5);
        byte[] length = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
        System.arraycopy(length, 0, hostile, header.length, length.length);

        assertDeserializationError(hostile, "cannot decode OrderEvent");
    }

    @Test
    void oversizeValueIsDeadLetteredTruncatedAndFlagged() {
        orders.close();
        orders = OrdersTestDriver.start(
                Map.of(OrdersConfig.INPUT_MAX_BYTES, "2048", OrdersConfig.DLQ_MAX_BYTES, "1024"));
        byte[] value = new byte[5000];
        Arrays.fill(value, (byte) 7);
        orders.sendRaw(KEY, value);

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.OVERSIZE);
        assertThat(letter.detail()).isEqualTo("value of 5000 bytes exceeds the limit of 2048 bytes");
        assertThat(letter.value()).isEqualTo(Arrays.copyOf(value, 1024));
        assertThat(letter.header(DeadLetters.TRUNCATED)).isEqualTo("5000");
        assertThat(orders.deadLetterCount(DeadLetterReason.OVERSIZE)).isEqualTo(1);
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    @Test
    void deadLetterUnderTheCapIsNotFlagged() {
        orders.sendRaw(KEY, new byte[] {1});

        assertThat(onlyDeadLetter().header(DeadLetters.TRUNCATED)).isNull();
    }

    @Test
    void tombstoneIsValidationError() {
        orders.sendRaw(KEY, null);

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.VALIDATION);
        assertThat(letter.detail()).contains("value is null");
        assertThat(letter.key()).isEqualTo(KEY);
        assertThat(letter.value()).isNull();
        assertThat(letter.header(DeadLetters.TOPIC)).isEqualTo("orders");
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    @Test
    void nullKeyIsValidationError() {
        byte[] value = validValue();
        orders.sendRaw(null, value);

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.VALIDATION);
        assertThat(letter.detail()).contains("record key is null");
        assertThat(letter.key()).isNull();
        assertThat(letter.value()).isEqualTo(value);
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    @Test
    void negativeTimestampDoesNotStopProcessing() {
        OrderEvent placed = Events.placed("o-1", "c-1").item("sku-1", 1, "1.00").build();
        orders.sendRaw(KEY, orders.encode(placed), -1L, null);

        assertThat(orders.order("o-1").getStatus()).isEqualTo(OrderState.PLACED);
        assertThat(orders.readDeadLetters()).isEmpty();
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    @Test
    void negativeTimestampOnABadRecordStillYieldsADeadLetter() {
        orders.sendRaw(KEY, new byte[] {1}, -1L, null);

        assertThat(onlyDeadLetter().reason()).isEqualTo(DeadLetterReason.DESERIALIZATION);
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    @Test
    void eventWrittenWithOlderSchemaVersionIsApplied() {
        orders.send(Events.placed("o-1", "c-1").item("sku-1", 1, "1.00"));
        OrderEvent paid = Events.paid("o-1", "c-1").at(Events.T0.plusSeconds(1)).build();
        orders.sendRaw(KEY, Encodings.encode(paid, orderEventVersion(1)));

        assertThat(orders.order("o-1").getStatus()).isEqualTo(OrderState.PAID);
        assertThat(orders.order("o-1").getLastEventId()).isEqualTo("o-1-paid");
        assertThat(orders.readDeadLetters()).isEmpty();
    }

    @Test
    void placedEventOfOlderSchemaVersionHasNoItemsAndIsInvalid() {
        OrderEvent placed = Events.placed("o-1", "c-1").item("sku-1", 1, "1.00").build();
        orders.sendRaw(KEY, Encodings.encode(placed, orderEventVersion(1)));

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.VALIDATION);
        assertThat(letter.detail()).contains("PLACED without items");
    }

    @Test
    void forgedProvenanceHeadersOnInputAreDropped() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.REASON, "OVERSIZE".getBytes(UTF_8));
        headers.add(DeadLetters.TOPIC, "somewhere-else".getBytes(UTF_8));
        headers.add("trace-id", "abc".getBytes(UTF_8));
        orders.sendRaw(KEY, new byte[] {1}, Events.T0.toEpochMilli(), headers);

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.headerCount(DeadLetters.REASON)).isEqualTo(1);
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION);
        assertThat(letter.headerCount(DeadLetters.TOPIC)).isEqualTo(1);
        assertThat(letter.header(DeadLetters.TOPIC)).isEqualTo("orders");
        assertThat(letter.header("trace-id")).isEqualTo("abc");
    }

    @Test
    void headerNamesAreKafkasOwn() {
        assertThat(List.of(
                        DeadLetters.EXCEPTION,
                        DeadLetters.MESSAGE,
                        DeadLetters.STACKTRACE,
                        DeadLetters.TOPIC,
                        DeadLetters.PARTITION,
                        DeadLetters.OFFSET))
                .containsExactly(
                        ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME,
                        ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME,
                        ExceptionHandlerUtils.HEADER_ERRORS_STACKTRACE_NAME,
                        ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME,
                        ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME,
                        ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME);
    }

    private void assertDeserializationError(byte[] value, String detail) {
        orders.sendRaw(KEY, value);

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION);
        assertThat(letter.detail()).contains(detail);
        assertThat(letter.key()).isEqualTo(KEY);
        assertThat(letter.value()).isEqualTo(value);
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    private byte[] validValue() {
        return orders.encode(
                Events.placed("o-1", "c-1").item("sku-1", 1, "1.00").build());
    }

    private static org.apache.avro.Schema orderEventVersion(int version) {
        return AvroSerde.orderEvents(Integer.MAX_VALUE).versions().history().get(version - 1);
    }

    private DeadLetter onlyDeadLetter() {
        List<DeadLetter> letters = orders.readDeadLetters();
        assertThat(letters).hasSize(1);
        return letters.get(0);
    }
}
