package io.orderseos.ops.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The series of a Prometheus text exposition (what {@code GET /metrics} answers), and which of them
 * a PromQL selector would select as Prometheus scrapes them. A series whose value is NaN (a Kafka
 * average with nothing measured yet, a metric Kafka has dropped) is left out: a panel or an alert
 * over it shows nothing.
 */
final class Exposition {
    /** Labels Prometheus adds at scrape time; the app's output has none of them. */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    /** Series Prometheus makes itself for every target. */
    static final Set<String> PROMETHEUS_SERIES = Set.of("up");

    record Series(String name, Map<String, String> labels) {}

    private final List<Series> series;

    private Exposition(List<Series> series) {
        this.series = List.copyOf(series);
    }

    static Exposition parse(String text) {
        List<Series> series = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#") || line.endsWith(" NaN")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            if (brace < 0 || brace > space) {
                series.add(new Series(line.substring(0, space), Map.of()));
            } else {
                series.add(new Series(line.substring(0, brace), labels(line, brace + 1)));
            }
        }
        return new Exposition(series);
    }

    private static Map<String, String> labels(String line, int from) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = from;
        while (line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String name = line.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 2; // past ="
            while (line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\') {
                    char escaped = line.charAt(++j);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(name, value.toString());
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return labels;
    }

    int size() {
        return series.size();
    }

    /**
     * Whether Prometheus would find a series for {@code selector} when it scrapes this output: same
     * name, every matcher satisfied. Matchers on the target labels, and on Grafana variables ({@code
     * $instance}), depend on the scrape and the viewer, not on the app: they are not checked here.
     */
    boolean selects(PromQl.Selector selector) {
        if (PROMETHEUS_SERIES.contains(selector.metric())) {
            return true;
        }
        return series.stream()
                .filter(s -> s.name().equals(selector.metric()))
                .anyMatch(s -> selector.matchers().stream()
                        .filter(m ->
                                !TARGET_LABELS.contains(m.label()) && !m.value().contains("$"))
                        .allMatch(m -> m.test(s.labels().getOrDefault(m.label(), ""))));
    }

    /** What a selector that misses should be compared with: the series of that name that exist, a few. */
    List<Series> named(String metric) {
        return series.stream().filter(s -> s.name().equals(metric)).limit(5).toList();
    }
}
