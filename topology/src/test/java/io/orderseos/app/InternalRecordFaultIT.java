package io.orderseos.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Events;
import io.orderseos.testing.JarInstance;
import io.orderseos.testing.JarProcess;
import io.orderseos.topology.OrderTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An undecodable record on the repartition topic, against a real broker and the deployable jar: it
 * is a fault, not a dead letter. The stream thread dies on it, is replaced and dies again, and the
 * instance stops with exit code 1, the cause in its log; the dead-letter topic stays empty and the
 * record stays where it is, to be processed by a fixed version.
 */
class InternalRecordFaultIT {
    private static final String APP = "orders-eos-internal-fault";

    @TempDir
    Path dir;

    @Test
    void anUndecodableRepartitionRecordStopsTheInstanceLoudly() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics("orders", "order-status", "customer-stats", "orders-dlq", 2);
            try (JarInstance instance = JarInstance.start(
                            kafka,
                            APP,
                            dir.resolve("state"),
                            dir.resolve("app.log"),
                            Map.of("KAFKA_COMMIT_INTERVAL_MS", "100"));
                    KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
                JarProcess app = instance.process();
                producer.send(new ProducerRecord<>(
                                "orders",
                                "o-1".getBytes(UTF_8),
                                AvroSerde.orderEvents(1 << 20)
                                        .serialize(
                                                "orders",
                                                Events.placed("o-1", "c-1")
                                                        .item("sku-1", 1, "1.00")
                                                        .build())))
                        .get();
                Awaitility.await("the good record applied")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> kafka.readCommitted("customer-stats").size() == 1);

                String repartition = APP + "-" + OrderTopology.BY_CUSTOMER + "-repartition";
                for (int partition = 0; partition < kafka.partitions(repartition); partition++) {
                    producer.send(new ProducerRecord<>(
                                    repartition, partition, "c-1".getBytes(UTF_8), new byte[] {1, 2, 3}))
                            .get();
                }

                assertThat(app.waitFor(Duration.ofMinutes(3)))
                        .as("the instance stops; its log: %s", dir.resolve("app.log"))
                        .isTrue();
                assertThat(app.exitValue()).isEqualTo(1);
                assertThat(app.log())
                        .contains("which is not the input topic orders: only input records become dead letters")
                        .contains("Stream thread died; replacing it (3 of 3 within the window)")
                        .contains("shutting this instance down");
                assertThat(kafka.readCommitted("orders-dlq")).isEmpty();
            }
        }
    }
}
