package io.orderseos.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsAreTheFullRun() {
        BenchOptions options = BenchOptions.parse(Map.of());

        assertThat(options.events()).isEqualTo(2_000_000);
        assertThat(options.partitions()).isEqualTo(6);
        assertThat(options.phases()).isEqualTo(EnumSet.allOf(Phase.class));
        assertThat(options.rate()).isZero();
        assertThat(options.failoverRate()).isZero();
    }

    @Test
    void restoreBringsTheExactlyOncePhaseWhoseStateItRestores() {
        assertThat(BenchOptions.parse(Map.of("only", "restore")).phases())
                .containsExactlyInAnyOrder(Phase.RESTORE, Phase.EOS);
    }

    @Test
    void latencyWithoutExactlyOnceNeedsARate() {
        assertThatThrownBy(() -> BenchOptions.parse(Map.of("only", "latency")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rate");
        assertThat(BenchOptions.parse(Map.of("only", "latency", "rate", "500")).rate())
                .isEqualTo(500);
    }

    @Test
    void failoverWithoutExactlyOnceNeedsItsOwnRate() {
        assertThatThrownBy(() -> BenchOptions.parse(Map.of("only", "failover", "rate", "500")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--failover-rate");
        BenchOptions options = BenchOptions.parse(Map.of("only", "failover", "failover-rate", "3000"));
        assertThat(options.failoverRate()).isEqualTo(3000);
        assertThat(options.rate()).isZero();
    }

    @Test
    void unknownPhaseIsNamed() {
        assertThatThrownBy(() -> BenchOptions.parse(Map.of("only", "raw,fast")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fast'");
    }

    @Test
    void unknownOptionIsNamed() {
        assertThatThrownBy(() -> BenchOptions.parse(Map.of("evnets", "10")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--evnets");
    }

    @Test
    void appEnvSetsTheAppsVariables() {
        assertThat(BenchOptions.parse(Map.of()).appEnv()).isEmpty();
        assertThat(BenchOptions.parse(Map.of("app-env", "KAFKA_SESSION_TIMEOUT_MS=6000,ORDERS_DEDUP_WINDOW=PT1H,"))
                        .appEnv())
                .containsExactly(
                        Map.entry("KAFKA_SESSION_TIMEOUT_MS", "6000"), Map.entry("ORDERS_DEDUP_WINDOW", "PT1H"));
    }

    @Test
    void appEnvRefusesWhatTheAppDoesNotRead() {
        for (String bad : List.of("JAVA_OPTS=-Xmx1g", "KAFKA_SESSION_TIMEOUT_MS", "session.timeout.ms=6000")) {
            assertThatThrownBy(() -> BenchOptions.parse(Map.of("app-env", bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--app-env")
                    .hasMessageContaining(bad);
        }
    }

    @Test
    void brokerConfigTakesKafkasBrokerSettings() {
        assertThat(BenchOptions.parse(Map.of()).brokerConfig()).isEmpty();
        assertThat(BenchOptions.parse(Map.of(
                                "broker-config",
                                "transaction.abort.timed.out.transaction.cleanup.interval.ms=500,"
                                        + "group.min.session.timeout.ms=3000"))
                        .brokerConfig())
                .containsExactly(
                        Map.entry("group.min.session.timeout.ms", "3000"),
                        Map.entry("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500"));
    }

    @Test
    void brokerConfigRefusesUnknownNamesAndWhatTheHarnessSets() {
        for (String bad : List.of(
                "transaction.abort.timeout.ms=500", // not a broker setting
                "group.min.session.timeout.ms",
                "KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS=3000",
                "listeners=PLAINTEXT://localhost:9092",
                "log.dirs=/elsewhere")) {
            assertThatThrownBy(() -> BenchOptions.parse(Map.of("broker-config", bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--broker-config")
                    .hasMessageContaining(bad);
        }
    }
}
