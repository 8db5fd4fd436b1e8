package io.orderseos.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP client on loopback for integration tests: plain, or over TLS with a given context,
 * with or without a bearer token.
 */
public final class Http {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = client(null);

    private final String base;
    private final HttpClient client;
    private final Map<String, String> headers;

    public Http(int port) {
        this("http://localhost:" + port, CLIENT, Map.of());
    }

    private Http(String base, HttpClient client, Map<String, String> headers) {
        this.base = base;
        this.client = client;
        this.headers = headers;
    }

    /** A client of {@code https://localhost:port} with this TLS context (its trust, its certificate). */
    public static Http https(int port, SSLContext tls) {
        return new Http("https://localhost:" + port, client(tls), Map.of());
    }

    /** The same client, sending {@code Authorization: Bearer token} with every request. */
    public Http withToken(String token) {
        return new Http(base, client, Map.of("Authorization", "Bearer " + token));
    }

    private static HttpClient client(SSLContext tls) {
        HttpClient.Builder builder =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1);
        if (tls != null) {
            builder.sslContext(tls);
        }
        return builder.build();
    }

    public Response get(String path) throws IOException, InterruptedException {
        return get(path, Map.of());
    }

    /** {@code GET path} with this client's headers and {@code extra} ones (which win). */
    public Response get(String path, Map<String, String> extra) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.putAll(extra);
        all.forEach(builder::header);
        HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response);
    }

    /** The sum of every sample of {@code metric} in a Prometheus text exposition. */
    public static long metricTotal(String exposition, String metric) {
        return exposition
                .lines()
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    public record Response(HttpResponse<String> response) {
        public int status() {
            return response.statusCode();
        }

        public String body() {
            return response.body();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public Map<String, Object> json() {
            try {
                return MAPPER.readValue(response.body(), new TypeReference<Map<String, Object>>() {});
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
        }

        /** Status line, every header and the body: what a secret must never appear in. */
        public String everything() {
            return status() + " " + response.headers().map() + " " + body();
        }

        @Override
        public String toString() {
            return status() + " " + body();
        }
    }
}
