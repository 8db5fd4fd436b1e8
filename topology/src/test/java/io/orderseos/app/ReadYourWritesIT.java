package io.orderseos.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.http.HttpApi;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.AppGroup;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Events;
import io.orderseos.testing.Http;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-your-writes over HTTP with two real instances: a producer's event offset as {@code minOffset}
 * gets an answer that includes the event, from whichever instance is asked (a forwarded request
 * keeps the condition); an event that changed nothing (an exact copy) is included too; an offset no
 * state has reached gets 503 with {@code Retry-After} once the wait is over; a malformed one 400.
 * Each instance waits at most a second (commit interval 1 s here, so that answers must wait for it).
 */
class ReadYourWritesIT {
    private static final int ORDERS = 12;

    @TempDir
    Path stateDirs;

    @Test
    void anAnswerIncludesTheCallersOwnEvent() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            kafka.createTopics("orders", "order-status", "customer-stats", "orders-dlq", 4);
            try (AppGroup group = AppGroup.start(
                    kafka,
                    stateDirs,
                    "orders-eos-ryw",
                    null,
                    Map.of("commit.interval.ms", "1000", "orders.query.wait.max", "PT1.5S"),
                    List.of(Map.of(), Map.of()))) {
                Http first = new Http(group.get(0).httpPort());
                Set<String> servedBy = new HashSet<>();

                for (int i = 0; i < ORDERS; i++) {
                    OrderEvent placed = Events.placed("o-" + i, "c-" + i)
                            .item("sku-1", 1, "2.50")
                            .build();
                    long offset = send(producer, placed).offset();

                    Http.Response answer = first.get("/orders/o-" + i + "?minOffset=" + offset);

                    assertThat(answer.status())
                            .as("o-%d at offset %d: %s", i, offset, answer)
                            .isEqualTo(200);
                    assertThat(answer.json()).containsEntry("status", "PLACED");
                    servedBy.add(answer.header(HttpApi.SERVED_BY));
                }
                assertThat(servedBy).as("answered here and forwarded").hasSize(2);

                OrderEvent paid = Events.paid("o-0", "c-0").build();
                send(producer, paid);
                RecordMetadata copy = send(producer, paid); // an exact copy: it changes nothing
                Http.Response afterCopy = first.get("/orders/o-0?minOffset=" + copy.offset());
                assertThat(afterCopy.status()).as("%s", afterCopy).isEqualTo(200);
                assertThat(afterCopy.json()).containsEntry("status", "PAID");

                Http.Response ahead = first.get("/orders/o-0?minOffset=" + (copy.offset() + 1_000));
                assertThat(ahead.status()).isEqualTo(503);
                assertThat(ahead.header("Retry-After")).isNotNull();

                assertThat(first.get("/orders/o-0?minOffset=-1").status()).isEqualTo(400);
                assertThat(first.get("/orders/o-0?minOffset=x").status()).isEqualTo(400);
            }
        }
    }

    private static RecordMetadata send(KafkaProducer<byte[], byte[]> producer, OrderEvent event) throws Exception {
        return producer.send(new ProducerRecord<>(
                        "orders",
                        event.getOrderId().getBytes(UTF_8),
                        AvroSerde.orderEvents(1 << 20).serialize("orders", event)))
                .get();
    }
}
