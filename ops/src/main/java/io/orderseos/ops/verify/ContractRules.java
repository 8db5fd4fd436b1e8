package io.orderseos.ops.verify;

import io.orderseos.schemas.LineItem;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The business rules of the contract (docs/contract.md, "Schemas"), written again from the contract rather
 * than taken from the topology, so that the verifier does not share the app's mistakes.
 */
final class ContractRules {
    private static final int MAX_ID_LENGTH = 256;
    private static final int MAX_DIGITS = 18;
    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    private ContractRules() {}

    /** True when {@code event}, under record key {@code key}, breaks no rule. */
    static boolean valid(String key, OrderEvent event) {
        if (!id(event.getEventId()) || !id(event.getOrderId()) || !id(event.getCustomerId())) {
            return false;
        }
        if (key == null || !key.equals(event.getOrderId())) {
            return false;
        }
        if (event.getAmount() != null && !money(event.getAmount())) {
            return false;
        }
        if (event.getCurrency() != null && !CURRENCIES.contains(event.getCurrency())) {
            return false;
        }
        List<LineItem> items = event.getItems();
        for (LineItem item : items == null ? List.<LineItem>of() : items) {
            if (!id(item.getSku())
                    || item.getQuantity() <= 0
                    || item.getUnitPrice() == null
                    || !money(item.getUnitPrice())) {
                return false;
            }
        }
        return event.getType() != OrderEventType.PLACED || placed(event);
    }

    private static boolean placed(OrderEvent event) {
        BigDecimal amount = event.getAmount();
        if (amount == null || amount.signum() <= 0 || event.getCurrency() == null) {
            return false;
        }
        if (event.getItems() == null || event.getItems().isEmpty()) {
            return false;
        }
        BigDecimal sum = event.getItems().stream()
                .map(item -> item.getUnitPrice().multiply(BigDecimal.valueOf(item.getQuantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return sum.compareTo(amount) == 0;
    }

    private static boolean money(BigDecimal value) {
        return value.signum() >= 0 && value.precision() <= MAX_DIGITS;
    }

    private static boolean id(String value) {
        return value != null
                && !value.isBlank()
                && value.length() <= MAX_ID_LENGTH
                && value.chars().noneMatch(Character::isISOControl);
    }
}
