package io.orderseos.ops;

import io.orderseos.app.OrdersApp;
import io.orderseos.app.TopicOffsets;
import io.orderseos.app.TopicRecords;
import io.orderseos.config.OrdersConfig;
import io.orderseos.deadletter.DeadLetters;
import io.orderseos.metrics.OrdersMetrics;
import io.orderseos.ops.cluster.BrokerProcess;
import io.orderseos.ops.load.Load;
import io.orderseos.ops.load.LoadOptions;
import io.orderseos.ops.load.LoadReport;
import io.orderseos.ops.verify.Drain;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code local}: the whole system on this machine, no Docker. A real single-node KRaft broker
 * process, the app (exactly-once, HTTP on port 7070), a sample from the load generator
 * ({@code produce}) with duplicates, conflicts, illegal transitions, malformed records and aborted
 * upstream transactions; then a summary read back from the app's metrics and
 * the dead-letter topic, and {@code curl} lines to try. Ctrl-C stops everything and removes the
 * temporary data.
 */
@Command(
        name = "local",
        header = "run a real local Kafka broker, orders-eos and a sample stream (no Docker)",
        description = "Starts a real single-node Kafka broker (KRaft) and orders-eos, produces a sample stream,"
                + " prints a summary and keeps the HTTP API up until Ctrl-C.",
        exitCodeList = {
            "0:stopped by Ctrl-C, or after the summary with --exit-after-summary",
            "1:the broker or orders-eos failed",
            "2:bad usage"
        })
final class LocalCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String APPLICATION_ID = "orders-eos-local";
    private static final int MAX_PORT = 65_535;

    private final PrintStream out;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--records",
            paramLabel = "N",
            description = "records in the sample, every kind included (default ${DEFAULT-VALUE})")
    private long records = 7_500;

    @Option(
            names = "--customers",
            paramLabel = "N",
            description = "customers the orders belong to (default ${DEFAULT-VALUE})")
    private int customers = 50;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "seed of the sample; the same seed gives the same stream (default ${DEFAULT-VALUE})")
    private long seed = 42;

    @Option(
            names = "--kafka-port",
            paramLabel = "P",
            description = "broker port (default ${DEFAULT-VALUE}; 0 picks a free one)")
    private int kafkaPort = 9092;

    @Option(
            names = "--http-port",
            paramLabel = "P",
            description = "HTTP API port (default ${DEFAULT-VALUE}; 0 picks a free one)")
    private int httpPort = 7070;

    @Option(names = "--exit-after-summary", description = "stop after the summary instead of waiting for Ctrl-C")
    private boolean exitAfterSummary;

    LocalCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Usage.atLeast(spec, "--records", records, 1);
        Usage.atLeast(spec, "--customers", customers, 1);
        requirePort("--kafka-port", kafkaPort);
        requirePort("--http-port", httpPort);
        Path dir = Files.createTempDirectory("orders-eos-local");

        out.println("orders-eos local: data in " + dir);
        long started = System.nanoTime();
        out.print("Starting a Kafka broker (KRaft, single node) ... ");
        out.flush();
        BrokerProcess broker;
        try {
            broker = BrokerProcess.start(dir.resolve("kafka"), kafkaPort, Duration.ofSeconds(90));
        } catch (IOException | RuntimeException e) {
            out.println("failed");
            throw e; // the broker's log stays in the data directory for a look
        }
        out.printf("ready at %s (pid %d) in %.1f s%n", broker.bootstrapServers(), broker.pid(), seconds(started));

        OrdersConfig config = OrdersConfig.of(Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID,
                StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString(),
                OrdersConfig.HTTP_PORT, Integer.toString(httpPort),
                OrdersConfig.TOPICS_AUTO_CREATE, "true"));
        OrdersApp app;
        try {
            app = new OrdersApp(config);
        } catch (IOException e) {
            broker.close();
            deleteRecursively(dir);
            throw new IllegalStateException("cannot listen on HTTP port " + httpPort + ": " + e.getMessage(), e);
        }
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                out.println();
                out.println("Stopping orders-eos and the broker ...");
                app.close();
                broker.close();
                deleteRecursively(dir);
                done.countDown();
            }
        };
        Thread hook = new Thread(stop, "orders-eos-local-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runApp(app, broker, config, done);
        } finally {
            stop.run(); // a no-op if Ctrl-C already stopped everything
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running or has run.
            }
        }
    }

    private void requirePort(String option, int port) {
        Usage.require(
                spec,
                port >= 0 && port <= MAX_PORT,
                option + " must be from 0 to " + MAX_PORT + ", was '" + port + "'");
    }

    private int runApp(OrdersApp app, BrokerProcess broker, OrdersConfig config, CountDownLatch done) throws Exception {
        LoadOptions sample = LoadOptions.builder()
                .bootstrapServers(broker.bootstrapServers())
                .topic(config.inputTopic())
                .partitions(config.topicsPartitions())
                .count(records)
                .customers(customers)
                .seed(seed)
                .build();
        long started;
        started = System.nanoTime();
        out.print("Starting orders-eos (exactly_once_v2) ... ");
        out.flush();
        app.start();
        awaitRunning(app);
        out.printf("RUNNING in %.1f s, HTTP on port %d%n", seconds(started), app.httpPort());

        LoadReport sent = Load.run(sample, out, () -> false);

        out.print("Waiting for orders-eos to process everything ... ");
        out.flush();
        started = System.nanoTime();
        Optional<String> behind = new Drain(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), config, out)
                .await(TIMEOUT);
        if (behind.isPresent()) {
            throw new IllegalStateException(behind.get());
        }
        out.printf("done in %.1f s%n", seconds(started));
        summary(app, broker.bootstrapServers(), config.dlqTopic(), sent);
        curlLines(app.httpPort());

        if (exitAfterSummary) {
            return 0;
        }
        out.println("Press Ctrl-C to stop.");
        done.await();
        return 0;
    }

    private void summary(OrdersApp app, String bootstrap, String dlqTopic, LoadReport sent) throws Exception {
        KafkaStreams streams = app.streams();
        out.println();
        out.println("Summary");
        Map<String, Long> kinds = new LinkedHashMap<>();
        sent.sentByKind().forEach((kind, count) -> kinds.put(kind.label(), count));
        out.printf("  records in               %,8d   (sent: %s)%n", sent.sent(), kinds);
        out.printf("  events applied           %,8d%n", metric(streams, OrdersMetrics.APPLIED));
        out.printf("  duplicates dropped       %,8d%n", metric(streams, OrdersMetrics.DUPLICATES_DROPPED));
        out.printf("  duplicate intents        %,8d%n", metric(streams, OrdersMetrics.DUPLICATE_INTENTS));
        Map<String, Long> reasons = deadLettersByReason(bootstrap, dlqTopic);
        out.printf(
                "  dead letters             %,8d%n",
                reasons.values().stream().mapToLong(Long::longValue).sum());
        reasons.forEach((reason, count) -> out.printf("    %-22s %,8d%n", reason, count));
    }

    private void curlLines(int port) {
        String base = "http://localhost:" + port;
        out.println();
        out.println("Try:");
        out.println("  curl -s " + base + "/orders/o-1");
        out.println("  curl -s " + base + "/customers/c-1");
        out.println("  curl -s " + base + "/instances");
        out.println("  curl -s " + base + "/health/ready");
        out.println("  curl -s " + base + "/metrics | grep kafka_stream_orders");
    }

    private static long metric(KafkaStreams streams, String operation) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(OrdersMetrics.GROUP)
                        && e.getKey().name().equals(operation + "-total"))
                .mapToLong(e -> ((Number) e.getValue().metricValue()).longValue())
                .sum();
    }

    /** Counts the committed dead letters by their reason header. */
    private static Map<String, Long> deadLettersByReason(String bootstrap, String topic) throws Exception {
        awaitNoOpenTransaction(bootstrap, topic);
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        Map<String, Long> reasons = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (ConsumerRecord<byte[], byte[]> record : TopicRecords.readToEnd(consumer, topic, TIMEOUT)) {
                Header reason = record.headers().lastHeader(DeadLetters.REASON);
                String name = reason == null ? "(none)" : new String(reason.value(), StandardCharsets.UTF_8);
                reasons.merge(name, 1L, Long::sum);
            }
        }
        return reasons;
    }

    private static void awaitRunning(OrdersApp app) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (app.streams().state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || app.streams().state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException(
                        "orders-eos did not reach RUNNING: " + app.streams().state());
            }
            Thread.sleep(100); // KafkaStreams offers a state listener, but the app owns it
        }
    }

    /**
     * Waits until no transaction is open on {@code topic} (last stable offset = high watermark). The
     * app's offsets can be visible before the commit marker reaches every partition the transaction
     * wrote, so a read_committed read right after could miss its last records.
     */
    private static void awaitNoOpenTransaction(String bootstrap, String topic) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (!TopicOffsets.withOpenTransactions(admin, List.of(topic)).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("a transaction stays open on " + topic);
                }
                Thread.sleep(50); // polling the broker for a marker another process writes
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Best effort: it is a temporary directory.
        }
    }
}
