package io.orderseos.validate;

import io.orderseos.schemas.LineItem;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The business rules a decoded event must satisfy before it is deduplicated or applied. Stateless:
 * rules that need the order's history belong to the state machine. Returns every violation (the
 * first {@value #MAX_REPORTED}, then how many more), so one dead letter tells the producer what is
 * wrong with the record without growing with a hostile record's size.
 *
 * <p>Amounts are checked without ever printing or measuring a huge number: a decimal's bytes can
 * hold a number with hundreds of thousands of digits, and {@link BigDecimal#precision()} or {@link
 * BigDecimal#toPlainString()} of one takes seconds.
 */
public final class OrderEventValidator {
    /** Longest id (eventId, orderId, customerId, sku) accepted, in characters. */
    public static final int MAX_ID_LENGTH = 256;
    /** Digits an amount may have: {@code decimal(18,2)} in every schema that stores one. */
    public static final int MAX_PRECISION = 18;
    /** Violations spelled out; the rest are counted. */
    public static final int MAX_REPORTED = 20;
    // An unscaled value wider than this has at least 19 digits (2^63 > 10^18): no need to count them.
    private static final int MAX_BITS = Long.SIZE - 1;

    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    private OrderEventValidator() {}

    /** The rules {@code event} under record key {@code key} breaks; empty when it is valid. */
    public static List<String> violations(String key, OrderEvent event) {
        Violations violations = new Violations();
        if (event == null) {
            violations.add("value is null (a tombstone): order events are never deleted");
            if (key == null) {
                violations.add("record key is null: it must be the orderId");
            }
            return violations.list();
        }
        checkId(violations, "eventId", event.getEventId());
        checkId(violations, "orderId", event.getOrderId());
        checkId(violations, "customerId", event.getCustomerId());
        if (key == null) {
            violations.add("record key is null: it must be the orderId");
        } else if (!key.equals(event.getOrderId())) {
            violations.add("record key '" + printable(key) + "' is not the orderId '" + printable(event.getOrderId())
                    + "': all events of an order must share its partition");
        }
        if (event.getAmount() != null) {
            checkMoney(violations, () -> "amount", event.getAmount());
        }
        if (event.getCurrency() != null && !CURRENCIES.contains(event.getCurrency())) {
            violations.add("currency '" + printable(event.getCurrency()) + "' is not an ISO-4217 code");
        }
        List<LineItem> items = event.getItems();
        for (int i = 0; items != null && i < items.size(); i++) {
            checkItem(violations, i, items.get(i));
        }
        if (event.getType() == OrderEventType.PLACED) {
            checkPlaced(violations, event);
        }
        return violations.list();
    }

    private static void checkPlaced(Violations violations, OrderEvent event) {
        BigDecimal amount = event.getAmount();
        if (amount == null) {
            violations.add("PLACED without amount");
        } else if (amount.signum() <= 0) {
            violations.add("PLACED with amount " + shown(amount) + ": must be positive");
        }
        if (event.getCurrency() == null) {
            violations.add("PLACED without currency");
        }
        List<LineItem> items = event.getItems();
        if (items == null || items.isEmpty()) {
            violations.add("PLACED without items");
            return;
        }
        if (amount == null || !fits(amount)) {
            return; // already reported
        }
        BigDecimal total = BigDecimal.ZERO;
        for (LineItem item : items) {
            if (item.getUnitPrice() == null || !fits(item.getUnitPrice())) {
                return; // already reported by checkItem
            }
            // Exact: no int or long arithmetic that a huge quantity could overflow.
            total = total.add(item.getUnitPrice().multiply(BigDecimal.valueOf(item.getQuantity())));
        }
        if (total.compareTo(amount) != 0) {
            violations.add("items sum to " + total.toPlainString() + " but amount is " + amount.toPlainString());
        }
    }

    private static void checkItem(Violations violations, int index, LineItem item) {
        // The field names are built only for a violation: most records have none.
        String skuProblem = idProblem(item.getSku());
        if (skuProblem != null) {
            violations.add(item(index) + ".sku" + skuProblem);
        }
        if (item.getQuantity() <= 0) {
            violations.add(item(index) + ".quantity is " + item.getQuantity() + ": must be positive");
        }
        if (item.getUnitPrice() == null) {
            violations.add(item(index) + ".unitPrice is missing");
        } else {
            checkMoney(violations, () -> item(index) + ".unitPrice", item.getUnitPrice());
        }
    }

    private static String item(int index) {
        return "items[" + index + "]";
    }

    /** @param field the field's name, made only for a violation */
    private static void checkMoney(Violations violations, Supplier<String> field, BigDecimal value) {
        if (value.signum() < 0) {
            violations.add(field.get() + " is negative: " + shown(value));
        }
        if (!fits(value)) {
            String digits = value.unscaledValue().bitLength() > MAX_BITS
                    ? "more than " + MAX_PRECISION
                    : String.valueOf(value.precision());
            violations.add(field.get() + " has " + digits + " digits: at most " + MAX_PRECISION + " fit decimal(18,2)");
        }
    }

    /** Whether {@code value} has at most {@value #MAX_PRECISION} digits; cheap for any size. */
    private static boolean fits(BigDecimal value) {
        return value.unscaledValue().bitLength() <= MAX_BITS && value.precision() <= MAX_PRECISION;
    }

    /** The value as text if it is of a printable size. */
    private static String shown(BigDecimal value) {
        return fits(value) ? value.toPlainString() : "(more than " + MAX_PRECISION + " digits)";
    }

    private static void checkId(Violations violations, String field, String value) {
        String problem = idProblem(value);
        if (problem != null) {
            violations.add(field + problem);
        }
    }

    /** What is wrong with an ID, as the end of a sentence that starts with its field, or null. */
    private static String idProblem(String value) {
        if (value == null || value.isBlank()) {
            return " is missing";
        }
        if (value.length() > MAX_ID_LENGTH) {
            return " is " + value.length() + " characters long: at most " + MAX_ID_LENGTH;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return " contains control characters";
            }
        }
        return null;
    }

    /** Keeps the first {@value #MAX_REPORTED} violations and counts the rest. */
    private static final class Violations {
        private final List<String> reported = new ArrayList<>();
        private int more;

        void add(String violation) {
            if (reported.size() < MAX_REPORTED) {
                reported.add(violation);
            } else {
                more++;
            }
        }

        List<String> list() {
            if (reported.isEmpty()) {
                return List.of();
            }
            List<String> all = new ArrayList<>(reported);
            if (more > 0) {
                all.add("and " + more + " more");
            }
            return all;
        }
    }

    /** The value as it can safely go into a log line or header: bounded, no control characters. */
    static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return shown.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
