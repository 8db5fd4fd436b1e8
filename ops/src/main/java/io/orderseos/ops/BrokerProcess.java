package io.orderseos.ops;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) as a child process:
 * {@code kafka.Kafka} from Maven Central's {@code kafka_2.13}, on loopback, its log in {@code
 * <dir>/broker.log}. A separate process so that it can be killed, paused and restarted like a real
 * broker, and so that its threads and logs stay out of the app's.
 */
public final class BrokerProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    private BrokerProcess(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /**
     * Formats storage under {@code dir} and starts the broker on {@code port} (0: any free port);
     * returns once it answers, or fails after {@code timeout} naming its log.
     */
    public static BrokerProcess start(Path dir, int port, Duration timeout) throws IOException, InterruptedException {
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Files.createDirectories(dir);
        Path config = dir.resolve("server.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        List.of(
                                "process.roles=broker,controller",
                                "node.id=1",
                                "controller.quorum.voters=1@localhost:" + controllerPort,
                                "listeners=PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:"
                                        + controllerPort,
                                "advertised.listeners=PLAINTEXT://localhost:" + brokerPort,
                                "controller.listener.names=CONTROLLER",
                                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                                "log.dirs=" + dir.resolve("data").toAbsolutePath(),
                                "num.partitions=6",
                                "offsets.topic.replication.factor=1",
                                "transaction.state.log.replication.factor=1",
                                "transaction.state.log.min.isr=1",
                                "group.initial.rebalance.delay.ms=0",
                                "")));
        Path log = dir.resolve("broker.log");
        java(
                        dir,
                        log,
                        List.of(
                                "kafka.tools.StorageTool",
                                "format",
                                "-t",
                                Uuid.randomUuid().toString(),
                                "-c",
                                config.toString()))
                .waitFor();
        Process process = java(dir, log, List.of("-Xmx512m", "kafka.Kafka", config.toString()));
        BrokerProcess broker = new BrokerProcess(dir, brokerPort, process);
        broker.awaitReady(timeout, log);
        return broker;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path dir() {
        return dir;
    }

    private void awaitReady(Duration timeout, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited with code " + process.exitValue() + "; see " + log);
            }
            try (Admin admin = Admin.create(config)) {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
                Thread.sleep(200); // polling a process we started; nothing to wait on instead
            }
        }
        close();
        throw new IllegalStateException("the broker did not answer within " + timeout + "; see " + log);
    }

    private static Process java(Path dir, Path log, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(absoluteClassPath());
        command.addAll(args);
        return new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** This JVM's class path with absolute entries: the child runs in another working directory. */
    private static String absoluteClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops the broker: SIGTERM and a clean shutdown, then SIGKILL if it takes over 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
