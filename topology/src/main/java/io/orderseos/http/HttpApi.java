package io.orderseos.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.orderseos.customer.CustomerStatsProcessor;
import io.orderseos.deadletter.DeadLetterCounts;
import io.orderseos.query.CustomerPage;
import io.orderseos.query.Lookup;
import io.orderseos.query.StateQueries;
import io.orderseos.time.FutureTimestamps;
import io.orderseos.validate.OrderEventValidator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API on the JDK's own server (no dependency: a handful of GET endpoints need no framework).
 * Any instance answers for any key: from a local store, or by forwarding once to the instance that
 * the group's metadata names as the key's active host. A forwarded request is marked and never
 * forwarded again. While nobody can answer (rebalance, restore), the answer is 503 with {@code
 * Retry-After}, never a 500 and never a wait in a loop.
 */
public final class HttpApi implements AutoCloseable {
    /** Marks a request forwarded by another instance; its value is that instance. */
    public static final String FORWARDED_BY = "X-Orders-Forwarded-By";

    public static final String SERVED_BY = "X-Served-By";
    public static final String STALE = "X-Stale";

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final String RETRY_AFTER_SECONDS = "1";
    /** Customers per page unless asked otherwise, and the most a page can hold. */
    static final int DEFAULT_PAGE = 100;

    static final int MAX_PAGE = 1000;

    static {
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm on,
        // the body then waits for the client's delayed ACK: 40 ms added to every request on a
        // kept-alive connection (the README has the measurement). Read once,
        // when the first server is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Duration forwardTimeout;
    private volatile KafkaStreams streams;
    private volatile StateQueries queries;
    private volatile DeadLetterCounts deadLetterCounts;
    private volatile FutureTimestamps futureTimestamps;

    /**
     * Binds the port now, so that a port chosen by the system (0) is known before Kafka Streams is
     * configured with it as {@code application.server}; serves once {@link #start} is called.
     */
    public HttpApi(InetSocketAddress bind, Duration forwardTimeout) throws IOException {
        this.forwardTimeout = forwardTimeout;
        this.client = HttpClient.newBuilder().connectTimeout(forwardTimeout).build();
        this.server = HttpServer.create(bind, 64);
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread thread = new Thread(r, "orders-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public void start(
            KafkaStreams streams,
            StateQueries queries,
            DeadLetterCounts deadLetterCounts,
            FutureTimestamps futureTimestamps) {
        this.streams = streams;
        this.queries = queries;
        this.deadLetterCounts = deadLetterCounts;
        this.futureTimestamps = futureTimestamps;
        server.start();
        log.info("HTTP API listening on {}", server.getAddress());
    }

    /** The bound port (useful when bound to port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, Json.error("only GET is supported"));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/health/live")) {
                send(exchange, 200, Map.of("status", "live"));
            } else if (path.equals("/health/ready")) {
                ready(exchange);
            } else if (path.equals("/metrics")) {
                sendText(exchange, 200, PrometheusText.render(streams.metrics(), deadLetterCounts, futureTimestamps));
            } else if (path.equals("/instances")) {
                send(exchange, 200, instances());
            } else if (path.equals("/customers")) {
                customers(exchange);
            } else if (path.startsWith("/orders/")) {
                key(exchange, path.substring("/orders/".length()), "order", queries::order, Json::order);
            } else if (path.startsWith("/customers/")) {
                key(exchange, path.substring("/customers/".length()), "customer", queries::customer, Json::customer);
            } else {
                send(exchange, 404, Json.error("no such endpoint: " + path));
            }
        } catch (RuntimeException e) {
            log.error("HTTP request {} failed", exchange.getRequestURI(), e);
            send(exchange, 500, Json.error("internal error"));
        }
    }

    private void ready(HttpExchange exchange) throws IOException {
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.RUNNING) {
            send(exchange, 200, Map.of("status", state.name()));
        } else {
            exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
            send(exchange, 503, Map.of("status", state.name()));
        }
    }

    private <T> void key(
            HttpExchange exchange,
            String rawKey,
            String what,
            Function<String, Lookup<T>> lookup,
            Function<T, Map<String, Object>> json)
            throws IOException {
        String key = URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
        if (key.isEmpty() || key.length() > OrderEventValidator.MAX_ID_LENGTH || key.contains("/")) {
            send(
                    exchange,
                    400,
                    Json.error("a " + what + " id is 1 to " + OrderEventValidator.MAX_ID_LENGTH + " characters"));
            return;
        }
        Lookup<T> result = lookup.apply(key);
        exchange.getResponseHeaders().set(SERVED_BY, hostString(queries.self()));
        if (result instanceof Lookup.Found<T> found) {
            if (found.stale()) {
                exchange.getResponseHeaders().set(STALE, "true");
            }
            send(exchange, 200, json.apply(found.value()));
        } else if (result instanceof Lookup.NotFound<T>) {
            send(exchange, 404, Json.error("unknown " + what + " " + key));
        } else if (result instanceof Lookup.Elsewhere<T> elsewhere) {
            if (!forward(exchange, elsewhere.host())) {
                // The owner cannot answer: a standby here may, if stale reads are allowed.
                Lookup<T> standby = elsewhere.standby().get();
                if (standby instanceof Lookup.Found<T> found) {
                    exchange.getResponseHeaders().set(STALE, "true");
                    send(exchange, 200, json.apply(found.value()));
                } else if (standby instanceof Lookup.NotFound<T>) {
                    exchange.getResponseHeaders().set(STALE, "true");
                    send(exchange, 404, Json.error("unknown " + what + " " + key));
                } else {
                    unavailable(exchange, "owner " + hostString(elsewhere.host()) + " cannot answer");
                }
            }
        } else if (result instanceof Lookup.Unavailable<T> unavailable) {
            unavailable(exchange, unavailable.reason());
        }
    }

    /**
     * Relays the owner's answer; false, having sent nothing, if the owner cannot answer (unreachable,
     * or itself unavailable) or this request was already forwarded once.
     */
    private boolean forward(HttpExchange exchange, HostInfo owner) throws IOException {
        if (exchange.getRequestHeaders().getFirst(FORWARDED_BY) != null) {
            // Forwarded here, yet another instance owns the key: metadata is moving. Never forward twice.
            return false;
        }
        URI uri = URI.create(
                "http://" + hostString(owner) + exchange.getRequestURI().getRawPath());
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(forwardTimeout)
                .header(FORWARDED_BY, hostString(queries.self()))
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            log.debug("Owner {} did not answer", hostString(owner), e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (response.statusCode() == 503) {
            return false;
        }
        for (String header : List.of(SERVED_BY, STALE, "Retry-After", "Content-Type")) {
            response.headers().firstValue(header).ifPresent(v -> exchange.getResponseHeaders()
                    .set(header, v));
        }
        sendBytes(exchange, response.statusCode(), response.body());
        return true;
    }

    /**
     * {@code GET /customers?from=&to=&limit=} (or {@code after=} instead of {@code from=} for the next
     * page): customers in key order over every partition, local or not. Each instance hosting the
     * store answers for its own partitions ({@code scope=local}); the page is served only if together
     * they cover every partition, because a page with a partition missing would be a wrong answer.
     */
    private void customers(HttpExchange exchange) throws IOException {
        Map<String, String> params = queryParameters(exchange.getRequestURI().getRawQuery());
        int limit;
        try {
            limit = Integer.parseInt(params.getOrDefault("limit", Integer.toString(DEFAULT_PAGE)));
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1) {
            send(exchange, 400, Json.error("limit must be a whole number from 1 to " + MAX_PAGE));
            return;
        }
        limit = Math.min(limit, MAX_PAGE);
        String after = params.get("after");
        String lower = after != null ? after : params.get("from");
        String upper = params.get("to");
        // One more than asked to tell whether a next page exists, one more still when the first is 'after'.
        int fetch = limit + 1 + (after != null ? 1 : 0);
        exchange.getResponseHeaders().set(SERVED_BY, hostString(queries.self()));

        Lookup<CustomerPage> local = queries.localCustomers(lower, upper, fetch);
        if (!(local instanceof Lookup.Found<CustomerPage> found)) {
            unavailable(exchange, ((Lookup.Unavailable<CustomerPage>) local).reason());
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>(
                found.value().customers().stream().map(Json::customer).toList());
        java.util.Set<Integer> covered = new java.util.TreeSet<>(found.value().partitions());
        if ("local".equals(params.get("scope"))) {
            send(exchange, 200, Map.of("customers", rows, "partitions", covered));
            return;
        }
        for (StreamsMetadata instance : streams.streamsMetadataForStore(CustomerStatsProcessor.STORE)) {
            if (instance.hostInfo().equals(queries.self())) {
                continue;
            }
            String uri = "http://" + hostString(instance.hostInfo()) + "/customers?scope=local&limit=" + fetch
                    + (lower == null ? "" : "&from=" + encode(lower)) + (upper == null ? "" : "&to=" + encode(upper));
            Map<String, Object> remote;
            try {
                HttpResponse<byte[]> response = client.send(
                        HttpRequest.newBuilder(URI.create(uri))
                                .timeout(forwardTimeout)
                                .header(FORWARDED_BY, hostString(queries.self()))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    unavailable(exchange, hostString(instance.hostInfo()) + " answered " + response.statusCode());
                    return;
                }
                remote = Json.parse(response.body());
            } catch (IOException e) {
                unavailable(exchange, hostString(instance.hostInfo()) + " did not answer: " + e.getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unavailable(exchange, "interrupted");
                return;
            }
            for (Object row : (List<?>) remote.get("customers")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> customer = (Map<String, Object>) row;
                rows.add(customer);
            }
            for (Object partition : (List<?>) remote.get("partitions")) {
                covered.add(((Number) partition).intValue());
            }
        }
        int partitions = queries.customerPartitions();
        if (covered.size() < partitions) {
            unavailable(exchange, "only " + covered.size() + " of " + partitions + " partitions answered");
            return;
        }
        List<Map<String, Object>> page = rows.stream()
                .sorted(java.util.Comparator.comparing(row -> (String) row.get("customerId")))
                .filter(row -> after == null || !row.get("customerId").equals(after))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customers", page.subList(0, Math.min(limit, page.size())));
        if (page.size() > limit) {
            String last = (String) page.get(limit - 1).get("customerId");
            body.put(
                    "next",
                    "/customers?after=" + encode(last) + "&limit=" + limit
                            + (upper == null ? "" : "&to=" + encode(upper)));
        } else {
            body.put("next", null);
        }
        send(exchange, 200, body);
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private void unavailable(HttpExchange exchange, String reason) throws IOException {
        exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        send(exchange, 503, Json.error("unavailable, retry shortly: " + reason));
    }

    private List<Map<String, Object>> instances() {
        List<Map<String, Object>> instances = new ArrayList<>();
        for (StreamsMetadata metadata : streams.metadataForAllStreamsClients()) {
            Map<String, Object> instance = new LinkedHashMap<>();
            instance.put("host", hostString(metadata.hostInfo()));
            instance.put("self", metadata.hostInfo().equals(queries.self()));
            instance.put(
                    "active",
                    metadata.topicPartitions().stream()
                            .map(Object::toString)
                            .sorted()
                            .toList());
            instance.put(
                    "standby",
                    metadata.standbyTopicPartitions().stream()
                            .map(Object::toString)
                            .sorted()
                            .toList());
            instances.add(instance);
        }
        return instances;
    }

    private static String hostString(HostInfo host) {
        return host.host() + ":" + host.port();
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        sendBytes(exchange, status, Json.bytes(body));
    }

    private static void sendText(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        sendBytes(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendBytes(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
