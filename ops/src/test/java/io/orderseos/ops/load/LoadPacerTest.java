package io.orderseos.ops.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoadPacerTest {

    @Test
    void holdsTheRate() throws InterruptedException {
        Pacer pacer = new Pacer(1_000);
        long start = System.nanoTime();
        for (int sent = 0; sent <= 300; sent++) {
            pacer.awaitTurn(sent);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(seconds).isBetween(0.29, 1.5);
    }

    @Test
    void zeroMeansNoLimit() throws InterruptedException {
        Pacer pacer = new Pacer(0);
        long start = System.nanoTime();
        for (int sent = 0; sent < 100_000; sent++) {
            pacer.awaitTurn(sent);
        }

        assertThat((System.nanoTime() - start) / 1e9).isLessThan(0.5);
    }
}
