package io.orderseos.ops.verify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Holds the events the model still holds at the end of the input against what the instances say
 * they hold: the sum of {@code orders_reorder_held} in every instance's {@code /metrics}. A task
 * counts its store when it starts, so right after the group settles the sum may lag: it is read
 * again until it matches or {@link #SETTLE} has passed.
 */
final class HeldGauge {
    static final String METRIC = "orders_reorder_held";

    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final List<String> instances;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    HeldGauge(List<String> instances) {
        this.instances = instances;
    }

    /** Null when the instances hold {@code expected} events in all, else what is wrong. */
    String mismatch(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        String last;
        while (true) {
            last = compare(expected);
            if (last == null || System.nanoTime() > deadline) {
                return last;
            }
            Thread.sleep(1_000);
        }
    }

    private String compare(long expected) throws InterruptedException {
        long sum = 0;
        for (String instance : instances) {
            String metrics = metrics(instance);
            if (metrics == null) {
                return instance + "/metrics did not answer 200";
            }
            List<String> lines = metrics.lines()
                    .filter(line -> line.startsWith(METRIC + " ") || line.startsWith(METRIC + "{"))
                    .toList();
            if (lines.isEmpty()) {
                return instance + "/metrics has no " + METRIC;
            }
            for (String line : lines) {
                sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum == expected
                ? null
                : "the instances hold " + sum + " events (" + METRIC + " summed over " + instances
                        + "), the input leaves " + expected + " held";
    }

    private String metrics(String instance) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + instance + "/metrics"))
                .timeout(REQUEST_TIMEOUT)
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
