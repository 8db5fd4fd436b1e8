package io.orderseos.app;

import io.orderseos.config.ConfigSources;
import io.orderseos.config.OrdersConfig;
import io.orderseos.topology.OrderTopology;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
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

    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean failed = new AtomicBoolean();

    public OrdersApp(OrdersConfig config) {
        this.streams = new KafkaStreams(OrderTopology.build(config), config.kafkaProperties());
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
        OrdersApp app = new OrdersApp(config);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "orders-eos-shutdown"));
        app.start();
        boolean ok = app.awaitStop();
        app.close();
        System.exit(ok ? 0 : 1);
    }

    public void start() {
        streams.start();
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
        if (!closed) {
            log.warn("Kafka Streams did not close within {}", CLOSE_TIMEOUT);
        }
        stopped.countDown();
    }
}
