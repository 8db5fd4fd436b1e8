package io.orderseos.deadletter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderseos.schemas.OrderStatus;
import io.orderseos.testing.Events;
import io.orderseos.testing.OrdersTestDriver;
import io.orderseos.topology.OrderTopology;
import io.orderseos.topology.StoredFormats;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/**
 * Only input records become dead letters. A record of the repartition topic that cannot be decoded
 * (written by an instance of an incompatible version, say) carries state that exists nowhere else
 * and could not be replayed: it is a fault, the task fails, and nothing is dead-lettered.
 */
class InternalRecordFaultTest {
    private static final String REPARTITION = "orders-eos-" + OrderTopology.BY_CUSTOMER + "-repartition";

    @Test
    void anUndecodableRepartitionRecordFailsTheTaskAndIsNoDeadLetter() {
        try (OrdersTestDriver orders = OrdersTestDriver.start()) {
            TestInputTopic<byte[], byte[]> repartition =
                    orders.driver().createInputTopic(REPARTITION, new ByteArraySerializer(), new ByteArraySerializer());

            assertThatThrownBy(() -> repartition.pipeInput("c-1".getBytes(UTF_8), new byte[] {1, 2, 3, 4}))
                    .isInstanceOf(StreamsException.class)
                    .hasMessageContaining(
                            "Deserialization exception handler is set to fail upon a deserialization error")
                    .rootCause()
                    .hasMessageContaining("not Avro single-object encoding");

            assertThat(orders.readDeadLetters()).isEmpty();
            assertThat(orders.deadLetterCount(DeadLetterReason.DESERIALIZATION)).isZero();
        }
    }

    @Test
    void aTransitionOfAnotherSchemaVersionIsAFaultToo() {
        try (OrdersTestDriver orders = OrdersTestDriver.start()) {
            TestInputTopic<byte[], byte[]> repartition =
                    orders.driver().createInputTopic(REPARTITION, new ByteArraySerializer(), new ByteArraySerializer());
            // A status where a transition belongs: single-object encoded, but of a schema the
            // repartition topic's serde does not know.
            byte[] status = StoredFormats.of(orders.config())
                    .orderStatus()
                    .serialize(
                            REPARTITION,
                            new OrderStatus(
                                    "o-1",
                                    "c-1",
                                    io.orderseos.schemas.OrderState.PLACED,
                                    new java.math.BigDecimal("1.00"),
                                    "EUR",
                                    Events.T0,
                                    Events.T0,
                                    "e-1"));

            assertThatThrownBy(() -> repartition.pipeInput("c-1".getBytes(UTF_8), status))
                    .isInstanceOf(StreamsException.class)
                    .rootCause()
                    .hasMessageContaining("unknown writer schema");
            assertThat(orders.readDeadLetters()).isEmpty();
        }
    }

    @Test
    void anUndecodableInputRecordIsStillADeadLetter() {
        try (OrdersTestDriver orders = OrdersTestDriver.start()) {
            orders.sendRaw("o-1".getBytes(UTF_8), new byte[] {1, 2, 3, 4});

            assertThat(orders.readDeadLetters()).singleElement().satisfies(letter -> assertThat(letter.reason())
                    .isEqualTo(DeadLetterReason.DESERIALIZATION));
        }
    }
}
