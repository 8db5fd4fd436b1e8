package io.orderseos.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.OrdersConfig;
import io.orderseos.testing.Events;
import io.orderseos.topology.OrderTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the TopologyTestDriver behaviour that makes {@code OrdersTestDriver} run with {@code
 * at_least_once}: under {@code exactly_once_v2} the driver drops a dead letter written during
 * deserialization, because it clears its MockProducer, uncommitted sends included, before it
 * commits. When this test fails, Kafka has fixed the driver: delete the test and the override.
 */
class TestDriverEosCanaryTest {
    @TempDir
    Path stateDir;

    @Test
    void testDriverUnderEosLosesDeserializationDeadLetters() throws Exception {
        OrdersConfig config = OrdersConfig.defaults();
        assertThat(config.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        Properties props = config.kafkaProperties();
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createDirectories(stateDir.resolve("state")).toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(OrderTopology.build(config), props, Events.T0)) {
            driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer())
                    .pipeInput(new byte[] {1}, new byte[] {1});

            assertThat(driver.createOutputTopic(
                                    config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                            .isEmpty())
                    .as("the driver still loses this dead letter under EOS")
                    .isTrue();
        }
    }
}
