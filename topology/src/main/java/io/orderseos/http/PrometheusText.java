package io.orderseos.http;

import io.orderseos.deadletter.DeadLetterCounts;
import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.time.FutureTimestamps;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Kafka's metrics (Kafka Streams', its clients' and the app's own {@code stream-orders-metrics})
 * in the Prometheus text exposition format: {@code <group>_<name>} in snake case, the metric's tags
 * as labels; metrics whose value is not a number are left out.
 */
final class PrometheusText {
    private PrometheusText() {}

    /** The name of the dead-letter counter, labelled by reason. */
    static final String DEAD_LETTERS = "orders_dead_letters_total";
    /** The name of the counter of record timestamps clamped to the wall clock plus the allowance. */
    static final String TIMESTAMPS_CLAMPED = "orders_timestamps_clamped_total";

    /** The name of the counter of requests the HTTP API refused, labelled by reason. */
    static final String HTTP_REJECTED = "orders_http_rejected_total";

    static String render(
            Map<MetricName, ? extends Metric> metrics,
            DeadLetterCounts deadLetters,
            FutureTimestamps future,
            Map<String, Long> httpRejected) {
        Map<String, StringBuilder> byName = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            Object value = entry.getValue().metricValue();
            if (!(value instanceof Number number) || Double.isNaN(number.doubleValue())) {
                continue;
            }
            MetricName name = entry.getKey();
            String metric = sanitize(name.group() + "_" + name.name());
            StringBuilder lines = byName.computeIfAbsent(metric, m -> new StringBuilder("# TYPE " + m + " gauge\n"));
            lines.append(metric);
            if (!name.tags().isEmpty()) {
                lines.append('{');
                String separator = "";
                for (Map.Entry<String, String> tag : new TreeMap<>(name.tags()).entrySet()) {
                    lines.append(separator).append(sanitize(tag.getKey())).append("=\"");
                    lines.append(escape(tag.getValue())).append('"');
                    separator = ",";
                }
                lines.append('}');
            }
            lines.append(' ').append(format(number.doubleValue())).append('\n');
        }
        StringBuilder out = new StringBuilder();
        byName.values().forEach(out::append);
        out.append("# HELP ").append(DEAD_LETTERS).append(" Dead letters written by this instance, by reason.\n");
        out.append("# TYPE ").append(DEAD_LETTERS).append(" counter\n");
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            out.append(DEAD_LETTERS).append("{reason=\"").append(reason.name()).append("\"} ");
            out.append(deadLetters.count(reason)).append('\n');
        }
        out.append("# HELP ").append(TIMESTAMPS_CLAMPED);
        out.append(" Records whose timestamp was further ahead of the wall clock than orders.timestamp.max.future.\n");
        out.append("# TYPE ").append(TIMESTAMPS_CLAMPED).append(" counter\n");
        out.append(TIMESTAMPS_CLAMPED).append(' ').append(future.clampedCount()).append('\n');
        out.append("# HELP ").append(HTTP_REJECTED);
        out.append(" HTTP requests refused: busy (every worker taken), unauthorized (no or wrong credentials).\n");
        out.append("# TYPE ").append(HTTP_REJECTED).append(" counter\n");
        httpRejected.forEach((reason, count) -> out.append(HTTP_REJECTED)
                .append("{reason=\"")
                .append(reason)
                .append("\"} ")
                .append(count)
                .append('\n'));
        return out.toString();
    }

    private static String sanitize(String name) {
        return name.replaceAll("[^a-zA-Z0-9_]", "_");
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }
}
