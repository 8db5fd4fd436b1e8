package io.orderseos.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.schemas.OrderEvent;
import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Events;
import io.orderseos.testing.JarInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reorder buffer in the deployable jar against a real broker: an early event is held (shown by
 * {@code GET /orders/{orderId}} and the held gauge), survives a {@code kill -9} inside an open
 * transaction and the restart, and is applied when the step before it arrives.
 */
class ReorderBufferIT {
    private static final String APP = "orders-eos-reorder";
    private static final Map<String, String> ENV =
            Map.of("ORDERS_REORDER_WINDOW", "PT5M", "KAFKA_COMMIT_INTERVAL_MS", "500");
    private static final AvroSerde<OrderEvent> SERDE = AvroSerde.orderEvents(1 << 20);

    @TempDir
    Path dir;

    @Test
    void aHeldEventSurvivesAKillAndIsAppliedWhenItsOrderArrives() throws Exception {
        Path state = dir.resolve("state");
        Instant now = Instant.now();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            kafka.createTopics("orders", "order-status", "customer-stats", "orders-dlq", 2);
            try (JarInstance app = JarInstance.start(kafka, APP, state, dir.resolve("1.log"), ENV)) {
                send(producer, Events.shipped("o-1", "c-1").at(now).build());
                send(producer, Events.paid("o-1", "c-1").at(now).build());
                kafka.awaitConsumed(APP, "orders", Duration.ofMinutes(1));
                Awaitility.await("both held, committed")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> app.http().get("/orders/o-1").body().contains("\"eventId\":\"o-1-paid\""));
                assertThat(app.http().get("/orders/o-1").status()).isEqualTo(404);
                assertThat(app.metric("orders_reorder_held")).isEqualTo(2);
                // One more, processed but not committed when the instance dies.
                send(producer, Events.paid("o-2", "c-1").at(now).build());
                Thread.sleep(200);
                app.kill();
            }
            try (JarInstance restarted = JarInstance.start(kafka, APP, state, dir.resolve("2.log"), ENV)) {
                kafka.awaitConsumed(APP, "orders", Duration.ofMinutes(1));
                String held = restarted.http().get("/orders/o-1").body();
                assertThat(held)
                        .contains("\"type\":\"SHIPPED\",\"awaited\":\"PLACED\"")
                        .contains("\"type\":\"PAID\",\"awaited\":\"PLACED\"");
                Awaitility.await("o-2's PAID held once, after the replay of the aborted transaction")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> restarted.metric("orders_reorder_held") == 3);

                send(
                        producer,
                        Events.placed("o-1", "c-1")
                                .item("sku-1", 1, "10.00")
                                .at(now.plusSeconds(1))
                                .build());

                Awaitility.await("o-1 applied in order")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> restarted.http().get("/orders/o-1").body().contains("\"status\":\"SHIPPED\""));
                assertThat(restarted.http().get("/orders/o-1").body()).doesNotContain("\"held\"");
                assertThat(restarted.metric("orders_reorder_held")).isEqualTo(1);
                assertThat(restarted.metric("orders_reorder_released_total")).isEqualTo(2);
                assertThat(restarted.metric("orders_dead_letters_total")).isZero();
            }
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, OrderEvent event) {
        producer.send(new ProducerRecord<>(
                "orders",
                null,
                event.getOccurredAt().toEpochMilli(),
                event.getOrderId().getBytes(UTF_8),
                SERDE.serialize("orders", event)));
        producer.flush();
    }
}
