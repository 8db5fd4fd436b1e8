package io.orderseos.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfAHundredValues() {
        Percentiles percentiles = new Percentiles();
        for (long value = 100; value >= 1; value--) {
            percentiles.add(value);
        }

        assertThat(percentiles.summary()).isEqualTo(new Percentiles.Summary(100, 50, 99, 100));
    }

    @Test
    void oneValueIsEveryPercentile() {
        Percentiles percentiles = new Percentiles();
        percentiles.add(7);

        assertThat(percentiles.summary()).isEqualTo(new Percentiles.Summary(1, 7, 7, 7));
    }

    @Test
    void growsPastItsFirstArray() {
        Percentiles percentiles = new Percentiles();
        for (int i = 0; i < 5_000; i++) {
            percentiles.add(i % 10);
        }

        assertThat(percentiles.summary()).isEqualTo(new Percentiles.Summary(5_000, 4, 9, 9));
    }
}
