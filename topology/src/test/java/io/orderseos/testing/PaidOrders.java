package io.orderseos.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.http.HttpApi;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.serde.AvroSerde;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The query tests' data set: orders {@code o-0 ... o-(n-1)}, each placed and paid, order {@code i}
 * for {@code (i + 1).00} by customer {@code c-(i % customers)}; and the check that an instance
 * answers every one of them correctly.
 */
public final class PaidOrders {
    private PaidOrders() {}

    public static void produce(EmbeddedKafka kafka, String topic, int orders, int customers) {
        AvroSerde<OrderEvent> serde = AvroSerde.orderEvents(1 << 20);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int i = 0; i < orders; i++) {
                String order = "o-" + i;
                String customer = "c-" + (i % customers);
                for (OrderEvent event : List.of(
                        Events.placed(order, customer)
                                .item("sku-1", 1, (i + 1) + ".00")
                                .build(),
                        Events.paid(order, customer)
                                .at(Events.T0.plusSeconds(1))
                                .build())) {
                    producer.send(new ProducerRecord<>(topic, order.getBytes(UTF_8), serde.serialize(topic, event)));
                }
            }
            producer.flush();
        }
    }

    /**
     * True when every order answers 200 with its own content, adding who served each to {@code
     * servers}; false while some answer 503 (with Retry-After); fails the test on anything else.
     */
    public static boolean allAnswered(Http http, int orders, Set<String> servers) throws Exception {
        boolean all = true;
        List<String> served = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            Http.Response response = http.get("/orders/o-" + i);
            if (response.status() == 503) {
                assertThat(response.header("Retry-After")).isNotNull();
                all = false;
                continue;
            }
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json())
                    .containsEntry("orderId", "o-" + i)
                    .containsEntry("status", "PAID")
                    .containsEntry("amount", (i + 1) + ".00");
            served.add(response.header(HttpApi.SERVED_BY));
        }
        if (all) {
            servers.addAll(served);
        }
        return all;
    }

    /**
     * Every order answered 503 or by {@code self} itself ({@code X-Served-By}): nothing relayed from
     * anywhere else.
     */
    public static void assertServedOnlyBy(Http http, int orders, String self) throws Exception {
        for (int i = 0; i < orders; i++) {
            Http.Response answer = http.get("/orders/o-" + i);
            assertThat(answer.status()).as(answer.toString()).isIn(200, 503);
            if (answer.status() == 200) {
                assertThat(answer.header(HttpApi.SERVED_BY))
                        .as(answer.toString())
                        .isEqualTo(self);
            }
        }
    }

    /**
     * With three customers: two pages of {@code /customers}, a range, and a refused limit. The
     * customers' partitions spread over every instance, so the pages need all of them to answer.
     */
    @SuppressWarnings("unchecked")
    public static void assertCustomerPages(Http http, int ordersPerCustomer) throws Exception {
        Http.Response first = http.get("/customers?limit=2");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        List<Map<String, Object>> customers =
                (List<Map<String, Object>>) first.json().get("customers");
        assertThat(customers).extracting(c -> c.get("customerId")).containsExactly("c-0", "c-1");
        assertThat(customers).allSatisfy(c -> assertThat(c).containsEntry("ordersPlaced", ordersPerCustomer));
        String next = (String) first.json().get("next");
        assertThat(next).isEqualTo("/customers?after=c-1&limit=2");

        Http.Response second = http.get(next);
        assertThat(second.status()).isEqualTo(200);
        assertThat((List<Map<String, Object>>) second.json().get("customers"))
                .extracting(c -> c.get("customerId"))
                .containsExactly("c-2");
        assertThat(second.json().get("next")).isNull();

        assertThat(http.get("/customers?from=c-1&to=c-1")
                        .json()
                        .get("customers")
                        .toString())
                .contains("c-1")
                .doesNotContain("c-0")
                .doesNotContain("c-2");
        assertThat(http.get("/customers?limit=0").status()).isEqualTo(400);
    }
}
