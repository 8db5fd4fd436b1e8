package io.orderseos.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CustomerPagingTest {
    private static final Function<String, String> ID = Function.identity();

    @Test
    void mergesTheInstancesRowsInKeyOrder() {
        List<String> rows = List.of("c-3", "c-1", "c-4", "c-2");

        CustomerPaging.Page<String> page = CustomerPaging.merge(rows, ID, null, 10);

        assertThat(page.rows()).containsExactly("c-1", "c-2", "c-3", "c-4");
        assertThat(page.nextAfter()).isEmpty();
    }

    @Test
    void aRowLeftOverMeansANextPageFromTheLastRow() {
        CustomerPaging.Page<String> page = CustomerPaging.merge(List.of("c-1", "c-2", "c-3"), ID, null, 2);

        assertThat(page.rows()).containsExactly("c-1", "c-2");
        assertThat(page.nextAfter()).contains("c-2");
    }

    @Test
    void exactlyAPageHasNoNext() {
        assertThat(CustomerPaging.merge(List.of("c-1", "c-2"), ID, null, 2).nextAfter())
                .isEmpty();
    }

    @Test
    void pagingOnDropsTheRowItStartsFromWhicheverInstanceReturnsIt() {
        // Two instances asked from c-2 (the last row of the page before): one returns c-2 again.
        List<String> rows = List.of("c-2", "c-4", "c-6", "c-3", "c-5");

        CustomerPaging.Page<String> page = CustomerPaging.merge(rows, ID, "c-2", 2);

        assertThat(page.rows()).containsExactly("c-3", "c-4");
        assertThat(page.nextAfter()).contains("c-4");
    }

    @Test
    void aFullPageAfterARowStillKnowsAboutTheNext() {
        // The largest page, paging on: the instance holding the 'after' row returns it first, and
        // each must answer with perInstance rows for the merge to see one row beyond the page.
        int limit = CustomerPaging.MAX_PAGE;
        int perInstance = CustomerPaging.perInstance(limit, true);
        List<String> first = new ArrayList<>(List.of("c-00000"));
        IntStream.rangeClosed(1, perInstance - 1).forEach(i -> first.add(String.format("c-%05d", 2 * i)));
        List<String> second = IntStream.rangeClosed(1, perInstance)
                .mapToObj(i -> String.format("c-%05d", 2 * i + 1))
                .toList();
        List<String> rows = new ArrayList<>(first);
        rows.addAll(second);

        CustomerPaging.Page<String> page = CustomerPaging.merge(rows, ID, "c-00000", limit);

        assertThat(page.rows()).hasSize(limit);
        assertThat(page.nextAfter()).isEqualTo(Optional.of(page.rows().get(limit - 1)));
        assertThat(perInstance).isEqualTo(limit + 2);
        assertThat(CustomerPaging.perInstanceMax()).isEqualTo(CustomerPaging.MAX_PAGE + 2);
    }

    @Test
    void refusesAnEmptyPage() {
        assertThatThrownBy(() -> CustomerPaging.merge(List.of("c-1"), ID, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
