package io.orderseos.ops.producers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderseos.deadletter.DeadLetters;
import io.orderseos.ops.cluster.AppJar;
import io.orderseos.ops.cluster.AppProcess;
import io.orderseos.ops.cluster.AppSettings;
import io.orderseos.ops.deploy.Tool;
import io.orderseos.testing.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producer examples of docs/producers.md, each run against a real broker and the app's jar: each
 * places orders of 12.5, 12 and 0.5, which the app must read back as 12.50, 12.00 and 0.50 (a
 * decimal written at another scale would read as another amount), none may become a dead letter (a
 * wrong fingerprint makes every record one), and each must land on the partition Java's murmur2
 * gives its key (dedup and the order state machine rely on it). The Python and Node.js examples run
 * where their toolchains are installed ({@link ExampleToolchains}), the Java one always.
 */
class ProducerExamplesIT {
    /** More partitions than orders per example: a key on the wrong partition cannot land right by luck often. */
    private static final int PARTITIONS = 8;

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Path EXAMPLES = Path.of("src", "test", "resources", "producers");
    private static final Path SCHEMA = Path.of("..", "schemas", "src", "main", "avro", "OrderEvent.avsc");
    private static final List<String> AMOUNTS = List.of("12.50", "12.00", "0.50");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static AppProcess app;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics("orders", "order-status", "customer-stats", "orders-dlq", PARTITIONS);
        app = AppProcess.create(
                "app-1",
                dir.resolve("app"),
                AppSettings.of(AppJar.locate(), kafka.bootstrapServers()).withEnv("KAFKA_COMMIT_INTERVAL_MS", "100"));
        app.start();
        app.awaitReady(TIMEOUT);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void java() throws Exception {
        JavaProducer.main(new String[] {kafka.bootstrapServers(), "java"});

        assertPlacedAsWritten("java");
    }

    @Test
    void python() throws Exception {
        Optional<String> python = ExampleToolchains.python();
        Tool.assumeInstalled(
                python.isPresent(),
                String.format(ExampleToolchains.PYTHON_MISSING, ExampleToolchains.pythonCandidates()));

        run(EXAMPLES, python.get(), "producer.py", kafka.bootstrapServers(), schema(), "python");

        assertPlacedAsWritten("python");
    }

    @Test
    void node() throws Exception {
        ExampleToolchains.Node node = ExampleToolchains.node();
        Tool.assumeInstalled(node.present(), node.missing());
        // An ES module finds its imports only in a node_modules beside it or above it.
        Path here = Files.createDirectories(dir.resolve("node"));
        Files.copy(EXAMPLES.resolve("producer.mjs"), here.resolve("producer.mjs"));
        Files.createSymbolicLink(here.resolve("node_modules"), node.modules());

        run(here, node.executable().toString(), "producer.mjs", kafka.bootstrapServers(), schema(), "node");

        assertPlacedAsWritten("node");
    }

    /**
     * Orders {@code prefix-1} to {@code prefix-3}: no dead letter, each record on its key's murmur2
     * partition (the HTTP API looks an order up there too), each read back over HTTP with its amount
     * exactly.
     */
    private static void assertPlacedAsWritten(String prefix) throws Exception {
        kafka.awaitConsumed("orders-eos", "orders", TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> letters = ofExample(kafka.readCommitted("orders-dlq"), prefix);
        assertThat(letters)
                .as(
                        "dead letters: %s",
                        letters.stream()
                                .map(letter ->
                                        header(letter, DeadLetters.REASON) + " " + header(letter, DeadLetters.DETAIL))
                                .toList())
                .isEmpty();
        List<ConsumerRecord<byte[], byte[]>> records = ofExample(kafka.readCommitted("orders"), prefix);
        assertThat(records).hasSize(AMOUNTS.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertThat(record.partition())
                    .as("partition of key %s", new String(record.key(), UTF_8))
                    .isEqualTo(Utils.toPositive(Utils.murmur2(record.key())) % PARTITIONS);
        }
        for (int i = 0; i < AMOUNTS.size(); i++) {
            String orderId = prefix + "-" + (i + 1);
            String body = Awaitility.await(orderId + " over HTTP")
                    .atMost(TIMEOUT)
                    .until(() -> app.body("/orders/" + orderId), answer -> answer != null);
            Map<?, ?> order = JSON.readValue(body, Map.class);
            assertThat(order.get("status")).as(body).isEqualTo("PLACED");
            assertThat(order.get("amount")).as(body).isEqualTo(AMOUNTS.get(i));
        }
    }

    /** The records keyed by the example's orders (a dead letter keeps the original key). */
    private static List<ConsumerRecord<byte[], byte[]>> ofExample(
            List<ConsumerRecord<byte[], byte[]>> records, String prefix) {
        return records.stream()
                .filter(record -> new String(record.key(), UTF_8).startsWith(prefix + "-"))
                .toList();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), UTF_8);
    }

    private static String schema() {
        assertThat(SCHEMA)
                .as("OrderEvent.avsc, from the ops module's directory")
                .isRegularFile();
        return SCHEMA.toAbsolutePath().normalize().toString();
    }

    private static void run(Path in, String... command) throws Exception {
        Tool.Result result = Tool.run(in.toAbsolutePath(), command);
        System.out.println(String.join(" ", command) + ":\n" + result.output());
        assertThat(result.exitCode()).as(result.output()).isZero();
    }
}
