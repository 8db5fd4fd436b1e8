package io.orderseos.query;

import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.HeldEvent;
import java.util.List;

/**
 * An order as a query answers it: its status, null while only held events exist, and the events
 * held for it in the reorder buffer, oldest first; {@code held} is null when the answer cannot tell
 * (a standby's answer: the buffer is read on the active instance only).
 */
public record OrderView(OrderStatus status, List<HeldEvent> held) {}
