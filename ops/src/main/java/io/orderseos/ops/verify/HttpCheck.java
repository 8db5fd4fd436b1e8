package io.orderseos.ops.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderseos.schemas.OrderStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Asks one instance's HTTP API for every expected order and customer (or an even sample of them)
 * and compares the answers with the model's final values. Any instance must answer for any key, so
 * every instance is asked for all of them. A 503 is retried as its {@code Retry-After} says, within
 * a bound; keys that only an aborted upstream transaction names must be unknown (404).
 */
final class HttpCheck {
    static final String ORDERS = "HTTP /orders";
    static final String CUSTOMERS = "HTTP /customers";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration UNAVAILABLE_FOR_AT_MOST = Duration.ofSeconds(60);
    private static final int IN_FLIGHT = 16;

    private final String instance;
    private final int sample;
    private final Report report;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(REQUEST_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

    HttpCheck(String instance, int sample, Report report) {
        this.instance = instance;
        this.sample = sample;
        this.report = report;
    }

    void check(ReferenceModel model, Iterable<String> abortedKeys) throws InterruptedException {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        List<String> orders = sampled(model.orders().keySet());
        for (String order : orders) {
            List<OrderStatus> history = model.orders().get(order);
            OrderStatus expected = history.get(history.size() - 1);
            pending.add(get(ORDERS, "/orders/", order, body -> orderDifferences(expected, body)));
        }
        for (String customer : sampled(model.customers().keySet())) {
            CustomerTotals expected = model.customers().get(customer);
            pending.add(get(CUSTOMERS, "/customers/", customer, body -> customerDifferences(expected, body)));
        }
        for (String key : abortedKeys) {
            if (!model.orders().containsKey(key)) {
                pending.add(get(ORDERS, "/orders/", key, null));
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }

    /** Every key, or an even spread of {@code sample} of them in a stable order. */
    private List<String> sampled(Iterable<String> keys) {
        List<String> sorted = new ArrayList<>();
        keys.forEach(sorted::add);
        sorted.sort(null);
        if (sample <= 0 || sorted.size() <= sample) {
            return sorted;
        }
        List<String> chosen = new ArrayList<>();
        double step = (double) sorted.size() / sample;
        for (int i = 0; i < sample; i++) {
            chosen.add(sorted.get((int) (i * step)));
        }
        return chosen;
    }

    private interface Comparison {
        List<String> differences(JsonNode body);
    }

    /** GETs {@code path + key}; {@code comparison} null means the key must be unknown (404). */
    private CompletableFuture<Void> get(String check, String path, String key, Comparison comparison)
            throws InterruptedException {
        inFlight.acquire();
        URI uri = URI.create("http://" + instance + path + URLEncoder.encode(key, StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + UNAVAILABLE_FOR_AT_MOST.toNanos();
        return send(uri, deadline).handle((response, failure) -> {
            inFlight.release();
            report.checked(check);
            String where = instance + path + key;
            if (failure != null) {
                report.violation(check, where + ": " + failure);
            } else if (comparison == null) {
                if (response.statusCode() != 404) {
                    report.violation(
                            check,
                            where + ": " + response.statusCode() + ", expected 404 "
                                    + "(only an aborted upstream transaction names it)");
                }
            } else if (response.statusCode() != 200) {
                report.violation(check, where + ": " + response.statusCode() + " " + response.body());
            } else {
                compare(check, where, response.body(), comparison);
            }
            return null;
        });
    }

    private void compare(String check, String where, String body, Comparison comparison) {
        try {
            List<String> differences = comparison.differences(JSON.readTree(body));
            if (!differences.isEmpty()) {
                report.violation(check, where + ": " + differences);
            }
        } catch (IOException | RuntimeException e) {
            report.violation(check, where + ": unreadable answer " + e.getMessage());
        }
    }

    /** Sends, and while the answer is 503 waits as {@code Retry-After} says and sends again. */
    private CompletableFuture<HttpResponse<String>> send(URI uri, long deadline) {
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                // The request timeout ends at the headers; a body that never comes must not hang the check.
                .orTimeout(2 * REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(response -> {
                    if (response.statusCode() != 503 || System.nanoTime() > deadline) {
                        return CompletableFuture.completedFuture(response);
                    }
                    long seconds = response.headers()
                            .firstValue("Retry-After")
                            .map(Long::parseLong)
                            .orElse(1L);
                    return CompletableFuture.supplyAsync(
                                    () -> null, CompletableFuture.delayedExecutor(seconds, TimeUnit.SECONDS))
                            .thenCompose(ignored -> send(uri, deadline));
                });
    }

    private static List<String> orderDifferences(OrderStatus expected, JsonNode body) {
        List<String> differences = new ArrayList<>();
        compare(
                differences,
                "orderId",
                expected.getOrderId(),
                body.path("orderId").asText());
        compare(
                differences,
                "customerId",
                expected.getCustomerId(),
                body.path("customerId").asText());
        compare(
                differences,
                "status",
                expected.getStatus().name(),
                body.path("status").asText());
        compare(
                differences,
                "amount",
                expected.getAmount(),
                new BigDecimal(body.path("amount").asText()));
        compare(
                differences,
                "currency",
                expected.getCurrency(),
                body.path("currency").asText());
        compare(
                differences,
                "placedAt",
                expected.getPlacedAt(),
                Instant.parse(body.path("placedAt").asText()));
        compare(
                differences,
                "updatedAt",
                expected.getUpdatedAt(),
                Instant.parse(body.path("updatedAt").asText()));
        compare(
                differences,
                "lastEventId",
                expected.getLastEventId(),
                body.path("lastEventId").asText());
        return differences;
    }

    private static List<String> customerDifferences(CustomerTotals expected, JsonNode body) {
        return expected.differences(
                body.path("customerId").asText(),
                body.path("ordersPlaced").asLong(),
                body.path("ordersPaid").asLong(),
                body.path("ordersShipped").asLong(),
                body.path("ordersDelivered").asLong(),
                body.path("ordersCancelled").asLong(),
                amounts(body.path("placedAmount")),
                amounts(body.path("paidAmount")),
                Instant.parse(body.path("lastEventAt").asText()));
    }

    private static Map<String, BigDecimal> amounts(JsonNode node) {
        Map<String, BigDecimal> amounts = new TreeMap<>();
        node.properties()
                .forEach(field -> amounts.put(
                        field.getKey(), new BigDecimal(field.getValue().asText())));
        return amounts;
    }

    private static void compare(List<String> differences, String field, Object expected, Object actual) {
        boolean same = expected instanceof BigDecimal a && actual instanceof BigDecimal b
                ? a.compareTo(b) == 0
                : expected.equals(actual);
        if (!same) {
            differences.add(field + " expected " + expected + " but was " + actual);
        }
    }
}
