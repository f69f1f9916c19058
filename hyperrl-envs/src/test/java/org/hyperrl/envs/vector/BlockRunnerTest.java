package org.hyperrl.envs.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class BlockRunnerTest {

    @Test
    void everyIndexRunsOncePerCallAndResultsAreVisibleToTheCaller() {
        int n = 7;
        try (BlockRunner runner = new BlockRunner(n, 3, "test")) {
            AtomicIntegerArray counts = new AtomicIntegerArray(n);
            long[] plain = new long[n];
            for (int call = 1; call <= 20_000; call++) {
                int c = call;
                runner.run(i -> {
                    counts.incrementAndGet(i);
                    plain[i] += c;
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(call, counts.get(i));
                }
            }
            long expected = 20_000L * 20_001L / 2;
            long[] all = new long[n];
            Arrays.fill(all, expected);
            assertArrayEquals(all, plain, "writes of the workers (plain array) are visible after run returns");
        }
    }

    @Test
    void aSlowIndexDoesNotHoldBackTheRestOfItsBlock() {
        // 4 indices in 2 blocks: [0, 2) for the caller, [2, 4) for the worker. Indices 2 and 3 take 100 ms each;
        // without stealing the worker would run them one after the other (>= 200 ms).
        int n = 4;
        Thread[] ranOn = new Thread[n];
        try (BlockRunner runner = new BlockRunner(n, 2, "test")) {
            runner.run(i -> { }); // workers started
            long start = System.nanoTime();
            runner.run(i -> {
                ranOn[i] = Thread.currentThread();
                if (i >= 2) {
                    sleep(100);
                }
            });
            double ms = (System.nanoTime() - start) / 1e6;
            assertTrue(ms < 180, "the caller should have taken index 3 while index 2 ran; took " + ms + " ms");
        }
        assertNotSame(ranOn[2], ranOn[3]);
        assertTrue(ranOn[2] == Thread.currentThread() || ranOn[3] == Thread.currentThread());
    }

    @Test
    void everyThreadTakesPartWhenTheWorkIsLong() {
        int n = 6;
        Set<Thread> threads = new HashSet<>();
        try (BlockRunner runner = new BlockRunner(n, 3, "test")) {
            runner.run(i -> {
                sleep(30);
                synchronized (threads) {
                    threads.add(Thread.currentThread());
                }
            });
        }
        assertEquals(3, threads.size(), "caller and both workers ran indices");
    }

    @Test
    void firstFailureInIndexOrderIsRethrownAfterAllBlocksFinishAndTheRunnerStaysUsable() {
        int n = 6;
        try (BlockRunner runner = new BlockRunner(n, 3, "test")) {
            boolean[] ran = new boolean[n];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runner.run(i -> {
                ran[i] = true;
                if (i == 3) {
                    throw new IllegalArgumentException("index 3");
                }
                if (i == 5) {
                    throw new IllegalStateException("index 5");
                }
            }));
            assertEquals("index 3", e.getMessage());
            assertTrue(ran[0] && ran[1] && ran[2] && ran[4] && ran[5], "the other indices ran");

            RuntimeException checked = assertThrows(IllegalStateException.class, () -> runner.run(i -> {
                if (i == 4) {
                    sneakyThrow(new IOException("checked"));
                }
            }));
            assertTrue(checked.getCause() instanceof IOException, String.valueOf(checked.getCause()));

            AssertionError error = assertThrows(AssertionError.class, () -> runner.run(i -> {
                if (i == 0) {
                    throw new AssertionError("caller block");
                }
            }));
            assertEquals("caller block", error.getMessage());

            int[] after = new int[n];
            runner.run(i -> after[i] = i + 1);
            assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, after, "failures of earlier calls are not rethrown");
        }
    }

    @Test
    void spinLimitFollowsTheBlockDurationWithinBounds() {
        BlockRunner.SpinBudget b = new BlockRunner.SpinBudget();
        assertEquals(BlockRunner.SPIN_NANOS, b.limit(), "no block measured yet");
        for (int k = 0; k < 100; k++) {
            b.worked(200_000);
        }
        long limit = b.limit();
        assertTrue(Math.abs(limit - BlockRunner.SPIN_BLOCKS * 200_000L) < 1_000, "limit " + limit);
        b.waited(limit - 1);
        assertEquals(Runtime.getRuntime().availableProcessors() > 1 ? limit : 0, b.spinNanos(),
                "a wait shorter than the limit keeps spinning (multi-core)");
        b.waited(limit + 1);
        assertEquals(0, b.spinNanos(), "a wait longer than the limit parks at once next time");
        for (int k = 0; k < 100; k++) {
            b.worked(1_000_000_000);
        }
        assertEquals(BlockRunner.MAX_SPIN_NANOS, b.limit());
        for (int k = 0; k < 100; k++) {
            b.worked(1_000);
        }
        assertEquals(BlockRunner.SPIN_NANOS, b.limit());
    }

    @Test
    void callsSeparatedByLongPausesStillComplete() throws InterruptedException {
        int n = 4;
        try (BlockRunner runner = new BlockRunner(n, 4, "test")) {
            int[] counts = new int[n];
            for (int call = 0; call < 5; call++) {
                Thread.sleep(2 * BlockRunner.MAX_SPIN_NANOS / 1_000_000 + 5); // long enough for the workers to park
                runner.run(i -> counts[i]++);
            }
            assertArrayEquals(new int[] {5, 5, 5, 5}, counts);
        }
    }

    @Test
    void closeStopsTheWorkersAndLaterCallsFail() {
        Set<Thread> workers = new HashSet<>();
        BlockRunner runner = new BlockRunner(3, 3, "test");
        runner.run(i -> {
            sleep(30); // long enough that every thread takes an index
            synchronized (workers) {
                workers.add(Thread.currentThread());
            }
        });
        workers.remove(Thread.currentThread());
        assertEquals(2, workers.size());
        runner.close();
        for (Thread t : workers) {
            assertFalse(t.isAlive(), t.getName() + " still running after close");
        }
        runner.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.run(i -> { }));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void badBlockCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BlockRunner(4, 1, "test"));
        assertThrows(IllegalArgumentException.class, () -> new BlockRunner(2, 3, "test"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
