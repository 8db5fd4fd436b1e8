package io.orderseos.ops.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {
    private static Properties load(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }

    @Test
    void overridesComeLastAndWin() throws IOException {
        BrokerConfig config = BrokerConfig.quorum(
                        List.of(9092),
                        List.of(9093),
                        Map.of(
                                "num.partitions", "3",
                                "transaction.abort.timed.out.transaction.cleanup.interval.ms", "500"))
                .get(0);

        Properties properties = load(config.properties(Path.of("data")));

        assertThat(properties.getProperty("num.partitions")).isEqualTo("3");
        assertThat(properties.getProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms"))
                .isEqualTo("500");
        assertThat(properties.getProperty("listeners")).contains("localhost:9092");
    }

    @Test
    void refusesToOverrideWhatTheHarnessSets() {
        for (String name : KafkaCluster.HARNESS_SETTINGS) {
            assertThatThrownBy(() -> BrokerConfig.quorum(List.of(9092), List.of(9093), Map.of(name, "x")))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(name);
        }
    }
}
