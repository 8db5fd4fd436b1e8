package io.orderseos.ops.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.app.TopicRecords;
import io.orderseos.ops.Commands;
import io.orderseos.ops.OpsMain;
import io.orderseos.ops.cluster.BrokerProcess;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code produce} against a real broker process: read back with {@code read_committed}, the topic
 * holds exactly the generated records but the aborted ones, each partition in generated order; the
 * aborted ones are in the log all the same, in aborted transactions.
 */
class ProduceCommandIT {
    @TempDir
    static Path dir;

    private static BrokerProcess broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = BrokerProcess.start(dir.resolve("kafka"), 0, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void topicHoldsExactlyTheRecordsThatWereNotAborted() throws Exception {
        Map<String, String> options = options("load-all", 3, 6_000);
        options.put("aborted", "0.05");
        long started = System.currentTimeMillis();

        Run run = produce(options);

        assertThat(run.code()).as(run.output()).isZero();
        assertThat(run.output()).contains("Sent 6,000 records to load-all").contains("aborted upstream");
        List<LoadRecord> generated = generate(options);
        List<ConsumerRecord<byte[], byte[]>> committed = read("load-all", "read_committed");
        assertThat(partitioned(committed)).isEqualTo(expectedPartitions(generated, 3));
        assertThat(withoutKey(committed)).containsExactlyInAnyOrderElementsOf(expectedWithoutKey(generated));
        assertThat(committed).allSatisfy(record -> assertThat(record.timestamp()) // the producer's wall clock
                .isBetween(started - 60_000, System.currentTimeMillis()));
        assertThat(read("load-all", "read_uncommitted")).hasSize(6_000); // the aborted ones were written
        assertThat(generated.stream().filter(r -> r.kind() == RecordKind.ABORTED))
                .hasSizeGreaterThan(200);
    }

    @Test
    void stopSignalEndsTheRunWithEverythingSentSoFarCommitted() throws Exception {
        Map<String, String> options = options("load-stop", 2, 50_000);
        AtomicLong asked = new AtomicLong();

        LoadReport report = Load.run(
                parse(options),
                new PrintStream(OutputStream.nullOutputStream()),
                () -> asked.incrementAndGet() > 1_500);

        assertThat(report.stopped()).isTrue();
        assertThat(report.sent()).isEqualTo(1_500);
        assertThat(report.sentByKind().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(1_500);
        List<LoadRecord> firstGenerated = generate(options).subList(0, 1_500);
        assertThat(read("load-stop", "read_committed"))
                .hasSize((int) report.visible())
                .hasSize((int) firstGenerated.stream()
                        .filter(r -> r.kind() != RecordKind.ABORTED)
                        .count());
    }

    @Test
    void topicWithOtherPartitionCountIsBadUsage() throws Exception {
        createTopic(new NewTopic("load-mismatch", Optional.of(2), Optional.empty()));

        Run run = produce(options("load-mismatch", 3, 100));

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errors()).contains("topic load-mismatch has 2 partitions, --partitions asks for 3");
    }

    @Test
    void aRecordTheBrokerRefusesStopsTheRunWithAnError() throws Exception {
        createTopic(new NewTopic("load-refused", Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "100")));

        Run run = produce(options("load-refused", 1, 2_000));

        assertThat(run.code()).as(run.output()).isEqualTo(1);
        assertThat(run.errors()).contains("could not be sent to load-refused").containsPattern("record #[0-9]+");
    }

    private record Run(int code, String output, String errors) {}

    private static Run produce(Map<String, String> options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OpsMain.run(
                args(options),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code produce --name value ...} */
    private static String[] args(Map<String, String> options) {
        List<String> args = new ArrayList<>(List.of("produce"));
        options.forEach((name, value) -> args.addAll(List.of("--" + name, value)));
        return args.toArray(String[]::new);
    }

    /** What {@code produce} sends with {@code options}. */
    private static LoadOptions parse(Map<String, String> options) {
        return Commands.parse(ProduceCommand.class, args(options)).options();
    }

    private static Map<String, String> options(String topic, int partitions, int count) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("bootstrap-servers", broker.bootstrapServers());
        options.put("topic", topic);
        options.put("partitions", Integer.toString(partitions));
        options.put("count", Integer.toString(count));
        options.put("seed", "7");
        return options;
    }

    private static List<LoadRecord> generate(Map<String, String> options) {
        List<LoadRecord> records = new ArrayList<>();
        new LoadGenerator(parse(options)).forEach(records::add);
        return records;
    }

    /** Each partition's keyed records as the generator ordered them: the default partitioner's choice. */
    private static Map<Integer, List<String>> expectedPartitions(List<LoadRecord> generated, int partitions) {
        Map<Integer, List<String>> expected = new TreeMap<>();
        for (LoadRecord record : generated) {
            if (record.kind() != RecordKind.ABORTED && record.key() != null) {
                int partition = Utils.toPositive(Utils.murmur2(record.key())) % partitions;
                expected.computeIfAbsent(partition, p -> new ArrayList<>()).add(text(record.key(), record.value()));
            }
        }
        return expected;
    }

    private static List<String> expectedWithoutKey(List<LoadRecord> generated) {
        return generated.stream()
                .filter(r -> r.kind() != RecordKind.ABORTED && r.key() == null)
                .map(r -> text(null, r.value()))
                .toList();
    }

    private static Map<Integer, List<String>> partitioned(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<Integer, List<String>> partitions = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.key() != null) {
                partitions
                        .computeIfAbsent(record.partition(), p -> new ArrayList<>())
                        .add(text(record.key(), record.value()));
            }
        }
        return partitions;
    }

    private static List<String> withoutKey(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .filter(r -> r.key() == null)
                .map(r -> text(null, r.value()))
                .toList();
    }

    private static String text(byte[] key, byte[] value) {
        return (key == null ? "null" : HexFormat.of().formatHex(key)) + "|"
                + (value == null ? "null" : HexFormat.of().formatHex(value));
    }

    /** Every record of {@code topic} with this isolation level, each partition in offset order. */
    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, String isolation) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return TopicRecords.readToEnd(consumer, topic, Duration.ofMinutes(1));
        }
    }

    private static void createTopic(NewTopic topic) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(topic)).all().get();
        }
    }
}
