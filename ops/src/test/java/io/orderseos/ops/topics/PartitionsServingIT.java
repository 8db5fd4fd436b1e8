package io.orderseos.ops.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a real three-broker cluster: once {@link PartitionsServing#await} returns for topics just
 * created, every partition's leader takes a produce request at the first attempt, and a topic that
 * never comes fails with its name and the time waited. Six hundred partitions keep the brokers busy
 * taking them on for seconds: a wait for leaders in the metadata alone fails the first test.
 */
class PartitionsServingIT {
    private static final int PARTITIONS = 200;

    private static ThreeBrokers brokers;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        brokers = ThreeBrokers.start();
        admin = brokers.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    @Test
    void everyLeaderTakesAProduceRequestAtTheFirstAttemptOnceAwaitReturns() throws Exception {
        List<String> topics = List.of("served-a", "served-b", "served-c");
        admin.createTopics(topics.stream()
                        .map(name -> new NewTopic(name, PARTITIONS, (short) 3))
                        .toList())
                .all()
                .get();

        PartitionsServing.await(admin, topics, Duration.ofMinutes(1));

        // No retries: a NOT_LEADER_OR_FOLLOWER from a broker that has not taken its partition on yet
        // would fail the send instead of being hidden by a retry.
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        brokers.bootstrapServers(),
                        ProducerConfig.RETRIES_CONFIG,
                        0,
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        false,
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new StringSerializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (String topic : topics) {
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    sends.add(producer.send(new ProducerRecord<>(topic, partition, "k", "first")));
                }
            }
            for (Future<RecordMetadata> send : sends) {
                assertThat(send.get().offset()).isZero();
            }
        }
    }

    @Test
    void aTopicThatNeverComesFailsWithItsNameAndTheTimeWaited() {
        assertThatThrownBy(() -> PartitionsServing.await(admin, List.of("never-created"), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[never-created]")
                .hasMessageContaining("PT1S");
    }
}
