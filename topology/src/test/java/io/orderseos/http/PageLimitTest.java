package io.orderseos.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.query.CustomerPaging;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageLimitTest {
    @Test
    void aClientsPageIsCappedAtTheLargestPage() {
        assertThat(HttpApi.pageLimit(Map.of())).isEqualTo(100);
        assertThat(HttpApi.pageLimit(Map.of("limit", "7"))).isEqualTo(7);
        assertThat(HttpApi.pageLimit(Map.of("limit", "5000"))).isEqualTo(CustomerPaging.MAX_PAGE);
    }

    @Test
    void aPeerMayBeAskedForTheRowsPagingNeedsBeyondIt() {
        // The largest page after a row asks each peer for MAX_PAGE + 2 rows: a peer that capped that
        // at MAX_PAGE could leave the merged page without its next link although more customers exist.
        String asked = Integer.toString(CustomerPaging.perInstance(CustomerPaging.MAX_PAGE, true));

        assertThat(HttpApi.pageLimit(Map.of("scope", "local", "limit", asked))).isEqualTo(CustomerPaging.MAX_PAGE + 2);
        assertThat(HttpApi.pageLimit(Map.of("scope", "local", "limit", "999999")))
                .isEqualTo(CustomerPaging.perInstanceMax());
    }

    @Test
    void anythingButAWholeNumberFromOneIsRefused() {
        assertThat(HttpApi.pageLimit(Map.of("limit", "0"))).isZero();
        assertThat(HttpApi.pageLimit(Map.of("limit", "-3"))).isZero();
        assertThat(HttpApi.pageLimit(Map.of("limit", "ten"))).isZero();
    }
}
