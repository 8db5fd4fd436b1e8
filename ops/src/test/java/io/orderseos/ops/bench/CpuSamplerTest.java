package io.orderseos.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CpuSamplerTest {
    /** What the sampler measures, and the wall time, of a stretch in which this thread spins for {@code cpuNanos}. */
    private record Stretch(long measuredCpuNanos, long wallNanos) {}

    private static Stretch spin(long cpuNanos) throws InterruptedException {
        return spin(cpuNanos, 300);
    }

    /** As {@link #spin(long)}, measured {@code afterMillis} after the stretch ends. */
    private static Stretch spin(long cpuNanos, long afterMillis) throws InterruptedException {
        assumeThat(Files.exists(Path.of("/proc/self/stat"))).as("Linux /proc").isTrue();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (CpuSampler sampler = CpuSampler.start(ProcessHandle.current().pid())) {
            Thread.sleep(300); // samples before the stretch: the sampler takes one every 100 ms
            long from = System.nanoTime();
            long start = threads.getCurrentThreadCpuTime();
            long spin = 0;
            while (threads.getCurrentThreadCpuTime() - start < cpuNanos) {
                spin += Long.numberOfTrailingZeros(System.nanoTime());
            }
            long to = System.nanoTime();
            Thread.sleep(afterMillis); // samples after it, if long enough
            assertThat(spin).isPositive();
            return new Stretch(sampler.cpuNanosBetween(from, to), to - from);
        }
    }

    @Test
    void countsTheCpuAProcessSpendsBetweenTwoMoments() throws Exception {
        Stretch second = spin(1_000_000_000L);

        // This thread's second, give or take a sample (100 ms) at either end on every core; and
        // no more than all cores could give over the stretch's wall time.
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(second.measuredCpuNanos())
                .isBetween(1_000_000_000L - cores * 200_000_000L, second.wallNanos() * cores + cores * 200_000_000L);
    }

    @Test
    void aStretchShorterThanTheSamplingPeriodIsBracketedNotMissed() throws Exception {
        assertThat(spin(20_000_000L).measuredCpuNanos())
                .as("20 ms, a fifth of a sampling period")
                .isPositive();
    }

    @Test
    void aStretchThatHasJustEndedIsMeasuredUpToNow() throws Exception {
        assertThat(spin(20_000_000L, 0).measuredCpuNanos())
                .as("no sample after it yet: one read at once")
                .isPositive();
    }

    @Test
    void aStretchTheSamplesDoNotBracketHasNoFigure() throws Exception {
        assumeThat(Files.exists(Path.of("/proc/self/stat"))).as("Linux /proc").isTrue();
        long beforeTheFirstSample = System.nanoTime();
        try (CpuSampler sampler = CpuSampler.start(ProcessHandle.current().pid())) {
            Thread.sleep(300); // samples to bracket with: the sampler takes one every 100 ms
            long now = System.nanoTime();
            assertThat(sampler.cpuNanosBetween(beforeTheFirstSample, now))
                    .as("begun before the first sample")
                    .isEqualTo(-1);
            assertThat(sampler.cpuNanosBetween(now, now + 60_000_000_000L))
                    .as("not ended yet")
                    .isEqualTo(-1);
        }
    }

    @Test
    void aProcessThatIsNotThereHasNoCpuTime() {
        assertThat(CpuSampler.cpuNanos(Long.MAX_VALUE)).isEmpty();
    }
}
