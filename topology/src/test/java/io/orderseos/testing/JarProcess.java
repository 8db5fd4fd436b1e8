package io.orderseos.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The deployable jar ({@code target/orders-eos.jar}) as a real child process, configured only through
 * its environment as a container runs it: the test's own {@code KAFKA_*} and {@code ORDERS_*}
 * variables are not inherited. Its stdout and stderr go to one log file.
 */
public final class JarProcess implements AutoCloseable {
    public static final Path JAR = Path.of("target", "orders-eos.jar");

    private final Process process;
    private final Path log;

    private JarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the jar with {@code env} on top of the test's environment, writing its output to {@code log}. */
    public static JarProcess start(Map<String, String> env, Path log) throws IOException {
        return start(env, List.of(), log);
    }

    /** Starts the jar with {@code env} and these JVM options, writing its output to {@code log}. */
    public static JarProcess start(Map<String, String> env, List<String> jvmOptions, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("ORDERS_"));
        builder.environment().putAll(env);
        return new JarProcess(builder.start(), log);
    }

    public Process process() {
        return process;
    }

    /** Waits at most {@code timeout} for the process to end; true if it did. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** Everything the process has written so far. */
    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** A port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
