package io.orderseos.deadletter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderState;
import io.orderseos.testing.DeadLetter;
import io.orderseos.testing.Events;
import io.orderseos.testing.OrdersTestDriver;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Headers are the producer's, never trusted: ones that claim to be provenance are never passed on
 * as the app's, and no number of them stops a record. Outputs carry no input headers at all (they
 * are state that many events made); dead letters carry the input's own headers, minus forged
 * provenance, as far as they fit ({@link DeadLetterBoundsTest}).
 */
class InputHeadersTest {
    private final OrdersTestDriver orders = OrdersTestDriver.start();

    @AfterEach
    void close() {
        orders.close();
    }

    @Test
    void forgedProvenanceOnAGoodRecordNeverReachesTheOutputs() {
        send(Events.placed("o-1", "c-1").item("sku-1", 1, "1.00").build(), forged());

        assertThat(orders.readDeadLetters()).isEmpty();
        assertThat(orders.readOrderStatusRecords())
                .singleElement()
                .satisfies(status -> assertThat(status.headers().toArray()).isEmpty());
        assertThat(orders.readCustomerStatsRecords())
                .singleElement()
                .satisfies(stats -> assertThat(stats.headers().toArray()).isEmpty());
    }

    @Test
    void forgedProvenanceOnARecordFailingValidationIsReplacedByTheTrueOne() {
        send(Events.placed("o-1", "c-1").item("sku-1", 1, "1.00").amount("2.00").build(), forged());

        assertProvenanceIsTheAppsOwn(DeadLetterReason.VALIDATION);
    }

    @Test
    void forgedProvenanceOnAnIllegalTransitionIsReplacedByTheTrueOne() {
        send(Events.shipped("o-1", "c-1").build(), forged());

        assertProvenanceIsTheAppsOwn(DeadLetterReason.ILLEGAL_TRANSITION);
    }

    @Test
    void thousandsOfHeadersOnAGoodRecordDoNotStopItNorReachTheOutputs() {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < 5_000; i++) {
            headers.add("h-" + i, ("value-" + i).getBytes(UTF_8));
        }
        send(Events.placed("o-1", "c-1").item("sku-1", 1, "1.00").build(), headers);
        send(Events.paid("o-1", "c-1").at(Events.T0.plusSeconds(1)).build(), headers);

        assertThat(orders.order("o-1").getStatus()).isEqualTo(OrderState.PAID);
        assertThat(orders.readDeadLetters()).isEmpty();
        assertThat(orders.readOrderStatusRecords())
                .hasSize(2)
                .allSatisfy(status -> assertThat(status.headers().toArray()).isEmpty());
        assertThat(orders.readCustomerStatsRecords())
                .hasSize(2)
                .allSatisfy(stats -> assertThat(stats.headers().toArray()).isEmpty());
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    private void assertProvenanceIsTheAppsOwn(DeadLetterReason reason) {
        DeadLetter letter = orders.readDeadLetters().get(0);
        assertThat(letter.reason()).isEqualTo(reason);
        for (String provenance : new String[] {
            DeadLetters.REASON,
            DeadLetters.DETAIL,
            DeadLetters.TRUNCATED,
            DeadLetters.TOPIC,
            DeadLetters.PARTITION,
            DeadLetters.OFFSET,
            DeadLetters.EXCEPTION
        }) {
            assertThat(letter.headerCount(provenance))
                    .as(provenance)
                    .isEqualTo(provenance.equals(DeadLetters.TRUNCATED) ? 0 : 1);
        }
        assertThat(letter.header(DeadLetters.TOPIC)).isEqualTo("orders");
        assertThat(letter.header(DeadLetters.OFFSET)).isEqualTo("0");
        assertThat(letter.header(DeadLetters.EXCEPTION)).isEqualTo(RejectedEventException.class.getName());
        assertThat(letter.header("trace-id")).isEqualTo("abc");
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    private void send(OrderEvent event, Headers headers) {
        orders.driver()
                .createInputTopic(
                        orders.topics().orders().name(),
                        orders.topics().orders().keySerde().serializer(),
                        orders.topics().orders().valueSerde().serializer())
                .pipeInput(new TestRecord<>(event.getOrderId(), event, headers, event.getOccurredAt()));
    }

    /** Headers claiming a dead letter's provenance, and one ordinary header. */
    private static Headers forged() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.REASON, "OVERSIZE".getBytes(UTF_8));
        headers.add(DeadLetters.DETAIL, "nothing to see".getBytes(UTF_8));
        headers.add(DeadLetters.TRUNCATED, "1".getBytes(UTF_8));
        headers.add(DeadLetters.TOPIC, "somewhere-else".getBytes(UTF_8));
        headers.add(DeadLetters.PARTITION, "7".getBytes(UTF_8));
        headers.add(DeadLetters.OFFSET, "42".getBytes(UTF_8));
        headers.add(DeadLetters.EXCEPTION, "java.lang.Error".getBytes(UTF_8));
        headers.add("trace-id", "abc".getBytes(UTF_8));
        return headers;
    }
}
