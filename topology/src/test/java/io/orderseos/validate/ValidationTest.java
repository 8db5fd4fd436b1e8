package io.orderseos.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.DeadLetters;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.testing.DeadLetter;
import io.orderseos.testing.Encodings;
import io.orderseos.testing.Events;
import io.orderseos.testing.OrdersTestDriver;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every business rule: a record that breaks one is dead-lettered as VALIDATION and nothing else happens. */
class ValidationTest {
    private final OrdersTestDriver orders = OrdersTestDriver.start();

    @AfterEach
    void close() {
        orders.close();
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                rule("missing eventId", e -> e.eventId(""), "eventId is missing"),
                rule("blank orderId", e -> e.orderId(" "), "orderId is missing"),
                rule("missing customerId", e -> e.customerId(""), "customerId is missing"),
                rule("id too long", e -> e.eventId("e".repeat(257)), "eventId is 257 characters long"),
                rule("control characters in id", e -> e.eventId("e-\u0000-1"), "eventId contains control characters"),
                rule("PLACED without amount", e -> e.amount(null), "PLACED without amount"),
                rule("PLACED with zero amount", e -> e.amount("0.00"), "must be positive"),
                rule("negative amount", e -> e.amount("-10.00"), "amount is negative"),
                rule("PLACED without currency", e -> e.currency(null), "PLACED without currency"),
                rule("currency not ISO-4217", e -> e.currency("EURO"), "currency 'EURO' is not an ISO-4217 code"),
                rule("lower-case currency", e -> e.currency("eur"), "currency 'eur' is not an ISO-4217 code"),
                rule("items not summing to amount", e -> e.amount("11.00"), "items sum to 10.00 but amount is 11.00"),
                rule("non-positive quantity", e -> e.item("sku-2", 0, "1.00").amount("10.00"), "quantity is 0"),
                rule("negative quantity", e -> e.item("sku-2", -1, "1.00").amount("9.00"), "quantity is -1"),
                rule("negative unit price", e -> e.item("sku-2", 1, "-1.00").amount("9.00"), "unitPrice is negative"),
                rule("missing sku", e -> e.item("", 1, "1.00").amount("11.00"), "items[1].sku is missing"));
    }

    private static Arguments rule(String name, UnaryOperator<Events.Builder> breakIt, String detail) {
        return Arguments.of(name, breakIt, detail);
    }

    private static Events.Builder validPlaced() {
        return Events.placed("o-1", "c-1").item("sku-1", 2, "5.00");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void brokenRuleIsDeadLetteredAsValidation(String name, UnaryOperator<Events.Builder> breakIt, String detail) {
        OrderEvent event = breakIt.apply(validPlaced()).build();
        orders.send(event);

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.VALIDATION);
        assertThat(letter.detail()).contains(detail);
        assertThat(letter.value()).isEqualTo(orders.encode(event));
        assertThat(orders.readOrderStatus()).isEmpty();
        assertThat(orders.readCustomerStats()).isEmpty();
        assertThat(orders.orderStore().approximateNumEntries()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void goodRecordAfterABrokenRuleIsProcessed(String name, UnaryOperator<Events.Builder> breakIt, String detail) {
        orders.send(breakIt.apply(validPlaced()).build());
        orders.send(Events.placed("o-2", "c-1").item("sku-1", 1, "1.00"));

        assertThat(orders.readDeadLetters()).hasSize(1);
        assertThat(orders.order("o-2")).isNotNull();
    }

    @Test
    void amountOverTheDecimalPrecisionIsValidationError() {
        // Our serde cannot write it; a producer with a looser copy of the schema can (precision is
        // not part of the fingerprint). Accepted, it would fail every later encode of the order.
        Schema loose = new Schema.Parser()
                .parse(OrderEvent.getClassSchema().toString().replace("\"precision\":18", "\"precision\":38"));
        OrderEvent event = validPlaced()
                .item("sku-2", 1, "12345678901234557.00")
                .amount("12345678901234567.00")
                .build();
        byte[] value = Encodings.encode(event, loose);
        orders.sendRaw("o-1".getBytes(StandardCharsets.UTF_8), value);

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.VALIDATION);
        assertThat(letter.detail())
                .contains("amount has 19 digits: at most 18 fit")
                .contains("items[1].unitPrice has 19 digits");
        assertThat(letter.value()).isEqualTo(value);
    }

    @Test
    void quantitiesNearTheIntLimitAreSummedExactly() {
        // Two items of Integer.MAX_VALUE: an int (or long) running sum would overflow or lose cents.
        orders.send(Events.placed("o-1", "c-1")
                .item("sku-1", Integer.MAX_VALUE, "1.00")
                .item("sku-2", Integer.MAX_VALUE, "0.01"));

        assertThat(orders.readDeadLetters()).isEmpty();
        assertThat(orders.order("o-1").getAmount()).isEqualByComparingTo("2168958483.47");
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    @Test
    void itemsWhoseTotalOverflowsTheAmountAreValidationError() {
        orders.send(validPlaced()
                .item("sku-2", Integer.MAX_VALUE, "9999999999999999.99")
                .amount("10.00"));

        assertThat(onlyDeadLetter().detail())
                .isEqualTo("items sum to 21474836469999999978525173.53 but amount is 10.00");
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    @Test
    void hugeEventIdIsValidationErrorWithABoundedDetail() {
        OrderEvent event = validPlaced().eventId("e".repeat(200_000)).build();
        orders.send(event);

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.VALIDATION);
        assertThat(letter.detail()).isEqualTo("eventId is 200000 characters long: at most 256");
        assertThat(letter.value()).isEqualTo(orders.encode(event));
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    @Test
    void manyBrokenRulesAreSpelledOutUpToALimitThenCounted() {
        Events.Builder placed = validPlaced();
        for (int i = 0; i < 5_000; i++) {
            placed.item("", 0, "1.00");
        }
        orders.send(placed.amount("10.00"));

        DeadLetter letter = onlyDeadLetter();
        // 2 violations per broken item: 10,000, of which the first 20 are spelled out.
        assertThat(letter.detail()).startsWith("items[1].sku is missing; items[1].quantity is 0: must be positive;");
        assertThat(letter.detail()).endsWith("; and 9980 more");
        assertThat(letter.header(DeadLetters.MESSAGE)).hasSizeLessThan(1_100);
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    @Test
    void keyOtherThanOrderIdIsValidationError() {
        OrderEvent event = validPlaced().build();
        orders.send("o-2", event, event.getOccurredAt());

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.VALIDATION);
        assertThat(letter.detail()).contains("record key 'o-2' is not the orderId 'o-1'");
        assertThat(letter.key()).isEqualTo("o-2".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void everyBrokenRuleIsReportedInOneDeadLetter() {
        orders.send(validPlaced().customerId("").currency("XXXX").amount("11.00"));

        assertThat(onlyDeadLetter().detail())
                .contains("customerId is missing")
                .contains("currency 'XXXX'")
                .contains("items sum to 10.00 but amount is 11.00");
    }

    @Test
    void eachInvalidCopyIsItsOwnDeadLetter() {
        OrderEvent invalid = validPlaced().amount(null).build();
        orders.send(invalid);
        orders.send(invalid);

        assertThat(orders.readDeadLetters()).hasSize(2);
        assertThat(orders.dedupStore().fetchAll(Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE)))
                .isExhausted();
    }

    @Test
    void nonPlacedEventNeedsNoAmountCurrencyOrItems() {
        orders.send(validPlaced());
        orders.send(Events.paid("o-1", "c-1"));

        assertThat(orders.readDeadLetters()).isEmpty();
        assertThat(orders.order("o-1").getStatus().name()).isEqualTo("PAID");
    }

    private DeadLetter onlyDeadLetter() {
        List<DeadLetter> letters = orders.readDeadLetters();
        assertThat(letters).hasSize(1);
        return letters.get(0);
    }
}
