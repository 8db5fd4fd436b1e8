package io.orderseos.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The selector reading that the dashboard and alert checks rest on, and that it can fail. */
class PromQlTest {
    private static final Exposition METRICS = Exposition.parse(
            """
            # HELP kafka_stream_client_state The state of the Kafka Streams client
            # TYPE kafka_stream_client_state gauge
            kafka_stream_client_state{client_id="a-1",kafka_version="4.4.0",process_id="p"} 2.0
            # TYPE kafka_consumer_fetch_manager_records_lag gauge
            kafka_consumer_fetch_manager_records_lag{client_id="app-StreamThread-1-consumer",kafka_version="4.4.0",partition="0",topic="orders"} 3.0
            kafka_consumer_fetch_manager_records_lag{client_id="app-StateUpdater-1-restore-consumer",kafka_version="4.4.0",partition="0",topic="changelog"} 9.0
            kafka_stream_processor_node_process_total{kafka_version="4.4.0",processor_node_id="order-status-sink",task_id="0_1",thread_id="app-StreamThread-1"} 5.0
            kafka_stream_processor_node_process_total{kafka_version="4.4.0",processor_node_id="orders-source",task_id="0_1",thread_id="app-StreamThread-1"} 5.0
            # TYPE orders_dead_letters_total counter
            orders_dead_letters_total{reason="VALIDATION"} 1.0
            kafka_stream_processor_node_record_e2e_latency_avg{processor_node_id="order-status-sink"} NaN
            plain 7.0
            """);

    @Test
    void readsSelectorsOutOfFunctionsAggregationsAndBinaryOperators() {
        List<PromQl.Selector> selectors = PromQl.selectors(
                """
                sum by (reason) (rate(orders_dead_letters_total{job="orders-eos"}[$__rate_interval]))
                  / ignoring (reason) group_left
                sum(rate(kafka_stream_processor_node_process_total{processor_node_id="orders-source", instance=~"$instance"}[15m])) > 0.05
                and absent(up{job="orders-eos"} == 1) or plain offset 5m
                """);

        assertThat(selectors)
                .extracting(PromQl.Selector::metric)
                .containsExactly(
                        "orders_dead_letters_total", "kafka_stream_processor_node_process_total", "up", "plain");
        assertThat(selectors.get(1).matchers())
                .containsExactly(
                        new PromQl.LabelMatcher("processor_node_id", "=", "orders-source"),
                        new PromQl.LabelMatcher("instance", "=~", "$instance"));
    }

    @Test
    void aSelectorMatchesOnlyWhatTheAppExports() {
        assertThat(
                        METRICS.selects(
                                one(
                                        "kafka_consumer_fetch_manager_records_lag{client_id=~\".+-StreamThread-[0-9]+-consumer\", topic=\"orders\"}")))
                .isTrue();
        assertThat(
                        METRICS.selects(
                                one(
                                        "kafka_consumer_fetch_manager_records_lag{client_id=~\".+-StreamThread-[0-9]+-consumer\", topic=\"changelog\"}")))
                .isFalse();
        assertThat(METRICS.selects(one("kafka_stream_client_state{job=\"orders-eos\", instance=~\"$instance\"}")))
                .isTrue();
        assertThat(METRICS.selects(one("kafka_stream_client_states"))).isFalse();
        assertThat(METRICS.selects(one("kafka_stream_processor_node_process_total{processor_node_id=\"orders-sink\"}")))
                .isFalse();
        assertThat(METRICS.selects(one("kafka_stream_processor_node_record_e2e_latency_avg")))
                .as("nothing measured yet")
                .isFalse();
        assertThat(METRICS.selects(one("plain"))).isTrue();
        assertThat(METRICS.size()).isEqualTo(7);
    }

    @Test
    void literalAlternativesAreEachTheirOwnCheck() {
        PromQl.LabelMatcher matcher =
                one("kafka_stream_processor_node_process_total{processor_node_id=~\"order-status-sink|customer-stats-sink\"}")
                        .matchers()
                        .get(0);

        assertThat(matcher.literalAlternatives()).containsExactly("order-status-sink", "customer-stats-sink");
        assertThat(one("kafka_consumer_fetch_manager_records_lag{client_id=~\".+-consumer\"}")
                        .matchers()
                        .get(0)
                        .literalAlternatives())
                .isEmpty();
    }

    private static PromQl.Selector one(String expression) {
        List<PromQl.Selector> selectors = PromQl.selectors(expression);
        assertThat(selectors).hasSize(1);
        return selectors.get(0);
    }
}
