package io.orderseos.ops.verify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.OrdersConfig;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.Events;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier against a real app with a reorder window (one minute of stream time, one input
 * partition, record timestamps set): events released in order, competing ones, held ones expired
 * by a later event, a copy of a held event, a replayed dead letter and a plain copy of it, and one
 * event still held at the end, which the instance's {@code orders_reorder_held} must count.
 */
class ReorderVerifierIT {
    private static final AvroSerde<OrderEvent> SERDE = AvroSerde.orderEvents(Integer.MAX_VALUE);
    private static final long SECOND = 1_000;

    @TempDir
    static Path dir;

    private static AppUnderVerification verified;

    @BeforeAll
    static void start() throws Exception {
        verified =
                AppUnderVerification.start(dir, "reorder-verifier-it", 1, Map.of(OrdersConfig.REORDER_WINDOW, "PT1M"));
        produceEventsOutOfOrder();
    }

    @AfterAll
    static void stop() {
        if (verified != null) {
            verified.close();
        }
    }

    @Test
    void theAppDoesWhatTheModelSaysAndHoldsWhatIsLeft() throws Exception {
        String output = verified.verify(List.of(verified.http()));

        assertThat(output)
                .contains("PASSED: 0 violations")
                .contains("applied=8")
                .contains("dead letter ILLEGAL_TRANSITION=3")
                .contains("duplicate dropped=2")
                .contains("held=1")
                .contains("held at the end of the input: 1")
                .containsPattern("held at the end +ok +2 checked");
    }

    private static void produceEventsOutOfOrder() throws Exception {
        long t = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
        OrderEvent shipped2 = Events.shipped("o-2", "c-2").build();
        OrderEvent delivered4 = Events.delivered("o-4", "c-4").build();
        try (KafkaProducer<byte[], byte[]> producer = verified.kafka.producer()) {
            send(producer, t, Events.paid("o-1", "c-1").build()); // held, released by PLACED
            send(producer, t + SECOND, placed("o-1", "c-1"));
            send(producer, t + 2 * SECOND, placed("o-2", "c-2"));
            send(producer, t + 3 * SECOND, shipped2); // held for PAID: expires at t + 63 s
            send(producer, t + 4 * SECOND, Events.cancelled("o-3", "c-3").build()); // held, wins
            send(producer, t + 5 * SECOND, Events.paid("o-3", "c-3").build()); // held, then illegal
            send(producer, t + 6 * SECOND, placed("o-3", "c-3"));
            send(producer, t + 7 * SECOND, delivered4); // held: expires at t + 67 s
            send(producer, t + 8 * SECOND, delivered4); // a copy of a held event: a duplicate
            send(producer, t + 70 * SECOND, placed("o-5", "c-5")); // expires o-2's SHIPPED and o-4's DELIVERED
            send(producer, t + 71 * SECOND, Events.paid("o-6", "c-6").build()); // still held at the end
            send(producer, t + 72 * SECOND, Events.paid("o-2", "c-2").build());
            RecordHeaders replay = new RecordHeaders();
            replay.add("orders.replay.origin", "orders-dlq/0@1".getBytes(UTF_8));
            producer.send(new ProducerRecord<>(
                            "orders", null, t + 73 * SECOND, key(shipped2), SERDE.serialize(null, shipped2), replay))
                    .get(); // the expired SHIPPED replayed: applied now
            send(producer, t + 74 * SECOND, shipped2); // a plain copy: a duplicate
        }
    }

    private static OrderEvent placed(String order, String customer) {
        return Events.placed(order, customer).item("sku-1", 1, "5.00").build();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, long timestamp, OrderEvent event)
            throws Exception {
        producer.send(new ProducerRecord<>("orders", null, timestamp, key(event), SERDE.serialize(null, event)))
                .get();
    }

    private static byte[] key(OrderEvent event) {
        return event.getOrderId().getBytes(UTF_8);
    }
}
