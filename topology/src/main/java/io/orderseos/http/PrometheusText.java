package io.orderseos.http;

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

    static String render(Map<MetricName, ? extends Metric> metrics) {
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
