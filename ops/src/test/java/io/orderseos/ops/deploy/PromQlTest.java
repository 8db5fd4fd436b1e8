package io.orderseos.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The selector reading that the dashboard and alert checks rest on, and that it can fail. */
class PromQlTest {
    private static final Exposition METRICS = Exposition.parse(
            """
            # TYPE stream_metrics_client_state gauge
            stream_metrics_client_state{client_id="a-1",process_id="p"} 2
            # TYPE lag gauge
            lag{client_id="app-StreamThread-1-consumer",partition="0",topic="orders"} 3
            lag{client_id="app-StreamThread-1-restore-consumer",partition="0",topic="changelog"} 9
            node_total{processor_node_id="order-status-sink",task_id="0_1"} 5
            node_total{processor_node_id="orders-source",task_id="0_1"} 5
            orders_dead_letters_total{reason="VALIDATION"} 1
            plain 7
            """);

    @Test
    void readsSelectorsOutOfFunctionsAggregationsAndBinaryOperators() {
        List<PromQl.Selector> selectors = PromQl.selectors(
                """
                sum by (reason) (rate(orders_dead_letters_total{job="orders-eos"}[$__rate_interval]))
                  / ignoring (reason) group_left
                sum(rate(node_total{processor_node_id="orders-source", instance=~"$instance"}[15m])) > 0.05
                and absent(up{job="orders-eos"} == 1) or plain offset 5m
                """);

        assertThat(selectors)
                .extracting(PromQl.Selector::metric)
                .containsExactly("orders_dead_letters_total", "node_total", "up", "plain");
        assertThat(selectors.get(1).matchers())
                .containsExactly(
                        new PromQl.LabelMatcher("processor_node_id", "=", "orders-source"),
                        new PromQl.LabelMatcher("instance", "=~", "$instance"));
    }

    @Test
    void aSelectorMatchesOnlyWhatTheAppExports() {
        assertThat(METRICS.selects(one("lag{client_id=~\".+-StreamThread-[0-9]+-consumer\", topic=\"orders\"}")))
                .isTrue();
        assertThat(METRICS.selects(one("lag{client_id=~\".+-StreamThread-[0-9]+-consumer\", topic=\"changelog\"}")))
                .isFalse();
        assertThat(METRICS.selects(one("stream_metrics_client_state{job=\"orders-eos\", instance=~\"$instance\"}")))
                .isTrue();
        assertThat(METRICS.selects(one("stream_metrics_client_states"))).isFalse();
        assertThat(METRICS.selects(one("node_total{processor_node_id=\"orders-sink\"}")))
                .isFalse();
        assertThat(METRICS.selects(one("plain"))).isTrue();
        assertThat(METRICS.size()).isEqualTo(7);
    }

    @Test
    void literalAlternativesAreEachTheirOwnCheck() {
        PromQl.LabelMatcher matcher = one("node_total{processor_node_id=~\"order-status-sink|customer-stats-sink\"}")
                .matchers()
                .get(0);

        assertThat(matcher.literalAlternatives()).containsExactly("order-status-sink", "customer-stats-sink");
        assertThat(one("lag{client_id=~\".+-consumer\"}").matchers().get(0).literalAlternatives())
                .isEmpty();
    }

    private static PromQl.Selector one(String expression) {
        List<PromQl.Selector> selectors = PromQl.selectors(expression);
        assertThat(selectors).hasSize(1);
        return selectors.get(0);
    }
}
