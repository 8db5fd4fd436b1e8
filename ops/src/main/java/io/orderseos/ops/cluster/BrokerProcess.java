package io.orderseos.ops.cluster;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;

/**
 * A real KRaft Kafka node (combined broker and controller) as a child process: {@code kafka.Kafka}
 * from Maven Central's {@code kafka_2.13}, on loopback, its output appended to {@code
 * <dir>/broker.log}. A separate process so that it can be killed, paused and restarted like a real
 * broker, and so that its threads and logs stay out of the harness's. A restart keeps its ports,
 * configuration and data: the point of restarting a broker is to see it recover what it had.
 */
public final class BrokerProcess extends ChildProcess {
    private static final Duration CLEAN_STOP = Duration.ofSeconds(30);

    private final BrokerConfig config;
    private final Path dir;
    private final Duration startTimeout;

    private BrokerProcess(BrokerConfig config, Path dir, Duration startTimeout, boolean killOnExit) {
        super("broker-" + config.nodeId(), kafka(dir, config), dir.resolve("broker.log"), killOnExit, CLEAN_STOP);
        this.config = config;
        this.dir = dir;
        this.startTimeout = startTimeout;
    }

    /**
     * Formats storage under {@code dir} and starts a single node on {@code port} (0: any free port);
     * returns once it answers, or fails after {@code timeout} naming its log. The caller stops it
     * ({@code local} closes it in its own shutdown hook, after the app that still needs it); it never
     * outlives this JVM (see {@link ChildProcesses}).
     */
    public static BrokerProcess start(Path dir, int port, Duration timeout) throws IOException, InterruptedException {
        List<Integer> free = FreePorts.pick(2);
        BrokerConfig config = BrokerConfig.quorum(List.of(port == 0 ? free.get(0) : port), List.of(free.get(1)))
                .get(0);
        BrokerProcess broker = new BrokerProcess(config, dir, timeout, false);
        try {
            broker.format(Uuid.randomUuid().toString());
            broker.start();
            broker.awaitReady();
            return broker;
        } catch (IOException | RuntimeException | InterruptedException e) {
            broker.close();
            throw e;
        }
    }

    /** A node of a {@link KafkaCluster}: killed with this JVM's shutdown, like every harness child. */
    static BrokerProcess clusterNode(BrokerConfig config, Path dir, Duration startTimeout) {
        return new BrokerProcess(config, dir, startTimeout, true);
    }

    /**
     * Writes the node's configuration and formats its storage for {@code clusterId}. Kafka's own
     * format command, run in this JVM: a JVM start per node would cost more than the format itself.
     */
    void format(String clusterId) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(configFile(dir), config.properties(dir.resolve("data")));
        ChildProcesses.appendMarker(log(), name() + " format");
        try (PrintStream out =
                new PrintStream(new FileOutputStream(log().toFile(), true), true, StandardCharsets.UTF_8)) {
            int code = StorageTool.execute(
                    new String[] {
                        "format", "-t", clusterId, "-c", configFile(dir).toString()
                    },
                    out);
            if (code != 0) {
                throw new IllegalStateException(
                        "formatting " + name() + "'s storage failed with code " + code + "; see " + log());
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) { // the Scala tool throws checked exceptions it does not declare
            throw new IllegalStateException(
                    "formatting " + name() + "'s storage failed: " + e.getMessage() + "; see " + log(), e);
        }
    }

    /**
     * Waits until the node answers on its own listener and the cluster lists it as a live broker
     * (registered and unfenced), or fails naming its log.
     */
    void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        try (Admin admin = Admin.create(adminConfig)) {
            while (!isListed(admin)) {
                Process current = current();
                if (!current.isAlive()) {
                    throw new IllegalStateException(
                            name() + " exited with code " + current.exitValue() + " before it answered; see " + log());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            name() + " did not answer within " + startTimeout + "; see " + log());
                }
                Thread.sleep(200); // polling a process we started; nothing to wait on instead
            }
        }
    }

    private boolean isListed(Admin admin) throws InterruptedException {
        try {
            return admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).stream()
                    .anyMatch(node -> node.id() == config.nodeId());
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            return false;
        }
    }

    /**
     * Starts the node again on the same ports, configuration and data (no new format), and waits
     * until it answers; a node still running is stopped cleanly first (SIGKILL after 30 s).
     */
    @Override
    public synchronized void restart() throws IOException, InterruptedException {
        stopAndStart();
        awaitReady();
    }

    public int nodeId() {
        return config.nodeId();
    }

    /** This node's own listener; {@link KafkaCluster#bootstrapServers()} lists every node. */
    public String bootstrapServers() {
        return config.bootstrapServer();
    }

    public Path dir() {
        return dir;
    }

    private static Path configFile(Path dir) {
        return dir.resolve("server.properties");
    }

    /** SIGTERM without waiting: {@link KafkaCluster} stops every node at once, then waits for each. */
    void stopAsync() {
        if (isAlive()) {
            requestStop();
        }
    }

    /**
     * {@code java -cp <this JVM's class path> kafka.Kafka server.properties} in the node's directory.
     * Serial GC: a small heap on a shared machine needs no parallel collector threads.
     */
    private static ProcessBuilder kafka(Path dir, BrokerConfig config) {
        List<String> command = List.of(
                ChildProcesses.java(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-cp",
                ChildProcesses.classPath(),
                "kafka.Kafka",
                configFile(dir).toString());
        return new ProcessBuilder(command).directory(dir.toFile());
    }
}
