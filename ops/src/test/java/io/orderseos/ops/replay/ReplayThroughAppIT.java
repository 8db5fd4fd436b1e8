package io.orderseos.ops.replay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.app.OrdersApp;
import io.orderseos.config.OrdersConfig;
import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.DeadLetters;
import io.orderseos.metrics.OrdersMetrics;
import io.orderseos.ops.Commands;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderState;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Events;
import io.orderseos.topology.TopicSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop with the real app: bad input becomes dead letters, the cause is fixed (here: the
 * input size limit is raised), {@code dlq-replay} sends the letters back, and the app does with each
 * what docs/tools.md (dlq-replay) says: the fixed one is applied, an illegal transition passes dedup
 * (a replay is not a copy) and, its order still unable to take it, is a new dead letter naming its
 * origin, as is one still undecodable; a truncated one is never replayed.
 */
class ReplayThroughAppIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final AvroSerde<OrderEvent> EVENTS = AvroSerde.orderEvents(Integer.MAX_VALUE);
    /** The inputs' timestamp: two days old, so that a letter's append time cannot be mistaken for it. */
    private static final long INPUT_TIME =
            System.currentTimeMillis() - Duration.ofDays(2).toMillis();

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        // The app's own topic settings: the dead-letter topic is stamped on append.
        OrdersConfig topics = OrdersConfig.of(
                Map.of(OrdersConfig.TOPICS_PARTITIONS, "2", OrdersConfig.TOPICS_REPLICATION_FACTOR, "1"));
        try (Admin admin = kafka.admin()) {
            admin.createTopics(TopicSpec.appTopics(topics).stream()
                            .map(TopicSpec::newTopic)
                            .toList())
                    .all()
                    .get();
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void lettersReplayedAfterTheFixMeetTheAppAgain() throws Exception {
        byte[] large = EVENTS.serialize(null, placedWithItems("o-1", 100));
        byte[] huge = EVENTS.serialize(null, placedWithItems("o-2", 400));
        assertThat(large.length)
                .as("over the first limit, under the letter cap")
                .isBetween(1_025, 4_096);
        assertThat(huge.length).as("over the letter cap").isGreaterThan(4_096);
        Map<String, String> settings = new HashMap<>(Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, "replay-app",
                StreamsConfig.STATE_DIR_CONFIG,
                        Files.createDirectories(dir.resolve("state")).toString(),
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100",
                OrdersConfig.HTTP_PORT, "0",
                OrdersConfig.INPUT_MAX_BYTES, "1024",
                OrdersConfig.DLQ_MAX_BYTES, "4096"));
        try (OrdersApp app = started(settings)) {
            send("o-1", large);
            send("o-2", huge);
            send(
                    "o-3",
                    EVENTS.serialize(
                            null,
                            Events.placed("o-3", "c-1").item("sku", 1, "2.00").build()));
            send("o-3", EVENTS.serialize(null, Events.delivered("o-3", "c-1").build())); // skips PAID and SHIPPED
            send("o-4", new byte[] {7, 7, 7});
            kafka.awaitConsumed("replay-app", "orders", TIMEOUT);
            assertThat(app.deadLetterCounts().count(DeadLetterReason.OVERSIZE)).isEqualTo(2);
        }
        assertThat(reasons(kafka.readCommitted("orders-dlq")))
                .containsExactlyInAnyOrder("OVERSIZE", "OVERSIZE", "ILLEGAL_TRANSITION", "DESERIALIZATION");

        settings.remove(OrdersConfig.INPUT_MAX_BYTES); // the fix: the default limit, 256 KiB
        Path config = dir.resolve("app.properties");
        Files.writeString(
                config,
                settings.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n")));
        try (OrdersApp app = started(settings)) {
            long duplicatesBefore = duplicatesDropped(app);

            Commands.Result replay = Commands.run(
                    "dlq-replay",
                    "--config",
                    config.toString(),
                    "--reason",
                    "OVERSIZE,ILLEGAL_TRANSITION,DESERIALIZATION");
            kafka.awaitConsumed("replay-app", "orders", TIMEOUT);

            assertThat(replay.code()).as(replay.all()).isZero();
            assertThat(replay.out())
                    .contains("Replayed 3 dead letters")
                    .containsPattern("Not replayable +1 +\\(truncated");
            Awaitility.await("the replayed illegal transition decided again: a new letter")
                    .atMost(TIMEOUT)
                    .until(() -> app.deadLetterCounts().count(DeadLetterReason.ILLEGAL_TRANSITION) == 1);
            assertThat(duplicatesDropped(app)).as("a replay is not a copy").isEqualTo(duplicatesBefore);
        }
        Map<String, OrderStatus> statuses = latestStatuses();
        assertThat(statuses.get("o-1").getStatus())
                .as("the fixed letter is applied")
                .isEqualTo(OrderState.PLACED);
        assertThat(statuses).doesNotContainKey("o-2");
        assertThat(statuses.get("o-3").getStatus()).isEqualTo(OrderState.PLACED);
        List<ConsumerRecord<byte[], byte[]>> letters = kafka.readCommitted("orders-dlq");
        assertThat(reasons(letters))
                .as("two new letters: the still illegal event, the still undecodable record")
                .containsExactlyInAnyOrder(
                        "OVERSIZE",
                        "OVERSIZE",
                        "ILLEGAL_TRANSITION",
                        "ILLEGAL_TRANSITION",
                        "DESERIALIZATION",
                        "DESERIALIZATION");
        ConsumerRecord<byte[], byte[]> first = letters.stream()
                .filter(letter -> letter.headers().lastHeader(Letter.ORIGIN) == null)
                .filter(letter -> reasons(List.of(letter)).equals(List.of("DESERIALIZATION")))
                .findFirst()
                .orElseThrow();
        List<ConsumerRecord<byte[], byte[]>> again = letters.stream()
                .filter(letter -> letter.headers().lastHeader(Letter.ORIGIN) != null)
                .filter(letter -> reasons(List.of(letter)).equals(List.of("DESERIALIZATION")))
                .toList();
        assertThat(again).hasSize(1);
        assertThat(again.get(0).value()).isEqualTo(new byte[] {7, 7, 7});
        assertThat(first.timestampType())
                .as("a letter is stamped when written: retention counts from then")
                .isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(first.timestamp())
                .isGreaterThan(INPUT_TIME + Duration.ofDays(1).toMillis());
        assertThat(new String(
                        first.headers().lastHeader(DeadLetters.INPUT_TIMESTAMP).value(), UTF_8))
                .isEqualTo(Long.toString(INPUT_TIME));
        ConsumerRecord<byte[], byte[]> replayed = kafka.readCommitted("orders").stream()
                .filter(record -> record.headers().lastHeader(Letter.ORIGIN) != null)
                .filter(record -> Arrays.equals(record.value(), new byte[] {7, 7, 7}))
                .findFirst()
                .orElseThrow();
        assertThat(replayed.timestamp())
                .as("the replay gives the input its own timestamp back")
                .isEqualTo(INPUT_TIME);
        assertThat(new String(again.get(0).headers().lastHeader(Letter.ORIGIN).value(), UTF_8))
                .startsWith("dlq=orders-dlq/0/" + first.offset() + " source=orders/")
                .endsWith("reason=DESERIALIZATION");

        Commands.Result second = Commands.run(
                "dlq-replay", "--config", config.toString(), "--reason", "OVERSIZE,ILLEGAL_TRANSITION,DESERIALIZATION");

        assertThat(second.out())
                .as("a second run replays nothing: the new letter is the same record, rejected again")
                .contains("Replayed 0 dead letters")
                .containsPattern("Already replayed +3 ")
                .containsPattern("Rejected again +2 ");
    }

    private static OrdersApp started(Map<String, String> settings) throws Exception {
        OrdersApp app = new OrdersApp(OrdersConfig.of(settings));
        app.start();
        Awaitility.await("RUNNING").atMost(TIMEOUT).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
        return app;
    }

    private static OrderEvent placedWithItems(String orderId, int items) {
        Events.Builder placed = Events.placed(orderId, "c-1");
        for (int i = 0; i < items; i++) {
            placed.item("sku-" + i, 1, "1.00");
        }
        return placed.build();
    }

    private static void send(String key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>("orders", null, INPUT_TIME, key.getBytes(UTF_8), value))
                    .get();
        }
    }

    private static List<String> reasons(List<ConsumerRecord<byte[], byte[]>> letters) {
        return letters.stream()
                .map(letter -> new String(
                        letter.headers().lastHeader(DeadLetters.REASON).value(), UTF_8))
                .toList();
    }

    private static Map<String, OrderStatus> latestStatuses() {
        AvroSerde<OrderStatus> serde = AvroSerde.orderStatus();
        Map<String, OrderStatus> latest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.readCommitted("order-status")) {
            latest.put(new String(record.key(), UTF_8), serde.deserialize(record.topic(), record.value()));
        }
        return latest;
    }

    private static long duplicatesDropped(OrdersApp app) {
        return app.streams().metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(OrdersMetrics.GROUP)
                        && e.getKey().name().equals(OrdersMetrics.DUPLICATES_DROPPED + "-total"))
                .mapToLong(e -> ((Number) e.getValue().metricValue()).longValue())
                .sum();
    }
}
