package io.orderseos.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderState;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Events;
import io.orderseos.testing.Http;
import io.orderseos.testing.JarInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactive queries read committed state, and a crash takes nothing back: the deployable jar on a
 * real broker with a 10 s commit interval, so that every transaction stays open long enough to be
 * queried into. While the transaction that changes an order is open (its {@code order-status} record
 * written but not committed), every HTTP answer shows the order as it was; once it commits, the new
 * state. Then a {@code kill -9} inside an open transaction and a restart on the same state
 * directory: no answer after the restart is older than an answer before it. And read-your-writes:
 * {@code minOffset} waits for the commit that includes the producer's own event.
 */
class CommittedReadsIT {
    private static final String APP = "orders-eos-committed-reads";
    private static final Map<String, String> SLOW_COMMITS = Map.of(
            "KAFKA_COMMIT_INTERVAL_MS", "10000",
            "ORDERS_HTTP_FORWARD_TIMEOUT", "PT30S",
            "ORDERS_QUERY_WAIT_MAX", "PT20S");
    private static final List<OrderState> ORDER =
            List.of(OrderState.PLACED, OrderState.PAID, OrderState.SHIPPED, OrderState.DELIVERED);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure keeps the instances' logs
    Path dir;

    @Test
    void answersShowCommittedStateOnlyAndNeverGoBackAcrossACrash() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<byte[], byte[]> producer = kafka.producer();
                Admin admin = kafka.admin()) {
            kafka.createTopics("orders", "order-status", "customer-stats", "orders-dlq", 1);
            List<String> answers = new ArrayList<>();
            try (JarInstance app =
                    JarInstance.start(kafka, APP, dir.resolve("state"), dir.resolve("1.log"), SLOW_COMMITS)) {
                long placed = send(
                        producer,
                        Events.placed("o-1", "c-1").item("sku-1", 1, "5.00").build());

                Http.Response first = app.http().get("/orders/o-1?minOffset=" + placed);
                assertThat(first.status()).as("read-your-writes: %s", first).isEqualTo(200);
                assertThat(first.json()).containsEntry("status", "PLACED");
                assertThat(committedStatuses(kafka))
                        .as("what read_committed consumers saw when the answer came")
                        .contains("PLACED");

                send(producer, Events.paid("o-1", "c-1").build());
                int duringTheTransaction = answersWhileOpen(admin, app, "PLACED", answers);
                assertThat(duringTheTransaction)
                        .as("answers while the transaction with PAID was open")
                        .isGreaterThanOrEqualTo(3);
                Awaitility.await("PAID committed")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> committedStatuses(kafka).contains("PAID"));
                assertThat(status(app)).isEqualTo("PAID");

                send(producer, Events.shipped("o-1", "c-1").build());
                answersWhileOpen(admin, app, "PAID", answers);
                app.kill(); // inside the transaction with SHIPPED, never committed
            }

            try (JarInstance restarted =
                    JarInstance.start(kafka, APP, dir.resolve("state"), dir.resolve("2.log"), SLOW_COMMITS)) {
                String last = answers.get(answers.size() - 1);
                Awaitility.await("SHIPPED, reprocessed and committed")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            String now = status(restarted);
                            if (!now.startsWith("HTTP ")) { // 503 while it restores: no answer
                                answers.add(now);
                            }
                            return "SHIPPED".equals(now);
                        });
                assertThat(answers.subList(answers.indexOf(last), answers.size()))
                        .as("answers from the last before the crash on: %s", answers)
                        .isSortedAccordingTo((a, b) -> Integer.compare(rank(a), rank(b)));
            }
        }
    }

    /**
     * Asks for o-1 while {@code order-status} has an open transaction: every answer must be {@code
     * committed}, the state before it. Returns how many answers came meanwhile.
     */
    private static int answersWhileOpen(Admin admin, JarInstance app, String committed, List<String> answers)
            throws Exception {
        Awaitility.await("a transaction open on order-status")
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !TopicOffsets.withOpenTransactions(admin, List.of("order-status"))
                        .isEmpty());
        int during = 0;
        while (true) {
            String answer = status(app);
            boolean stillOpen = !TopicOffsets.withOpenTransactions(admin, List.of("order-status"))
                    .isEmpty();
            if (!stillOpen) {
                return during;
            }
            // Asked while the transaction was open, and it was still open after the answer came.
            assertThat(answer).as("an answer while the transaction was open").isEqualTo(committed);
            answers.add(answer);
            during++;
            Thread.sleep(200);
        }
    }

    private static String status(JarInstance app) throws Exception {
        Http.Response response = app.http().get("/orders/o-1");
        return response.status() == 200 ? response.json().get("status").toString() : "HTTP " + response.status();
    }

    private static int rank(String answer) {
        return ORDER.stream().map(Enum::name).toList().indexOf(answer);
    }

    private static List<String> committedStatuses(EmbeddedKafka kafka) {
        AvroSerde<OrderStatus> serde = AvroSerde.orderStatus();
        return kafka.readCommitted("order-status").stream()
                .map(record -> serde.deserialize("order-status", record.value())
                        .getStatus()
                        .name())
                .toList();
    }

    private static long send(KafkaProducer<byte[], byte[]> producer, OrderEvent event) throws Exception {
        RecordMetadata metadata = producer.send(new ProducerRecord<>(
                        "orders",
                        event.getOrderId().getBytes(UTF_8),
                        AvroSerde.orderEvents(1 << 20).serialize("orders", event)))
                .get();
        return metadata.offset();
    }
}
