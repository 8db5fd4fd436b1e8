package io.orderseos.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderseos.query.OrderView;
import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON shapes of the HTTP API: the Avro records' field names; decimals as strings ({@code
 * "12.50"}, exact), instants as ISO-8601 strings, counts as numbers, enums by name.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /**
     * An order with its held events ({@code held}, present with the reorder buffer on); one that
     * exists only through held events is {@code error} and {@code held}, answered with 404.
     */
    static Map<String, Object> order(OrderView view) {
        Map<String, Object> json = view.status() == null
                ? new LinkedHashMap<>(error("unknown order: no PLACED yet, events held for it"))
                : order(view.status());
        if (view.held() != null && (view.status() == null || !view.held().isEmpty())) {
            json.put(
                    "held",
                    view.held().stream()
                            .map(held -> {
                                Map<String, Object> event = new LinkedHashMap<>();
                                event.put("eventId", held.getEventId());
                                event.put("type", held.getType().name());
                                event.put("awaited", held.getAwaited().name());
                                event.put(
                                        "heldAt",
                                        Instant.ofEpochMilli(held.getHeldAt()).toString());
                                return event;
                            })
                            .toList());
        }
        return json;
    }

    static Map<String, Object> order(OrderStatus order) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("orderId", order.getOrderId());
        json.put("customerId", order.getCustomerId());
        json.put("status", order.getStatus().name());
        json.put("amount", order.getAmount().toPlainString());
        json.put("currency", order.getCurrency());
        json.put("placedAt", order.getPlacedAt().toString());
        json.put("updatedAt", order.getUpdatedAt().toString());
        json.put("lastEventId", order.getLastEventId());
        return json;
    }

    static Map<String, Object> customer(CustomerStats stats) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("customerId", stats.getCustomerId());
        json.put("ordersPlaced", stats.getOrdersPlaced());
        json.put("ordersPaid", stats.getOrdersPaid());
        json.put("ordersShipped", stats.getOrdersShipped());
        json.put("ordersDelivered", stats.getOrdersDelivered());
        json.put("ordersCancelled", stats.getOrdersCancelled());
        json.put("placedAmount", amounts(stats.getPlacedAmount()));
        json.put("paidAmount", amounts(stats.getPaidAmount()));
        json.put("lastEventAt", stats.getLastEventAt().toString());
        return json;
    }

    static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** One instance's answer to {@code /customers?scope=local}: its rows and the partitions they cover. */
    record LocalPage(List<Map<String, Object>> customers, Set<Integer> partitions) {}

    /**
     * Parses another instance's {@code scope=local} answer, checking its shape.
     *
     * @throws IOException if it is not JSON or not such a page
     */
    static LocalPage localPage(byte[] body) throws IOException {
        Map<String, Object> page = MAPPER.readValue(body, new TypeReference<Map<String, Object>>() {});
        List<Map<String, Object>> customers = new ArrayList<>();
        Set<Integer> partitions = new TreeSet<>();
        if (!(page.get("customers") instanceof List<?> rows) || !(page.get("partitions") instanceof List<?> numbers)) {
            throw new IOException("not a page of customers");
        }
        for (Object row : rows) {
            if (!(row instanceof Map<?, ?> customer) || !(customer.get("customerId") instanceof String)) {
                throw new IOException("not a customer: " + row);
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            customer.forEach((name, value) -> copy.put(String.valueOf(name), value));
            customers.add(copy);
        }
        for (Object number : numbers) {
            if (!(number instanceof Integer partition)) {
                throw new IOException("not a partition: " + number);
            }
            partitions.add(partition);
        }
        return new LocalPage(customers, partitions);
    }

    private static Map<String, String> amounts(Map<String, BigDecimal> amounts) {
        Map<String, String> json = new TreeMap<>();
        amounts.forEach((currency, amount) -> json.put(currency, amount.toPlainString()));
        return json;
    }
}
