package org.hyperrl.envs.vector;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs an {@link IndexTask} over {@code 0..n-1} on the calling thread and {@code blocks - 1} persistent worker
 * threads. The indices are split into contiguous blocks, block 0 belonging to the caller and block
 * {@code b > 0} to worker b. Each thread runs the indices of its own block in order and then helps with the
 * indices of other blocks that nobody has started yet ("stealing"), so one slow sub-env step (contacts,
 * a reset) no longer makes the other thread idle while the rest of its block waits. Every index is claimed
 * by exactly one thread through a per-block atomic counter; a sub-env usually stays on its block's thread.
 * One call is one hand-off: the caller publishes a round (task, counters) and bumps a generation counter; each
 * worker spins briefly and then parks while waiting for the next round, and the caller waits for the last
 * index to complete the same way.
 *
 * <p>Why not an {@code ExecutorService}: submitting a task per block and waiting on its {@code Future} costs
 * about 10 us per step on a 2-vCPU VM (queue lock, a futex wake-up of a parked pool thread, another to wake the
 * caller). Persistent workers with a short spin turn the hand-off into a cache-line write when steps follow
 * each other closely, and a worker that is slow to wake up no longer delays the step: the caller steals its
 * block.
 *
 * <p>Workers keep no reference to the task between calls, so an abandoned owner can be cleaned up and
 * {@link #close()} the runner (see {@link VectorEnv}). Not thread-safe: one caller at a time.
 */
final class BlockRunner implements AutoCloseable {

    /** A task over one index. */
    interface IndexTask {
        void run(int i);
    }

    /**
     * The shortest spin before a waiting thread parks. The actual spin limit of a thread is
     * {@value #SPIN_BLOCKS} times the recent duration of its own block (see {@link SpinBudget}), at least this
     * and at most {@link #MAX_SPIN_NANOS}.
     */
    static final long SPIN_NANOS = 50_000;

    /** The longest spin before a waiting thread parks. */
    static final long MAX_SPIN_NANOS = 2_000_000;

    /**
     * The spin limit in units of the thread's recent block duration. While steps follow each other closely, a
     * thread waits at most about one block duration (the other block is slower, e.g. a sub-env is resetting or
     * its contacts cost more this step), so a limit of 2 blocks keeps the thread spinning; a caller that spends
     * longer than that between steps makes its workers park (see {@link SpinBudget}).
     */
    static final int SPIN_BLOCKS = 2;

    /**
     * The first part of a spin uses CPU pause instructions (hand-off in well under a microsecond when both
     * threads are running); after that the waiter yields between checks. Yielding matters when the cores are
     * oversubscribed: the thread being waited for may be runnable on this very core, and a pure spin would
     * hold the core for the whole spin (measured on 2 vCPUs with another process using one:
     * Pendulum 8x2 at 0.14 M steps/s with pure spinning, 1.2 M with yielding, 0.8 M with the old thread pool).
     */
    static final long PAUSE_NANOS = 2_000;

    private static final boolean MULTI_CORE = Runtime.getRuntime().availableProcessors() > 1;

    /**
     * Adaptive spinning for one waiting thread. The spin limit follows the thread's own block duration
     * ({@value #SPIN_BLOCKS} x an exponential moving average, clamped to [{@link #SPIN_NANOS},
     * {@link #MAX_SPIN_NANOS}]), and the thread spins only if its previous wait was short enough to have been
     * covered by spinning. A worker of a caller that computes a policy between steps, or a thread on an
     * oversubscribed machine (where the thread it waits for is not running), then parks at once instead of
     * burning the spin limit per step.
     *
     * <p>Why a limit that follows the block duration: waking a parked thread on this 2-vCPU VM took 30-100 us
     * (median 33-40 us, 90th percentile 67-100 us, Walker2d 2x2) when the other vCPU was idle, far more than
     * the 2-3 us measured while another process kept both vCPUs busy, presumably because an idle vCPU is halted
     * and must be woken by the hypervisor. A fixed 50 us limit made the threads park whenever one sub-env's
     * step took 50 us longer than the other's, which for Walker2d (steps of 60-300 us, resets of 150 us) was
     * most steps.
     */
    static final class SpinBudget {
        private boolean spin = MULTI_CORE;
        private long blockNanos;

        long spinNanos() {
            return spin ? limit() : 0;
        }

        long limit() {
            return Math.min(MAX_SPIN_NANOS, Math.max(SPIN_NANOS, SPIN_BLOCKS * blockNanos));
        }

        void waited(long nanos) {
            spin = MULTI_CORE && nanos < limit();
        }

        /** Records the duration of one run of the thread's own block. */
        void worked(long nanos) {
            blockNanos += (nanos - blockNanos) / 4;
        }
    }

    /** The work of one call: the task, the next unclaimed index of each block, the indices not yet done. */
    private static final class Round {
        final IndexTask task;
        final long generation;
        final AtomicIntegerArray next;
        final AtomicInteger remaining;
        final Throwable[] failures;

        Round(IndexTask task, long generation, int[] blockStart, int n) {
            this.task = task;
            this.generation = generation;
            this.next = new AtomicIntegerArray(blockStart.length);
            for (int b = 0; b < blockStart.length; b++) {
                next.set(b, blockStart[b]); // published to the workers by the volatile write of the round
            }
            this.remaining = new AtomicInteger(n);
            this.failures = new Throwable[n];
        }
    }

    private final int n;
    /** First index of each block; {@code blockStart[blocks] == n}. */
    private final int[] blockStart;
    private final Worker[] workers;
    private volatile Round round;
    private long generation;
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile boolean callerParked;
    private final SpinBudget callerSpin = new SpinBudget();

    /**
     * @param n          number of indices
     * @param blocks     number of blocks (and threads, counting the caller's), {@code 2 <= blocks <= n}
     * @param threadName name of the worker threads
     */
    BlockRunner(int n, int blocks, String threadName) {
        if (blocks < 2 || blocks > n) {
            throw new IllegalArgumentException("need 2 <= blocks <= n, got blocks=" + blocks + ", n=" + n);
        }
        this.n = n;
        this.blockStart = new int[blocks + 1];
        for (int b = 0; b <= blocks; b++) {
            blockStart[b] = b * n / blocks;
        }
        this.workers = new Worker[blocks - 1];
        for (int b = 1; b < blocks; b++) {
            Worker w = new Worker(b, threadName + "-" + b);
            workers[b - 1] = w;
            w.start();
        }
    }

    /**
     * Runs {@code task.run(i)} for every index and returns when all are done. If any call throws, the other
     * indices still run, and the first failure in index order is rethrown (an unchecked exception as is, a
     * checked one wrapped in an {@link IllegalStateException}).
     */
    void run(IndexTask task) {
        if (closed) {
            throw new IllegalStateException("this VectorEnv was closed");
        }
        this.caller = Thread.currentThread();
        Round r = new Round(task, ++generation, blockStart, n);
        round = r;
        for (Worker w : workers) {
            if (w.parked) {
                LockSupport.unpark(w);
            }
        }
        long start = System.nanoTime();
        work(r, 0);
        callerSpin.worked(System.nanoTime() - start);
        awaitDone(r);
        round = null;
        Throwable failure = null;
        for (Throwable t : r.failures) {
            if (t != null) {
                failure = t;
                break;
            }
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("sub-env step failed", failure);
        }
    }

    /** Runs the unclaimed indices of block {@code own}, then those of the other blocks. */
    private void work(Round r, int own) {
        int blocks = blockStart.length - 1;
        for (int k = 0; k < blocks; k++) {
            int b = (own + k) % blocks;
            int end = blockStart[b + 1];
            for (int i = r.next.getAndIncrement(b); i < end; i = r.next.getAndIncrement(b)) {
                try {
                    r.task.run(i);
                } catch (Throwable t) {
                    r.failures[i] = t;
                }
                if (r.remaining.decrementAndGet() == 0 && callerParked) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }

    private void awaitDone(Round r) {
        if (r.remaining.get() == 0) {
            return;
        }
        long start = System.nanoTime();
        long spinNanos = callerSpin.spinNanos();
        while (r.remaining.get() != 0) {
            if (!spinOnce(System.nanoTime() - start, spinNanos)) {
                callerParked = true;
                if (r.remaining.get() != 0) {
                    LockSupport.park(this);
                }
                callerParked = false;
            }
        }
        callerSpin.waited(System.nanoTime() - start);
    }

    /**
     * One round of a spin-wait that began {@code waited} ns ago; false once the spin time is used up (then the
     * caller parks).
     */
    private static boolean spinOnce(long waited, long spinNanos) {
        if (waited >= spinNanos) {
            return false;
        }
        if (waited < PAUSE_NANOS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return true;
    }

    /** Stops and joins the worker threads; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
        boolean interrupted = false;
        for (Worker w : workers) {
            while (w.isAlive()) {
                try {
                    w.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Worker extends Thread {

        final int block;
        volatile boolean parked;
        private final SpinBudget spin = new SpinBudget();

        Worker(int block, String name) {
            super(name);
            this.block = block;
            setDaemon(true);
        }

        @Override
        public void run() {
            long done = 0;
            while (!closed) {
                done = awaitAndWork(done);
            }
        }

        /**
         * Waits for a round newer than {@code done}, works on it and returns its generation (or {@code done} if
         * the runner was closed). A method of its own so that no frame of this thread keeps the round, and with
         * it the task, reachable between calls.
         */
        private long awaitAndWork(long done) {
            long start = System.nanoTime();
            long spinNanos = spin.spinNanos();
            Round r;
            while ((r = round) == null || r.generation == done) {
                if (closed) {
                    return done;
                }
                if (!spinOnce(System.nanoTime() - start, spinNanos)) {
                    parked = true;
                    r = round;
                    if ((r == null || r.generation == done) && !closed) {
                        LockSupport.park(this);
                    }
                    parked = false;
                }
            }
            spin.waited(System.nanoTime() - start);
            long begin = System.nanoTime();
            work(r, block);
            spin.worked(System.nanoTime() - begin);
            return r.generation;
        }
    }
}
