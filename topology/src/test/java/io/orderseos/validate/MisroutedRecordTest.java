package io.orderseos.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.OrdersConfig;
import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.testing.DeadLetter;
import io.orderseos.testing.Events;
import io.orderseos.testing.OrdersTestDriver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A record on another partition than Java's default partitioner gives its key: the driver's input
 * is partition 0 of a topic said to have four, so a key murmur2 puts elsewhere is misrouted.
 */
class MisroutedRecordTest {
    private static final int PARTITIONS = 4;

    private OrdersTestDriver orders;

    @AfterEach
    void close() {
        orders.close();
    }

    @Test
    void aMisroutedRecordIsCountedAndProcessedByDefault() {
        orders = OrdersTestDriver.start();
        orders.inputPartitioning().partitions(PARTITIONS);

        orders.send(Events.placed(keyOn(2), "c-1").item("sku-1", 1, "10.00"));
        orders.send(Events.placed(keyOn(0), "c-1").item("sku-1", 1, "10.00"));

        assertThat(orders.inputPartitioning().misroutedCount()).isEqualTo(1);
        assertThat(orders.order(keyOn(2))).isNotNull();
        assertThat(orders.readDeadLetters()).isEmpty();
    }

    @Test
    void withDeadLetterAMisroutedRecordIsAMisroutedDeadLetterSayingWhere() {
        orders = OrdersTestDriver.start(Map.of(OrdersConfig.INPUT_MISROUTED, "dead-letter"));
        orders.inputPartitioning().partitions(PARTITIONS);

        orders.send(Events.placed(keyOn(3), "c-1").item("sku-1", 1, "10.00"));

        List<DeadLetter> letters = orders.readDeadLetters();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).reason()).isEqualTo(DeadLetterReason.MISROUTED);
        assertThat(letters.get(0).detail())
                .isEqualTo("key " + keyOn(3) + " is on partition 0 of orders; Java's default partitioner (murmur2)"
                        + " puts it on partition 3, where its order's state is (docs/producers.md#key-and-partition)");
        assertThat(orders.order(keyOn(3))).isNull();
        orders.send(Events.placed(keyOn(0), "c-1").item("sku-1", 1, "10.00"));
        assertThat(orders.order(keyOn(0))).as("processing goes on").isNotNull();
    }

    @Test
    void withoutAPartitionCountNothingIsChecked() {
        orders = OrdersTestDriver.start(Map.of(OrdersConfig.INPUT_MISROUTED, "dead-letter"));

        orders.send(Events.placed(keyOn(1), "c-1").item("sku-1", 1, "10.00"));

        assertThat(orders.readDeadLetters()).isEmpty();
        assertThat(orders.inputPartitioning().misroutedCount()).isZero();
    }

    /** The first orderId {@code o-N} Java's default partitioner puts on {@code partition} of four. */
    private static String keyOn(int partition) {
        return IntStream.range(0, 1_000)
                .mapToObj(i -> "o-" + i)
                .filter(key ->
                        Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS == partition)
                .findFirst()
                .orElseThrow();
    }
}
