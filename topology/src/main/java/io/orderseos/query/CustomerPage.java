package io.orderseos.query;

import io.orderseos.schemas.CustomerStats;
import java.util.List;
import java.util.Set;

/**
 * Customers of one key range from some partitions, sorted by customerId, at most the requested
 * number. {@code partitions} says which partitions of the customer store it covers, so the caller
 * can tell a complete answer from one with a partition missing.
 */
public record CustomerPage(List<CustomerStats> customers, Set<Integer> partitions) {}
