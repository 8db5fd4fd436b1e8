package io.orderseos.ops.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One orders-eos instance as a child process, run as a container runs it: {@code java <jvm
 * options> -jar orders-eos.jar}, configured only through the environment. It has its own
 * directory (state in {@code state/}, output appended to {@code app.log} across starts) and an HTTP
 * port chosen once: a restart comes back with the same port, environment and state directory, as
 * a restarted pod would. After a {@code kill -9} the app itself must deal with the state it left
 * behind (under EOS it wipes and restores it); the harness never touches it.
 */
public final class AppProcess extends ChildProcess {
    /** The app's own bound for a clean close (30 s), plus its JVM's exit. */
    public static final Duration CLEAN_STOP = Duration.ofSeconds(40);

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(PROBE_TIMEOUT)
            .build();

    private final Path dir;
    private final int httpPort;

    private AppProcess(String name, Path dir, int httpPort, ProcessBuilder builder) {
        super(name, builder, dir.resolve("app.log"), true, CLEAN_STOP);
        this.dir = dir;
        this.httpPort = httpPort;
    }

    /**
     * An instance named {@code name} (as in fault logs: {@code app-2}) living in {@code dir}, on a
     * free HTTP port; not started yet. It advertises {@code localhost:<port>} as its {@code
     * application.server}, so interactive queries are forwarded between instances.
     */
    public static AppProcess create(String name, Path dir, AppSettings settings) throws IOException {
        Path home = dir.toAbsolutePath();
        Files.createDirectories(home);
        int port = FreePorts.pick();
        ProcessBuilder builder = new ProcessBuilder().directory(home.toFile());
        configure(builder, settings, home, port);
        return new AppProcess(name, home, port, builder);
    }

    /**
     * One step of a rolling upgrade: stops the instance cleanly if it runs ({@link #CLEAN_STOP}),
     * then starts it with {@code settings} (another jar, another environment) on the same port and
     * state directory, without waiting for it ({@link #awaitReady(Duration)}).
     */
    public synchronized void replaceWith(AppSettings settings) throws IOException, InterruptedException {
        if (isAlive()) {
            terminate(CLEAN_STOP);
        }
        configure(builder(), settings, dir, httpPort);
        start();
    }

    private static void configure(ProcessBuilder builder, AppSettings settings, Path home, int port) {
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.java());
        command.addAll(settings.jvmOptions());
        command.add("-jar");
        command.add(settings.jar().toAbsolutePath().toString());
        builder.command(command);
        Map<String, String> env = builder.environment();
        // Only what is set here configures it: nothing leaks in from the harness's own environment.
        env.keySet().removeIf(key -> key.startsWith("KAFKA_") || key.startsWith("ORDERS_"));
        env.putAll(settings.env());
        env.put("KAFKA_BOOTSTRAP_SERVERS", settings.bootstrapServers());
        env.put("KAFKA_APPLICATION_SERVER", "localhost:" + port);
        env.put("KAFKA_STATE_DIR", home.resolve("state").toString());
        env.put("ORDERS_HTTP_PORT", Integer.toString(port));
    }

    /**
     * Waits until {@code GET /health/ready} answers 200 (Kafka Streams is RUNNING); fails naming the
     * log if the process exits first or the wait exceeds {@code timeout}.
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (status("/health/ready") != 200) {
            Process current = current();
            if (!current.isAlive()) {
                throw new IllegalStateException(
                        name() + " exited with code " + current.exitValue() + " before it was ready; see " + log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name() + " was not ready within " + timeout + "; see " + log());
            }
            Thread.sleep(250); // polling another process's HTTP endpoint; nothing to wait on instead
        }
    }

    /**
     * The status of {@code GET <path>} on this instance, or -1 if it does not answer within a second
     * (not listening, or paused).
     */
    public int status(String path) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + httpAddress() + path))
                .timeout(PROBE_TIMEOUT)
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The body of {@code GET <path>} on this instance, or null if it does not answer 200 within a second. */
    public String body(String path) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + httpAddress() + path))
                .timeout(PROBE_TIMEOUT)
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Changelog records this instance has read to restore its stores since it started: what its
     * restore consumer fetched ({@code records-consumed-total}, in {@code /metrics}); -1 if it does
     * not answer. A standby task's updates count too.
     */
    public long restoredRecords() throws InterruptedException {
        String metrics = body("/metrics");
        if (metrics == null) {
            return -1;
        }
        return metrics.lines()
                .filter(line -> line.startsWith("kafka_consumer_fetch_manager_records_consumed_total{")
                        && line.contains("-restore-consumer\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /**
     * Starts the instance again with the same port, environment and state directory, without
     * waiting for it ({@link #awaitReady(Duration)}); one still running is first terminated within
     * {@link #CLEAN_STOP}.
     */
    @Override
    public void restart() throws IOException, InterruptedException {
        stopAndStart();
    }

    /** {@code localhost:<port>}: its HTTP API and its {@code application.server}. */
    public String httpAddress() {
        return "localhost:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path dir() {
        return dir;
    }
}
