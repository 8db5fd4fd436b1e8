package io.orderseos.query;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Paging of customers in key order over every partition: what to ask each instance for, and how its
 * answers make one page. An instance answers with the first rows of its own partitions from the
 * page's lower bound; the page is the first {@code limit} of them all, merged, and a next page
 * exists exactly when one more row is left over. Paging on from the last row, the lower bound is
 * that row itself ({@code after}), which each instance may return again and the merge drops.
 */
public final class CustomerPaging {
    /** The most customers a page holds. */
    public static final int MAX_PAGE = 1000;

    private CustomerPaging() {}

    /** One page: its rows and, when more customers follow, the id of its last row to page on from. */
    public record Page<T>(List<T> rows, Optional<String> nextAfter) {}

    /**
     * How many rows to ask each instance for: one more than the page, to tell whether a next page
     * exists, and one more still when paging on from {@code after}, which an instance may return
     * first.
     */
    public static int perInstance(int limit, boolean after) {
        return limit + 1 + (after ? 1 : 0);
    }

    /** The most rows an instance is asked for: what its own answer must not cap below. */
    public static int perInstanceMax() {
        return perInstance(MAX_PAGE, true);
    }

    /**
     * The page of at most {@code limit} rows, in key order, from every instance's rows together,
     * without {@code after} itself (null on the first page).
     */
    public static <T> Page<T> merge(Collection<T> rows, Function<T, String> id, String after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        List<T> sorted = rows.stream()
                .filter(row -> after == null || !id.apply(row).equals(after))
                .sorted(Comparator.comparing(id))
                .toList();
        if (sorted.size() <= limit) {
            return new Page<>(sorted, Optional.empty());
        }
        List<T> page = sorted.subList(0, limit);
        return new Page<>(page, Optional.of(id.apply(page.get(limit - 1))));
    }
}
