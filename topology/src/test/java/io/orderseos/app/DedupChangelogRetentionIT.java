package io.orderseos.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.dedup.DedupProcessor;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Events;
import io.orderseos.testing.JarInstance;
import io.orderseos.topology.StoredFormats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dedup entries of old-stamped input (a backfill, a replay with original timestamps) survive in the
 * dedup store's changelog as long as they are live, whatever the records' timestamps: a restore
 * after a crash still knows them, and a copy is dropped, not processed again. Real broker, the
 * deployable jar, a {@code kill -9}, and a restart on a new state directory (a lost disk), so that
 * the dedup store is rebuilt from its changelog alone. The broker checks retention every half
 * second and the internal topics roll a segment every 200 ms, so that a commit marker lands in the
 * next segment and a segment holds old-stamped entries only, as a long-running deployment has them.
 * A control topic with the same records, stamped by their producer, shows the broker deleting such
 * segments in the same time.
 */
class DedupChangelogRetentionIT {
    private static final String APP = "orders-eos-retention";
    private static final Instant THIRTY_DAYS_AGO = Instant.now().minus(Duration.ofDays(30));
    private static final int BATCH = 10;
    private static final String CONTROL = "retention-control";
    private static final String CHANGELOG = StoredFormats.changelogTopic(APP, DedupProcessor.STORE);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure keeps the instances' logs
    Path dir;

    @Test
    void aCopyOfAnOldStampedEventIsADuplicateAfterARestore() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Map.of("log.retention.check.interval.ms", "500"));
                KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            // The app's own topics keep old-stamped records (the broker's retention would delete the
            // input and the dead letters too, which is not what this test is about); the negative
            // control has the dedup changelog's retention and segment time: its segments must go, or
            // the broker never ran the retention the test is about.
            Map<String, String> forever = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
            try (Admin admin = kafka.admin()) {
                admin.createTopics(List.of(
                                new NewTopic("orders", 2, (short) 1).configs(forever),
                                new NewTopic("order-status", 2, (short) 1).configs(forever),
                                new NewTopic("customer-stats", 2, (short) 1).configs(forever),
                                new NewTopic("orders-dlq", 1, (short) 1).configs(forever),
                                new NewTopic(CONTROL, 1, (short) 1)
                                        .configs(Map.of(
                                                TopicConfig.SEGMENT_MS_CONFIG,
                                                "200",
                                                TopicConfig.RETENTION_MS_CONFIG,
                                                Long.toString(
                                                        Duration.ofDays(7 + 1).toMillis())))))
                        .all()
                        .get();
            }
            // A payment for an order nobody placed: one ILLEGAL_TRANSITION dead letter, and a dedup
            // entry, so that a copy is dropped as a duplicate (one dead letter, not two).
            List<ProducerRecord<byte[], byte[]>> first = payments("early", THIRTY_DAYS_AGO);
            List<ProducerRecord<byte[], byte[]>> second = payments("later", THIRTY_DAYS_AGO.plusSeconds(60));

            try (JarInstance app = start(kafka, "state-1")) {
                send(producer, first);
                send(producer, control(first));
                awaitDeadLetters(kafka, BATCH);
                Thread.sleep(500); // past the segment time: the next append rolls the segment
                send(producer, second);
                send(producer, control(second));
                awaitDeadLetters(kafka, 2 * BATCH);
                Awaitility.await("the broker deleting the control topic's old-stamped segment")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> logStart(kafka, CONTROL).values().stream().anyMatch(offset -> offset > 0));
                assertThat(logStart(kafka, CHANGELOG))
                        .as("the dedup changelog after the same retention checks")
                        .allSatisfy((partition, offset) -> assertThat(offset).isZero());
                app.kill();
            }

            try (JarInstance restarted = start(kafka, "state-2")) {
                send(producer, first);
                kafka.awaitConsumed(APP, "orders", Duration.ofSeconds(90));

                assertThat(kafka.readCommitted("orders-dlq"))
                        .as("dead letters; the dedup changelog starts at %s", logStart(kafka, CHANGELOG))
                        .hasSize(2 * BATCH);
                restarted.process().process().destroy();
            }
        }
    }

    private JarInstance start(EmbeddedKafka kafka, String stateDir) throws Exception {
        return JarInstance.start(
                kafka,
                APP,
                dir.resolve(stateDir),
                dir.resolve(stateDir + ".log"),
                Map.of("KAFKA_COMMIT_INTERVAL_MS", "1000", "KAFKA_TOPIC_SEGMENT_MS", "200"));
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

    private static List<ProducerRecord<byte[], byte[]>> control(List<ProducerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(r -> new ProducerRecord<>(CONTROL, 0, r.timestamp(), r.key(), r.value()))
                .toList();
    }

    /** The first offset of each partition of {@code topic}: above 0 where the broker deleted a segment. */
    private static Map<Integer, Long> logStart(EmbeddedKafka kafka, String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            for (int partition = 0; partition < kafka.partitions(topic); partition++) {
                earliest.put(new TopicPartition(topic, partition), OffsetSpec.earliest());
            }
            Map<Integer, Long> offsets = new TreeMap<>();
            admin.listOffsets(earliest)
                    .all()
                    .get()
                    .forEach((partition, offset) -> offsets.put(partition.partition(), offset.offset()));
            return offsets;
        }
    }
}
