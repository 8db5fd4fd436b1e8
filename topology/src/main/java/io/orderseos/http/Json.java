package io.orderseos.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderStatus;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON shapes of the HTTP API: the Avro records' field names; decimals as strings ({@code
 * "12.50"}, exact), instants as ISO-8601 strings, counts as numbers, enums by name.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

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

    /** Parses a JSON object. */
    static Map<String, Object> parse(byte[] body) throws java.io.IOException {
        return MAPPER.readValue(body, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
    }

    private static Map<String, String> amounts(Map<String, BigDecimal> amounts) {
        Map<String, String> json = new TreeMap<>();
        amounts.forEach((currency, amount) -> json.put(currency, amount.toPlainString()));
        return json;
    }
}
