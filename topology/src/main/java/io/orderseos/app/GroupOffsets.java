package io.orderseos.app;

import io.orderseos.config.OrdersConfig;
import io.orderseos.query.StateQueries;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The group's committed input offsets as the brokers have them (committed transactions only), for
 * read-your-writes queries. Asked only while such a query waits; an answer that does not come within
 * a second counts as unknown.
 */
final class GroupOffsets implements StateQueries.CommittedInput, AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final String group;
    private final String inputTopic;
    private final Map<String, Object> adminConfig;
    private Admin admin;

    GroupOffsets(OrdersConfig config) {
        this.group = config.applicationId();
        this.inputTopic = config.inputTopic();
        this.adminConfig =
                new StreamsConfig(config.kafkaProperties()).getAdminConfigs(config.applicationId() + "-queries");
    }

    @Override
    public OptionalLong offset(int partition) {
        TopicPartition input = new TopicPartition(inputTopic, partition);
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin().listConsumerGroupOffsets(
                            Map.of(group, new ListConsumerGroupOffsetsSpec().topicPartitions(java.util.List.of(input))),
                            new ListConsumerGroupOffsetsOptions().requireStable(true))
                    .partitionsToOffsetAndMetadata(group)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            OffsetAndMetadata offset = offsets.get(input);
            return offset == null ? OptionalLong.empty() : OptionalLong.of(offset.offset());
        } catch (ExecutionException | TimeoutException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** Created at the first query that needs it: most instances never wait for an offset. */
    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminConfig);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
