package io.orderseos.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.dedup.DedupProcessor;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Events;
import io.orderseos.testing.Http;
import io.orderseos.testing.JarProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dedup entries of old-stamped input (a backfill, a replay with original timestamps) survive in the
 * dedup store's changelog as long as they are live, whatever the records' timestamps: a restore
 * after a crash still knows them, and a copy is dropped, not processed again. Real broker, the
 * deployable jar, a {@code kill -9}, and a restart on a new state directory (a lost disk), so that
 * the dedup store is rebuilt from its changelog alone. The broker checks retention every half
 * second and the internal topics roll a segment every 200 ms, so that a commit marker lands in the
 * next segment and a segment holds old-stamped entries only, as a long-running deployment has them.
 */
class DedupChangelogRetentionIT {
    private static final String APP = "orders-eos-retention";
    private static final Instant THIRTY_DAYS_AGO = Instant.now().minus(Duration.ofDays(30));
    private static final int BATCH = 10;

    @TempDir
    Path dir;

    @Test
    void aCopyOfAnOldStampedEventIsADuplicateAfterARestore() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Map.of("log.retention.check.interval.ms", "500"));
                KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            kafka.createTopics("orders", "order-status", "customer-stats", "orders-dlq", 2);
            // A payment for an order nobody placed: one ILLEGAL_TRANSITION dead letter, and a dedup
            // entry, so that a copy is dropped as a duplicate (one dead letter, not two).
            List<ProducerRecord<byte[], byte[]>> first = payments("early", THIRTY_DAYS_AGO);
            List<ProducerRecord<byte[], byte[]>> second = payments("later", THIRTY_DAYS_AGO.plusSeconds(60));

            try (JarProcess app = start(kafka, "state-1")) {
                send(producer, first);
                awaitDeadLetters(kafka, BATCH);
                Thread.sleep(500); // past the segment time: the next append rolls the segment
                send(producer, second);
                awaitDeadLetters(kafka, 2 * BATCH);
                Thread.sleep(3_000); // several retention checks of the broker
                app.process().destroyForcibly().waitFor();
            }

            try (JarProcess restarted = start(kafka, "state-2")) {
                send(producer, first);
                kafka.awaitConsumed(APP, "orders", Duration.ofSeconds(90));

                assertThat(kafka.readCommitted("orders-dlq"))
                        .as("dead letters; the dedup changelog starts at %s", logStart(kafka))
                        .hasSize(2 * BATCH);
                restarted.process().destroy();
            }
        }
    }

    private JarProcess start(EmbeddedKafka kafka, String stateDir) throws Exception {
        int port = JarProcess.freePort();
        JarProcess app = JarProcess.start(
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        kafka.bootstrapServers(),
                        "KAFKA_APPLICATION_ID",
                        APP,
                        "KAFKA_STATE_DIR",
                        dir.resolve(stateDir).toString(),
                        "KAFKA_COMMIT_INTERVAL_MS",
                        "1000",
                        "KAFKA_TOPIC_SEGMENT_MS",
                        "200",
                        "ORDERS_HTTP_PORT",
                        Integer.toString(port)),
                dir.resolve(stateDir + ".log"));
        Http http = new Http(port);
        Awaitility.await("ready")
                .atMost(Duration.ofSeconds(90))
                .ignoreExceptions()
                .until(() -> http.get("/health/ready").status() == 200);
        return app;
    }

    private static List<ProducerRecord<byte[], byte[]>> payments(String prefix, Instant at) {
        AvroSerde<OrderEvent> serde = AvroSerde.orderEvents(1 << 20);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            String order = prefix + "-" + i;
            OrderEvent paid = Events.paid(order, "c-" + i).at(at).build();
            records.add(new ProducerRecord<>(
                    "orders", null, at.toEpochMilli(), order.getBytes(UTF_8), serde.serialize("orders", paid)));
        }
        return records;
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, List<ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        for (ProducerRecord<byte[], byte[]> record : records) {
            producer.send(record).get();
        }
    }

    private static void awaitDeadLetters(EmbeddedKafka kafka, int count) {
        Awaitility.await(count + " dead letters")
                .atMost(Duration.ofSeconds(60))
                .until(() -> kafka.readCommitted("orders-dlq").size() >= count);
    }

    /** The first offset of each partition of the dedup changelog: above 0 where the broker deleted a segment. */
    private static String logStart(EmbeddedKafka kafka) throws Exception {
        String changelog = APP + "-" + DedupProcessor.STORE + "-changelog";
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> earliest = new java.util.HashMap<>();
            for (int partition = 0; partition < kafka.partitions(changelog); partition++) {
                earliest.put(new TopicPartition(changelog, partition), OffsetSpec.earliest());
            }
            return admin.listOffsets(earliest).all().get().entrySet().stream()
                    .map(e -> e.getKey().partition() + ": " + e.getValue().offset())
                    .sorted()
                    .collect(Collectors.joining(", "));
        }
    }
}
