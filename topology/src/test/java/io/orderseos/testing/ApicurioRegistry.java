package io.orderseos.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Apicurio Registry, run as a child process on a free loopback port from its all-in-one
 * distribution on Maven Central ({@code io.apicurio:apicurio-registry-app:<version>:tar.gz:all},
 * which the build unpacks and names in the system property {@value #HOME_PROPERTY}). Its storage is
 * an H2 file under the given directory, so a {@link #stop() stopped} registry {@link #start()
 * restarts} with every schema it had, under the same ids.
 */
public final class ApicurioRegistry implements AutoCloseable {
    public static final String HOME_PROPERTY = "apicurio.registry.home";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final String CONFLUENT_JSON = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path runnerJar;
    private final Path dataDir;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private String apiPath;

    private ApicurioRegistry(Path runnerJar, Path dataDir, int port) {
        this.runnerJar = runnerJar;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** A registry keeping its data in {@code dataDir}; not started. */
    public static ApicurioRegistry in(Path dataDir) throws IOException {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null) {
            throw new IllegalStateException("system property " + HOME_PROPERTY + " is not set: run the test through "
                    + "Maven (mvn verify), which unpacks the registry distribution and sets it");
        }
        Path runner;
        try (Stream<Path> files = Files.list(Path.of(home))) {
            runner = files.filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-runner.jar in " + home));
        }
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return new ApicurioRegistry(runner, dataDir, socket.getLocalPort());
        }
    }

    /**
     * Starts the registry process and waits until it is ready.
     *
     * @return how long the start took
     */
    public Duration start() throws IOException, InterruptedException {
        long started = System.nanoTime();
        Files.createDirectories(dataDir);
        String java = ProcessHandle.current().info().command().orElse("java");
        String database = "jdbc:h2:file:" + dataDir.resolve("registry").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx512m",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                // 2.x: the datasource of its in-memory (H2) storage; 3.x: the same for its SQL storage.
                "-Dquarkus.datasource.jdbc.url=" + database,
                "-Dapicurio.datasource.url=" + database,
                "-jar",
                runnerJar.toString()));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dataDir.resolve("registry.log").toFile()))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!ready()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the registry exited with " + process.exitValue() + "; see " + dataDir.resolve("registry.log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the registry was not ready within " + START_TIMEOUT + "; see "
                        + dataDir.resolve("registry.log"));
            }
            Thread.sleep(200);
        }
        if (apiPath == null) {
            apiPath = get("/apis/registry/v3/system/info").statusCode() == 200
                    ? "/apis/registry/v3"
                    : "/apis/registry/v2";
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Stops the registry (SIGTERM, then SIGKILL after 30 s); its data stays. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** The URL of its core REST API, as the app's {@code orders.registry.url} takes it. */
    public String apiUrl() {
        return base() + apiPath;
    }

    /** The version of the core REST API it serves: 2 or 3. */
    public int apiVersion() {
        return apiPath.endsWith("v3") ? 3 : 2;
    }

    /** Sets the compatibility rule of {@code subject} through the Confluent-compatible API. */
    public void setCompatibility(String subject, String level) throws IOException, InterruptedException {
        HttpResponse<String> answer =
                send("PUT", "/apis/ccompat/v7/config/" + subject, "{\"compatibility\":\"" + level + "\"}");
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(
                    "setting " + subject + " to " + level + ": " + answer.statusCode() + " " + answer.body());
        }
    }

    /**
     * Registers {@code schema} as the next version of {@code subject} through the Confluent-compatible
     * API: the answer's status and body ({@code {"id":N}}, or why it was refused).
     */
    public HttpResponse<String> register(String subject, String schema) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(java.util.Map.of("schema", schema));
        return send("POST", "/apis/ccompat/v7/subjects/" + subject + "/versions", body);
    }

    /** The schema with this id, through the Confluent-compatible API: status and body. */
    public HttpResponse<String> schemaById(int id) throws IOException, InterruptedException {
        return get("/apis/ccompat/v7/schemas/ids/" + id);
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean ready() {
        try {
            return get("/health/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", CONFLUENT_JSON)
                        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
