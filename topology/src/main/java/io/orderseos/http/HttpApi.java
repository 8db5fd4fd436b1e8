package io.orderseos.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.core.instrument.Counter;
import io.orderseos.config.HttpSecurityConfig;
import io.orderseos.customer.CustomerStatsProcessor;
import io.orderseos.metrics.AppMeters;
import io.orderseos.query.CustomerPage;
import io.orderseos.query.CustomerPaging;
import io.orderseos.query.KeyAnswer;
import io.orderseos.query.Lookup;
import io.orderseos.query.OrderView;
import io.orderseos.query.StateQueries;
import io.orderseos.validate.OrderEventValidator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
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
 *
 * <p>Optionally TLS, a bearer token and client certificates ({@link HttpSecurityConfig}), required on
 * every endpoint but {@code /health/live}. Threads, queue, connections, request and response times
 * and header sizes are bounded ({@link HttpExecutor}, {@link ServerLimits}); when every worker is
 * taken the answer is 503 at once.
 */
public final class HttpApi implements AutoCloseable {
    /** Marks a request forwarded by another instance; its value is that instance. */
    public static final String FORWARDED_BY = "X-Orders-Forwarded-By";

    public static final String SERVED_BY = "X-Served-By";
    public static final String STALE = "X-Stale";
    /** The one endpoint open without credentials: a probe that it answers at all. */
    public static final String LIVENESS = "/health/live";
    /** The counter of requests refused, by {@code reason} ({@code orders_http_rejected_total} in {@code /metrics}). */
    public static final String REJECTED = "orders.http.rejected";

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final String RETRY_AFTER_SECONDS = "1";
    private static final String REALM = "Bearer realm=\"orders-eos\"";
    private static final int BACKLOG = 64;
    /** Customers per page unless asked otherwise, and the most a page can hold. */
    static final int DEFAULT_PAGE = 100;

    static {
        ServerLimits.apply();
    }

    private final HttpServer server;
    private final HttpExecutor executor = new HttpExecutor();
    private final SSLContext tls;
    private final Access access;
    private final String description;
    private final Duration forwardTimeout;
    private volatile Peers peers;
    private volatile KafkaStreams streams;
    private volatile StateQueries queries;
    private volatile AppMeters meters;
    private volatile Counter busy;
    private volatile Counter unauthorized;

    /**
     * Reads the TLS key stores (if any) and binds the port now, so that a port chosen by the system
     * (0) is known before Kafka Streams is configured with it as {@code application.server}; serves
     * once {@link #start} is called.
     *
     * @throws org.apache.kafka.common.config.ConfigException naming the key, if a key store cannot be used
     * @throws IOException if the port cannot be bound
     */
    public HttpApi(InetSocketAddress bind, Duration forwardTimeout, HttpSecurityConfig security) throws IOException {
        this.forwardTimeout = forwardTimeout;
        this.access = new Access(security);
        this.tls = security.tlsEnabled() ? Tls.context(security) : null;
        if (tls == null) {
            this.server = HttpServer.create(bind, BACKLOG);
        } else {
            HttpsServer https = HttpsServer.create(bind, BACKLOG);
            boolean askForCertificate = security.clientCertificateRequired();
            https.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                    // Asked for, not needed, in the handshake: Access requires it on every endpoint but liveness.
                    parameters.setWantClientAuth(askForCertificate);
                    params.setSSLParameters(parameters);
                }
            });
            this.server = https;
        }
        this.description = (tls == null ? "http" : "https")
                + (security.clientCertificateRequired() ? ", client certificates required" : "")
                + (access.tokenRequired() ? ", bearer token required" : "");
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Serves, {@code /metrics} from {@code meters}, where it registers its counter {@value #REJECTED}. */
    public void start(KafkaStreams streams, StateQueries queries, AppMeters meters) {
        this.streams = streams;
        this.queries = queries;
        this.peers = new Peers(tls, access, forwardTimeout, queries.self());
        this.meters = meters;
        this.busy = rejected(meters, "busy");
        this.unauthorized = rejected(meters, "unauthorized");
        server.start();
        log.info("HTTP API listening on {} ({})", server.getAddress(), description);
    }

    private static Counter rejected(AppMeters meters, String reason) {
        return Counter.builder(REJECTED)
                .description(
                        "HTTP requests refused: busy (every worker taken), unauthorized (no or wrong credentials).")
                .tag("reason", reason)
                .register(meters.registry());
    }

    /** The bound port (useful when bound to port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, Json.error("only GET is supported"));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if (LIVENESS.equals(path)) {
                send(exchange, 200, Map.of("status", "live"));
                return;
            }
            if (HttpExecutor.overloaded()) {
                busy.increment();
                unavailable(exchange, "busy");
                return;
            }
            Access.Verdict verdict = access.check(exchange);
            if (verdict != Access.Verdict.ALLOWED) {
                refuse(exchange, verdict);
                return;
            }
            if (path == null) {
                send(exchange, 400, Json.error("not a path"));
            } else if (path.equals("/health/ready")) {
                ready(exchange);
            } else if (path.equals("/metrics")) {
                exchange.getResponseHeaders().set("Content-Type", AppMeters.CONTENT_TYPE);
                sendBytes(exchange, 200, meters.scrape().getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/instances")) {
                send(exchange, 200, instances());
            } else if (path.equals("/customers")) {
                customers(exchange);
            } else if (path.startsWith("/orders/")) {
                order(exchange, path);
            } else if (path.startsWith("/customers/")) {
                key(exchange, "customers", path, "", "customer", queries::customer, Json::customer, stats -> 200);
            } else {
                send(exchange, 404, Json.error("no such endpoint: " + path));
            }
        } catch (RuntimeException e) {
            log.error("HTTP request {} failed", exchange.getRequestURI(), e);
            send(exchange, 500, Json.error("internal error"));
        }
    }

    /** 401 for a missing or wrong token (with the challenge RFC 6750 asks for), 403 without a certificate. */
    private void refuse(HttpExchange exchange, Access.Verdict verdict) throws IOException {
        unauthorized.increment();
        if (verdict == Access.Verdict.NO_CERTIFICATE) {
            send(exchange, 403, Json.error("a trusted client certificate is required"));
            return;
        }
        exchange.getResponseHeaders()
                .set(
                        "WWW-Authenticate",
                        verdict == Access.Verdict.WRONG_TOKEN ? REALM + ", error=\"invalid_token\"" : REALM);
        send(exchange, 401, Json.error("a bearer token is required (Authorization: Bearer ...)"));
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

    /**
     * {@code GET /orders/{orderId}}, and with {@code ?minOffset=N} the order as soon as the state
     * includes the input record at offset N of the order's partition (read-your-writes: a producer
     * has that offset from its send), 503 with {@code Retry-After} if it does not within {@code
     * orders.query.wait.max}. A forwarded request keeps the condition.
     */
    private void order(HttpExchange exchange, String path) throws IOException {
        Map<String, String> params = queryParameters(exchange.getRequestURI().getRawQuery());
        String minOffset = params == null ? null : params.get("minOffset");
        if (minOffset == null) {
            key(exchange, "orders", path, "", "order", queries::order, Json::order, HttpApi::orderStatus);
            return;
        }
        long offset;
        try {
            offset = Long.parseLong(minOffset);
        } catch (NumberFormatException e) {
            offset = -1;
        }
        if (offset < 0) {
            send(exchange, 400, Json.error("minOffset must be an offset of the input topic: a whole number from 0"));
            return;
        }
        long at = offset;
        key(
                exchange,
                "orders",
                path,
                "?minOffset=" + at,
                "order",
                id -> queries.order(id, at),
                Json::order,
                HttpApi::orderStatus);
    }

    /** 200 for an order; 404 for one that exists only through events held for it (no PLACED yet). */
    private static int orderStatus(OrderView view) {
        return view.status() == null ? 404 : 200;
    }

    /** @param query the query string the request keeps when it is forwarded ("" or "?name=value") */
    private <T> void key(
            HttpExchange exchange,
            String collection,
            String path,
            String query,
            String what,
            Function<String, Lookup<T>> lookup,
            Function<T, Map<String, Object>> json,
            Function<T, Integer> status)
            throws IOException {
        String key = decode(path.substring(collection.length() + 2));
        if (key == null || key.isEmpty() || key.length() > OrderEventValidator.MAX_ID_LENGTH || key.contains("/")) {
            send(
                    exchange,
                    400,
                    Json.error("a " + what + " id is 1 to " + OrderEventValidator.MAX_ID_LENGTH
                            + " characters, percent-encoded"));
            return;
        }
        boolean forwardedHere = exchange.getRequestHeaders().getFirst(FORWARDED_BY) != null;
        // The path is rebuilt from the checked key and query: nothing else of the request goes on.
        String forwardPath = "/" + collection + "/" + encode(key) + query;
        KeyAnswer<T, Peers.Answer> answer =
                KeyAnswer.decide(lookup.apply(key), forwardedHere, owner -> ask(owner, forwardPath));
        exchange.getResponseHeaders().set(SERVED_BY, Peers.hostString(queries.self()));
        if (answer instanceof KeyAnswer.Value<T, Peers.Answer> value) {
            if (value.stale()) {
                exchange.getResponseHeaders().set(STALE, "true");
            }
            send(exchange, status.apply(value.value()), json.apply(value.value()));
        } else if (answer instanceof KeyAnswer.Missing<T, Peers.Answer> missing) {
            if (missing.stale()) {
                exchange.getResponseHeaders().set(STALE, "true");
            }
            send(exchange, 404, Json.error("unknown " + what + " " + key));
        } else if (answer instanceof KeyAnswer.Relayed<T, Peers.Answer> relayed) {
            relay(exchange, relayed.answer());
        } else if (answer instanceof KeyAnswer.Unavailable<T, Peers.Answer> unavailable) {
            unavailable(exchange, unavailable.reason());
        }
    }

    /**
     * The owner's answer to {@code path}; empty if the owner cannot answer: unreachable, itself
     * unavailable, or not an orders-eos instance answering as the owner.
     */
    private Optional<Peers.Answer> ask(HostInfo owner, String path) {
        try {
            Peers.Answer answer = peers.get(owner, path).join();
            return Peers.relayable(answer, owner) ? Optional.of(answer) : Optional.empty();
        } catch (CompletionException | CancellationException e) {
            log.debug("Owner {} did not answer", Peers.hostString(owner), e);
            return Optional.empty();
        }
    }

    /** Passes the owner's answer on: its status, body and the headers that say who served it how. */
    private static void relay(HttpExchange exchange, Peers.Answer answer) throws IOException {
        for (String header : List.of(SERVED_BY, STALE, "Content-Type")) {
            String value = answer.header(header);
            if (value != null) {
                exchange.getResponseHeaders().set(header, value);
            }
        }
        sendBytes(exchange, answer.status(), answer.body());
    }

    /**
     * {@code GET /customers?from=&to=&limit=} (or {@code after=} instead of {@code from=} for the next
     * page): customers in key order over every partition, local or not. Each instance hosting the
     * store answers for its own partitions ({@code scope=local}), all asked at once; the page is
     * served only if together they cover every partition, because a page with a partition missing
     * would be a wrong answer.
     */
    private void customers(HttpExchange exchange) throws IOException {
        Map<String, String> params = queryParameters(exchange.getRequestURI().getRawQuery());
        if (params == null) {
            send(exchange, 400, Json.error("malformed percent-encoding in the query"));
            return;
        }
        int limit = pageLimit(params);
        if (limit < 1) {
            send(exchange, 400, Json.error("limit must be a whole number from 1 to " + CustomerPaging.MAX_PAGE));
            return;
        }
        for (String bound : List.of("from", "to", "after")) {
            String value = params.get(bound);
            if (value != null && value.length() > OrderEventValidator.MAX_ID_LENGTH) {
                send(
                        exchange,
                        400,
                        Json.error(bound + " is at most " + OrderEventValidator.MAX_ID_LENGTH + " characters"));
                return;
            }
        }
        String after = params.get("after");
        String lower = after != null ? after : params.get("from");
        String upper = params.get("to");
        int fetch = CustomerPaging.perInstance(limit, after != null);
        exchange.getResponseHeaders().set(SERVED_BY, Peers.hostString(queries.self()));

        Lookup<CustomerPage> local = queries.localCustomers(lower, upper, fetch);
        if (!(local instanceof Lookup.Found<CustomerPage> found)) {
            unavailable(exchange, ((Lookup.Unavailable<CustomerPage>) local).reason());
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>(
                found.value().customers().stream().map(Json::customer).toList());
        Set<Integer> covered = new TreeSet<>(found.value().partitions());
        if ("local".equals(params.get("scope"))) {
            send(exchange, 200, Map.of("customers", rows, "partitions", covered));
            return;
        }
        String localQuery = "/customers?scope=local&limit=" + fetch + (lower == null ? "" : "&from=" + encode(lower))
                + (upper == null ? "" : "&to=" + encode(upper));
        Map<HostInfo, CompletableFuture<Peers.Answer>> asked = new LinkedHashMap<>();
        for (StreamsMetadata instance : streams.streamsMetadataForStore(CustomerStatsProcessor.STORE)) {
            if (!instance.hostInfo().equals(queries.self())) {
                asked.put(instance.hostInfo(), peers.get(instance.hostInfo(), localQuery));
            }
        }
        for (Map.Entry<HostInfo, CompletableFuture<Peers.Answer>> entry : asked.entrySet()) {
            String host = Peers.hostString(entry.getKey());
            Json.LocalPage remote;
            try {
                Peers.Answer answer = entry.getValue().join();
                if (answer.status() != 200) {
                    unavailable(exchange, host + " answered " + answer.status());
                    return;
                }
                remote = Json.localPage(answer.body());
            } catch (CompletionException | CancellationException e) {
                unavailable(exchange, host + " did not answer: " + e.getCause());
                return;
            } catch (IOException e) {
                unavailable(exchange, host + " gave an answer that is not a page of customers");
                return;
            }
            rows.addAll(remote.customers());
            covered.addAll(remote.partitions());
        }
        int partitions = queries.customerPartitions();
        if (covered.size() < partitions) {
            unavailable(exchange, "only " + covered.size() + " of " + partitions + " partitions answered");
            return;
        }
        CustomerPaging.Page<Map<String, Object>> page =
                CustomerPaging.merge(rows, row -> (String) row.get("customerId"), after, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customers", page.rows());
        body.put(
                "next",
                page.nextAfter()
                        .map(last -> "/customers?after=" + encode(last) + "&limit=" + limit
                                + (upper == null ? "" : "&to=" + encode(upper)))
                        .orElse(null));
        send(exchange, 200, body);
    }

    /**
     * The page size a request asks for ({@code limit}, 100 if absent), capped at {@link
     * CustomerPaging#MAX_PAGE}; a peer's {@code scope=local} request may ask for the few more rows
     * paging needs ({@link CustomerPaging#perInstanceMax()}). 0 if it is not a whole number from 1.
     */
    static int pageLimit(Map<String, String> params) {
        int limit;
        try {
            limit = Integer.parseInt(params.getOrDefault("limit", Integer.toString(DEFAULT_PAGE)));
        } catch (NumberFormatException e) {
            return 0;
        }
        if (limit < 1) {
            return 0;
        }
        boolean peer = "local".equals(params.get("scope"));
        return Math.min(limit, peer ? CustomerPaging.perInstanceMax() : CustomerPaging.MAX_PAGE);
    }

    /** The query's parameters (the first of each name), decoded; null if the encoding is malformed. */
    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name == null || value == null) {
                return null;
            }
            params.putIfAbsent(name, value);
        }
        return params;
    }

    /** Percent-decoded, or null if malformed (a client's mistake: 400, not a 500 with a stack trace). */
    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private void unavailable(HttpExchange exchange, String reason) throws IOException {
        exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        send(exchange, 503, Json.error("unavailable, retry shortly: " + reason));
    }

    private List<Map<String, Object>> instances() {
        List<Map<String, Object>> instances = new ArrayList<>();
        for (StreamsMetadata metadata : streams.metadataForAllStreamsClients()) {
            Map<String, Object> instance = new LinkedHashMap<>();
            instance.put("host", Peers.hostString(metadata.hostInfo()));
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

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        sendBytes(exchange, status, Json.bytes(body));
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
