package io.orderseos.app;

import io.orderseos.config.ConfigSources;
import io.orderseos.config.OrdersConfig;
import io.orderseos.deadletter.DeadLetterCounts;
import io.orderseos.http.HttpApi;
import io.orderseos.metrics.AppMeters;
import io.orderseos.order.ReorderCounts;
import io.orderseos.query.StateQueries;
import io.orderseos.time.FutureTimestamps;
import io.orderseos.topology.OrderTopology;
import io.orderseos.topology.Topics;
import io.orderseos.validate.InputPartitioning;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream app: configuration → topology → {@link KafkaStreams}. Runs until SIGTERM / Ctrl-C,
 * which closes Kafka Streams within a bounded time (committing the open transaction and leaving
 * the group so partitions move at once), or until Kafka Streams fails.
 *
 * <p>Exit codes: 0 after a requested shutdown, 1 if the app failed, 2 for bad usage or
 * configuration (with a message naming the key).
 */
public final class OrdersApp implements AutoCloseable {
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(OrdersApp.class);

    private final OrdersConfig config;
    private final Topics topics;
    private final HttpApi http;
    private final KafkaStreams streams;
    private final StateQueries queries;
    private final GroupOffsets groupOffsets;
    private final InputPartitioning partitioning;
    private final AppMeters meters = new AppMeters();
    private final DeadLetterCounts deadLetterCounts = new DeadLetterCounts(meters.registry());
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean failed = new AtomicBoolean();

    /**
     * Reads the HTTP API's key stores, if any ({@link ConfigException} naming the key if one cannot be
     * used), binds the HTTP port and builds Kafka Streams; nothing runs until {@link #start()}. Without
     * {@code application.server}, this instance advertises {@code localhost:<http port>}, which is
     * right for one machine; a deployment sets the address other instances reach it at.
     */
    public OrdersApp(OrdersConfig config) throws IOException {
        this.http = new HttpApi(
                new InetSocketAddress(config.httpPort()), config.httpForwardTimeout(), config.httpSecurity());
        String server = config.get(StreamsConfig.APPLICATION_SERVER_CONFIG);
        if (server == null || server.isBlank()) {
            server = "localhost:" + http.port();
            config = config.with(Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, server));
        }
        this.config = config;
        this.topics = new Topics(config);
        Properties props = config.kafkaProperties();
        props.put(DeadLetterCounts.CONFIG, deadLetterCounts);
        props.put(ReorderCounts.CONFIG, new ReorderCounts(meters.registry()));
        this.partitioning = new InputPartitioning(meters.registry(), config.misroutedDeadLetter());
        props.put(InputPartitioning.CONFIG, partitioning);
        props.put(
                FutureTimestamps.CONFIG,
                new FutureTimestamps(config.timestampMaxFuture(), Clock.systemUTC(), meters.registry()));
        this.streams = new KafkaStreams(OrderTopology.build(config, topics), props);
        this.groupOffsets = new GroupOffsets(config);
        this.queries = new StateQueries(streams, HostInfo.buildFromEndpoint(server), config, groupOffsets);
        streams.setUncaughtExceptionHandler(
                new ThreadReplacementPolicy(3, Duration.ofMinutes(10), System::currentTimeMillis));
        streams.setStateListener((next, previous) -> {
            log.info("Kafka Streams state {} -> {}", previous, next);
            if (next == KafkaStreams.State.ERROR) {
                failed.set(true);
                stopped.countDown();
            } else if (next == KafkaStreams.State.NOT_RUNNING || next == KafkaStreams.State.PENDING_SHUTDOWN) {
                stopped.countDown();
            }
        });
        meters.bind(streams);
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(ConfigSources.USAGE);
            return;
        }
        OrdersConfig config;
        try {
            config = ConfigSources.load(Arrays.asList(args), System.getenv());
        } catch (ConfigException | ConfigSources.UsageException e) {
            System.err.println("orders-eos: " + e.getMessage());
            System.exit(2);
            return;
        }
        log.info("Starting orders-eos with {}", config);
        config.upgradeFrom()
                .ifPresent(release -> log.warn(
                        "{}={}: writing every stored type as release {} wrote it, for the first roll of a rolling"
                                + " upgrade. Remove it and roll again once every instance runs this version: new"
                                + " fields are not stored until then (docs/runbook.md, Rolling upgrade)",
                        OrdersConfig.UPGRADE_FROM,
                        release,
                        release));
        OrdersApp app;
        try {
            app = new OrdersApp(config);
        } catch (ConfigException e) { // a TLS key store that cannot be used
            System.err.println("orders-eos: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IOException e) {
            System.err.println("orders-eos: cannot listen on HTTP port " + config.httpPort() + ": " + e.getMessage());
            System.exit(2);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("orders-eos: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "orders-eos-shutdown"));
        try {
            app.start();
        } catch (IllegalStateException e) {
            log.error("Cannot start: {}", e.getMessage());
            System.err.println("orders-eos: " + e.getMessage());
            System.exit(1);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
            return;
        }
        boolean ok = app.awaitStop();
        app.close();
        System.exit(ok ? 0 : 1);
    }

    /**
     * Checks the topics (creating missing ones if configured to) and, in registry mode, the output
     * schemas in the registry, then starts processing and serving.
     *
     * @throws IllegalStateException if a topic is missing or mis-sized, or the registry cannot be
     *     reached or refuses an output schema; the message says which
     */
    public void start() throws InterruptedException {
        Map<String, Object> adminConfig =
                new StreamsConfig(config.kafkaProperties()).getAdminConfigs(config.applicationId() + "-topic-check");
        try (Admin admin = Admin.create(adminConfig)) {
            partitioning.partitions(TopicCheck.ensure(admin, config));
        }
        if (config.registryMode()) {
            RegistryCheck.ensure(topics);
        }
        streams.start();
        http.start(streams, queries, meters);
    }

    /** The configuration in force, {@code application.server} included. */
    public OrdersConfig config() {
        return config;
    }

    /** Dead letters this instance has written, by reason. */
    public DeadLetterCounts deadLetterCounts() {
        return deadLetterCounts;
    }

    /** The port the HTTP API listens on. */
    public int httpPort() {
        return http.port();
    }

    /** Blocks until the app stops; true if it stopped because it was asked to. */
    public boolean awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !failed.get();
    }

    /** Waits at most {@code timeout} for the app to stop. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        boolean closed =
                streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(CLOSE_TIMEOUT));
        // Logged here, on the closing thread, not left to the state listener: Kafka Streams wakes
        // close() before it calls the listener for NOT_RUNNING, so the JVM can exit in between.
        if (closed) {
            log.info("Kafka Streams closed cleanly ({})", streams.state());
        } else {
            log.warn("Kafka Streams did not close within {}", CLOSE_TIMEOUT);
        }
        http.close();
        meters.close();
        groupOffsets.close();
        topics.close();
        stopped.countDown();
    }
}
