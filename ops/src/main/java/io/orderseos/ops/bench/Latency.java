package io.orderseos.ops.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * End-to-end latency at a fixed input rate: for each output record, the time a {@code
 * read_committed} consumer received it minus the time the broker appended its input record.
 *
 * @param rate input records per second
 * @param seconds how long the input was sent
 * @param warmUp outputs of input appended in this first stretch are left out (JIT, first commits)
 * @param commitIntervalMs the app's commit interval, which the goal is stated in
 * @param orderStatus {@code order-status}: one transaction from input to output
 * @param customerStats {@code customer-stats}: two, through the repartition topic
 * @param orderStatusWindows {@code order-status} per {@link LatencyReader#WINDOW} of input time
 */
record Latency(
        int rate,
        int seconds,
        Duration warmUp,
        long commitIntervalMs,
        Percentiles.Summary orderStatus,
        Percentiles.Summary customerStats,
        List<Percentiles.Summary> orderStatusWindows) {

    Latency {
        orderStatusWindows = List.copyOf(orderStatusWindows);
    }

    /** The p99 of each window, for one line: {@code 3,893 | 412 | 180 ms}. */
    String p99ByWindow() {
        return orderStatusWindows.stream()
                        .map(window -> String.format("%,d", window.p99()))
                        .collect(Collectors.joining(" | "))
                + " ms";
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rate", rate);
        json.put("seconds", seconds);
        json.put("warmUpSeconds", warmUp.toMillis() / 1000.0);
        json.put("commitIntervalMs", commitIntervalMs);
        json.put("orderStatus", orderStatus.json());
        json.put("customerStats", customerStats.json());
        json.put("windowSeconds", LatencyReader.WINDOW.toSeconds());
        json.put(
                "orderStatusByWindow",
                orderStatusWindows.stream().map(Percentiles.Summary::json).toList());
        return json;
    }
}
