package io.orderseos.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.OrdersConfig;
import io.orderseos.testing.DeadLetter;
import io.orderseos.testing.Events;
import io.orderseos.topology.OrderTopology;
import io.orderseos.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An undecodable input record's dead letter is sent while the record is <em>processed</em>, in the
 * transaction that commits the offset past it. Sent earlier, when Kafka Streams decodes the record
 * as it reaches the head of its queue (as a deserialization exception handler sends it), the letter
 * can commit with an offset that still points at its record, and the next owner of the task writes a
 * second one.
 *
 * <p>TopologyTestDriver under {@code exactly_once_v2} shows the difference: before it processes a
 * record it clears its producer, open transaction included, so it loses anything sent between the
 * record's arrival and its processing. Letters sent from the deserialization handler were lost here;
 * these must arrive, one per record.
 */
class UndecodableInputUnderEosTest {
    @TempDir
    Path stateDir;

    @Test
    void undecodableKeysAndValuesAreDeadLetteredWhileProcessedUnderExactlyOnce() throws Exception {
        OrdersConfig config = OrdersConfig.defaults();
        assertThat(config.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        Properties props = config.kafkaProperties();
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createDirectories(stateDir.resolve("state")).toString());
        byte[] goodValue;
        try (Topics topics = new Topics(config)) {
            goodValue = topics.orders()
                    .valueSerde()
                    .serializer()
                    .serialize(config.inputTopic(), Events.placed("o-1", "c-1").build());
        }
        try (TopologyTestDriver driver = new TopologyTestDriver(OrderTopology.build(config), props, Events.T0)) {
            var input =
                    driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
            input.pipeInput("o-1".getBytes(StandardCharsets.UTF_8), new byte[] {1});
            input.pipeInput(new byte[] {(byte) 0xC3, 0x28}, goodValue);

            List<DeadLetter> letters = driver
                    .createOutputTopic(config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readRecordsToList()
                    .stream()
                    .map(DeadLetter::new)
                    .toList();
            assertThat(letters)
                    .extracting(DeadLetter::reason)
                    .containsExactly(DeadLetterReason.DESERIALIZATION, DeadLetterReason.DESERIALIZATION);
            assertThat(letters)
                    .extracting(letter -> letter.header(DeadLetters.OFFSET))
                    .containsExactly("0", "1");
            assertThat(letters)
                    .extracting(letter -> letter.header(DeadLetters.EXCEPTION))
                    .containsOnly(SerializationException.class.getName());
            assertThat(letters.get(1).detail()).startsWith("record key is not valid UTF-8");
        }
    }
}
