package io.orderseos.ops.replay;

import static io.orderseos.deadletter.DeadLetterReason.DESERIALIZATION;
import static io.orderseos.deadletter.DeadLetterReason.ILLEGAL_TRANSITION;
import static io.orderseos.deadletter.DeadLetterReason.OVERSIZE;
import static io.orderseos.deadletter.DeadLetterReason.VALIDATION;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderseos.app.TopicRecords;
import io.orderseos.config.OrdersConfig;
import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.ops.Commands;
import io.orderseos.testing.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlq-replay} against a real broker, on dead letters planted as the app writes them: the
 * chosen letters come back to the input byte for byte with their origin, a truncated one never, and
 * each letter exactly once however runs end: a second run, a run stopped by its limit, a run killed
 * inside a transaction, two runs at once.
 */
class DlqReplayIT {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void replaysTheChosenLettersAsTheOriginalRecordsAndASecondRunNothing() throws Exception {
        Fixture f = new Fixture("chosen");
        byte[] big = bytes(2_000, 1);
        List<Planted> planted = f.plant(
                new Planted(OVERSIZE, 0, 10, "o-1".getBytes(UTF_8), big, false),
                new Planted(VALIDATION, 1, 11, "o-2".getBytes(UTF_8), bytes(40, 2), false),
                new Planted(OVERSIZE, 2, 12, "o-3".getBytes(UTF_8), bytes(1_024, 3), true),
                new Planted(ILLEGAL_TRANSITION, 0, 13, "o-4".getBytes(UTF_8), bytes(30, 4), false),
                new Planted(DESERIALIZATION, 1, 14, null, new byte[0], false),
                new Planted(VALIDATION, 2, 15, "o-6".getBytes(UTF_8), null, false));

        Commands.Result first = f.replay("--reason", "OVERSIZE,VALIDATION,DESERIALIZATION");

        assertThat(first.code()).as(first.all()).isZero();
        assertThat(first.out())
                .contains("Created the replay ledger chosen-dlq-replayed")
                .contains("Replayed 4 dead letters to chosen-orders in 1 transaction")
                .containsPattern("Not replayable +1 +\\(truncated")
                .contains("chosen-dlq/0/2  source chosen-orders/2/12  OVERSIZE")
                .containsPattern("Not chosen +1 +\\(of 6 letters read\\)");
        List<ConsumerRecord<byte[], byte[]>> replayed = kafka.readCommitted("chosen-orders");
        assertThat(replayed).hasSize(4);
        Map<String, ConsumerRecord<byte[], byte[]>> byOrigin = byOrigin(replayed);
        for (int letter : List.of(0, 1, 4, 5)) {
            Planted p = planted.get(letter);
            String origin = "dlq=chosen-dlq/0/" + letter + " source=chosen-orders/" + p.partition() + "/" + p.offset()
                    + " reason=" + p.reason();
            ConsumerRecord<byte[], byte[]> record = byOrigin.get(origin);
            assertThat(record).as(origin).isNotNull();
            assertThat(record.partition()).isEqualTo(p.partition());
            assertThat(record.key()).isEqualTo(p.key());
            assertThat(record.value()).isEqualTo(p.value());
            assertThat(record.timestamp()).isEqualTo(p.timestamp().toEpochMilli());
            assertThat(headerKeys(record.headers())).containsExactly("trace-id", Letter.ORIGIN);
        }
        assertThat(kafka.readCommitted("chosen-dlq-replayed"))
                .extracting(record -> new String(record.key(), UTF_8))
                .containsExactlyInAnyOrder("chosen-dlq/0/0", "chosen-dlq/0/1", "chosen-dlq/0/4", "chosen-dlq/0/5");

        Commands.Result second = f.replay("--reason", "OVERSIZE,VALIDATION,DESERIALIZATION");

        assertThat(second.code()).as(second.all()).isZero();
        assertThat(second.out())
                .contains("Replayed 0 dead letters")
                .containsPattern("Already replayed +4 ")
                .containsPattern("Not replayable +1 +\\(truncated");
        assertThat(kafka.readCommitted("chosen-orders")).hasSize(4);
    }

    @Test
    void theLetterOfARecordThatWasAReplayIsReplayedOnlyWithAgain() throws Exception {
        Fixture f = new Fixture("again");
        f.plant(new Planted(VALIDATION, 0, 1, "o-1".getBytes(UTF_8), bytes(10, 1), false));
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            Headers headers = Letters.headers(VALIDATION, "again-orders", 1, 2);
            headers.add(Letter.ORIGIN, "dlq=again-dlq/0/0 source=again-orders/0/1 reason=VALIDATION".getBytes(UTF_8));
            producer.send(new ProducerRecord<>("again-dlq", 0, null, "o-1".getBytes(UTF_8), bytes(10, 1), headers))
                    .get();
        }

        Commands.Result first = f.replay("--reason", "VALIDATION");
        Commands.Result again = f.replay("--reason", "VALIDATION", "--again");

        assertThat(first.out())
                .contains("Replayed 1 dead letter ")
                .containsPattern("Rejected again +1 +\\(a replayed record the app rejected again")
                .contains("again-dlq/0/1  source again-orders/1/2");
        assertThat(again.out()).contains("Replayed 1 dead letter ").containsPattern("Already replayed +1 ");
        assertThat(kafka.readCommitted("again-orders"))
                .extracting(record ->
                        new String(record.headers().lastHeader(Letter.ORIGIN).value(), UTF_8))
                .containsExactlyInAnyOrder(
                        "dlq=again-dlq/0/0 source=again-orders/0/1 reason=VALIDATION",
                        "dlq=again-dlq/0/1 source=again-orders/1/2 reason=VALIDATION");
    }

    @Test
    void aDryRunCountsAndListsButReplaysAndCreatesNothing() throws Exception {
        Fixture f = new Fixture("dry");
        f.plant(
                new Planted(VALIDATION, 0, 1, "o-1".getBytes(UTF_8), bytes(10, 1), false),
                new Planted(VALIDATION, 1, 2, "o-2".getBytes(UTF_8), bytes(10, 2), false),
                new Planted(ILLEGAL_TRANSITION, 2, 3, "o-3".getBytes(UTF_8), bytes(10, 3), false));

        Commands.Result dry = f.replay("--reason", "validation,illegal_transition", "--dry-run", "--show", "2");

        assertThat(dry.code()).as(dry.all()).isZero();
        assertThat(dry.out())
                .contains("Would replay 3 dead letters to dry-orders (")
                .containsPattern("VALIDATION +2")
                .containsPattern("ILLEGAL_TRANSITION +1")
                .contains("dry-dlq/0/0  source dry-orders/0/1  VALIDATION")
                .contains("dry-dlq/0/1  source dry-orders/1/2  VALIDATION")
                .doesNotContain("dry-dlq/0/2  source")
                .as("an ILLEGAL_TRANSITION replay is decided again, not dropped by dedup: no note")
                .doesNotContain("Note: the app remembers event IDs");
        assertThat(kafka.readCommitted("dry-orders")).isEmpty();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).doesNotContain("dry-dlq-replayed");
        }
    }

    @Test
    void chosenBySourcePartitionOffsetsAndTime() throws Exception {
        Fixture f = new Fixture("range");
        List<Planted> letters = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            letters.add(new Planted(VALIDATION, i % 2, 100 + i, ("o-" + i).getBytes(UTF_8), bytes(8, i), false));
        }
        f.plant(letters.toArray(Planted[]::new));

        Commands.Result byOffsets = f.replay(
                "--reason", "VALIDATION", "--source-partition", "1", "--from-offset", "103", "--to-offset", "105");
        Commands.Result byTime = f.replay(
                "--reason",
                "VALIDATION",
                "--from-time",
                letters.get(6).timestamp().toString(),
                "--to-time",
                letters.get(7).timestamp().toString());

        assertThat(byOffsets.out()).contains("Replayed 2 dead letters");
        assertThat(byTime.out()).contains("Replayed 1 dead letter ");
        assertThat(byOrigin(kafka.readCommitted("range-orders")))
                .containsOnlyKeys(
                        "dlq=range-dlq/0/3 source=range-orders/1/103 reason=VALIDATION",
                        "dlq=range-dlq/0/5 source=range-orders/1/105 reason=VALIDATION",
                        "dlq=range-dlq/0/6 source=range-orders/0/106 reason=VALIDATION");
    }

    @Test
    void aRunStoppedByItsLimitIsContinuedByTheNextWithoutDoubles() throws Exception {
        Fixture f = new Fixture("limit");
        f.plant(validationLetters(10));

        Commands.Result first = f.replay("--reason", "VALIDATION", "--limit", "4", "--batch", "3");
        Commands.Result rest = f.replay("--reason", "VALIDATION");

        assertThat(first.out())
                .contains("Replayed 4 dead letters to limit-orders in 2 transactions")
                .contains("Stopped at --limit 4");
        assertThat(rest.out()).contains("Replayed 6 dead letters").containsPattern("Already replayed +4 ");
        assertEachLetterExactlyOnce("limit", 10);
    }

    @Test
    void aRunKilledInsideATransactionIsRepairedByTheNextWithoutDoubles() throws Exception {
        Fixture f = new Fixture("crash");
        f.plant(validationLetters(12));
        Path log = dir.resolve("crash.log");

        Process crashing = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ReplayCrash.class.getName(),
                        f.config.toString(),
                        "VALIDATION",
                        "4", // letters per transaction
                        "2", // committed transactions before the crash
                        "3") // letter of the third transaction it crashes at
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            assertThat(crashing.waitFor(120, TimeUnit.SECONDS))
                    .as("the crashing run ends")
                    .isTrue();
        } finally {
            crashing.destroyForcibly();
        }
        assertThat(crashing.exitValue()).as(Files.readString(log)).isEqualTo(ReplayCrash.CRASHED);
        assertThat(read("crash-orders", IsolationLevel.READ_UNCOMMITTED))
                .as("8 committed and 3 in the transaction the crash left open")
                .hasSize(11);
        assertThat(read("crash-orders", IsolationLevel.READ_COMMITTED)).hasSize(8);

        Commands.Result rerun = f.replay("--reason", "VALIDATION");

        assertThat(rerun.code()).as(rerun.all()).isZero();
        assertThat(rerun.out()).contains("Replayed 4 dead letters").containsPattern("Already replayed +8 ");
        assertEachLetterExactlyOnce("crash", 12);
        assertThat(read("crash-orders", IsolationLevel.READ_UNCOMMITTED))
                .as("the aborted copies stay in the log, invisible to the app")
                .hasSize(15);
    }

    @Test
    void twoRunsAtOnceFenceEachOtherAndReplayEachLetterOnce() throws Exception {
        Fixture f = new Fixture("fence");
        f.plant(validationLetters(6));
        ReplayCommand firstRun = Commands.parse(
                ReplayCommand.class, "dlq-replay", "--config", f.config.toString(), "--reason", "VALIDATION");
        CountDownLatch firstInTransaction = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);

        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> {
            try {
                return firstRun.run(Map.of(), (producer, committed, in) -> {
                    firstInTransaction.countDown();
                    await(secondDone);
                });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(firstInTransaction.await(60, TimeUnit.SECONDS)).isTrue();
        Commands.Result second = f.replay("--reason", "VALIDATION");
        secondDone.countDown();

        assertThat(second.out()).contains("Replayed 6 dead letters");
        assertThatThrownBy(() -> first.get(60, TimeUnit.SECONDS)).hasMessageContaining("fenced this one");
        assertEachLetterExactlyOnce("fence", 6);
    }

    @Test
    void aMissingDeadLetterTopicIsNamedWithTheBrokers() throws Exception {
        Fixture f = new Fixture("missing");
        Path config = dir.resolve("missing-dlq.properties");
        Files.writeString(config, Files.readString(f.config) + "\norders.dlq.topic=no-such-dlq\n");

        Commands.Result result = Commands.run("dlq-replay", "--config", config.toString(), "--reason", "VALIDATION");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("no topic no-such-dlq at " + kafka.bootstrapServers());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each of the {@code count} planted letters replayed once, no record without a letter. */
    private static void assertEachLetterExactlyOnce(String prefix, int count) {
        List<String> origins = kafka.readCommitted(prefix + "-orders").stream()
                .map(record ->
                        new String(record.headers().lastHeader(Letter.ORIGIN).value(), UTF_8))
                .map(origin -> origin.substring(0, origin.indexOf(' ')))
                .sorted()
                .toList();
        assertThat(origins)
                .containsExactlyElementsOf(IntStream.range(0, count)
                        .mapToObj(i -> "dlq=" + prefix + "-dlq/0/" + i)
                        .sorted()
                        .toList());
    }

    private static Planted[] validationLetters(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new Planted(VALIDATION, i % 3, i, ("o-" + i).getBytes(UTF_8), bytes(16, i), false))
                .toArray(Planted[]::new);
    }

    private static Map<String, ConsumerRecord<byte[], byte[]>> byOrigin(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .collect(Collectors.toMap(
                        record -> new String(
                                record.headers().lastHeader(Letter.ORIGIN).value(), UTF_8),
                        Function.identity()));
    }

    private static List<String> headerKeys(Headers headers) {
        List<String> keys = new ArrayList<>();
        for (Header header : headers) {
            keys.add(header.key());
        }
        return keys;
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, IsolationLevel isolation) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return TopicRecords.readToEnd(consumer, topic, Duration.ofSeconds(30));
        }
    }

    private static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A dead letter to plant: reason, where its record was, its key and value; hours old by index. */
    private record Planted(
            DeadLetterReason reason, int partition, long offset, byte[] key, byte[] value, boolean truncated) {
        Instant timestamp() {
            return NOW.minus(Duration.ofHours(100 - offset % 100));
        }
    }

    /** Topics {@code <prefix>-orders} (3 partitions), -status, -stats, -dlq, and the app's config file. */
    private static final class Fixture {
        final String prefix;
        final Path config;

        Fixture(String prefix) throws Exception {
            this.prefix = prefix;
            kafka.createTopics(prefix + "-orders", prefix + "-status", prefix + "-stats", prefix + "-dlq", 3);
            this.config = dir.resolve(prefix + ".properties");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "bootstrap.servers=" + kafka.bootstrapServers(),
                            "application.id=" + prefix + "-app",
                            OrdersConfig.INPUT_TOPIC + "=" + prefix + "-orders",
                            OrdersConfig.STATUS_TOPIC + "=" + prefix + "-status",
                            OrdersConfig.CUSTOMER_STATS_TOPIC + "=" + prefix + "-stats",
                            OrdersConfig.DLQ_TOPIC + "=" + prefix + "-dlq"));
        }

        /** Writes the letters to the dead-letter topic (one partition) in order: letter i at offset i. */
        List<Planted> plant(Planted... letters) throws Exception {
            try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
                for (Planted p : letters) {
                    String topic = prefix + "-orders";
                    Headers headers = p.truncated()
                            ? Letters.truncated(p.reason(), topic, p.partition(), p.offset(), 5_000)
                            : Letters.headers(p.reason(), topic, p.partition(), p.offset());
                    producer.send(new ProducerRecord<>(
                                    prefix + "-dlq", 0, p.timestamp().toEpochMilli(), p.key(), p.value(), headers))
                            .get();
                }
            }
            return List.of(letters);
        }

        Commands.Result replay(String... options) throws IOException {
            List<String> args = new ArrayList<>(List.of("dlq-replay", "--config", config.toString()));
            args.addAll(List.of(options));
            return Commands.run(args.toArray(String[]::new));
        }
    }
}
