package org.hyperrl.algos.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Circular replay buffer of transitions {@code (s, a, r, s', terminal)}. {@code terminal} is true only when
 * the episode ended by termination (the MDP's absorbing state); an episode cut by a time limit (truncation)
 * is stored as non-terminal so that targets bootstrap through it. Storage grows with the contents (doubling, up to the
 * capacity), so that many buffers of a large capacity (PEARL's one per task) cost only what they hold.
 */
public final class ReplayBuffer {
    private final int capacity;
    private final int obsDim;
    private final int actDim;
    private float[] obs;
    private float[] act;
    private float[] rew;
    private float[] next;
    private float[] notDone;
    private int allocated;
    private int size;
    private int pos;

    public ReplayBuffer(int capacity, int obsDim, int actDim) {
        if (capacity < 1 || obsDim < 1 || actDim < 1) {
            throw new IllegalArgumentException("replay buffer needs positive capacity and dimensions, got "
                    + capacity + ", " + obsDim + ", " + actDim);
        }
        this.capacity = capacity;
        this.obsDim = obsDim;
        this.actDim = actDim;
        allocate(Math.min(capacity, INITIAL_ROWS));
    }

    private static final int INITIAL_ROWS = 1024;

    private void allocate(int rows) {
        obs = java.util.Arrays.copyOf(obs == null ? new float[0] : obs, rows * obsDim);
        act = java.util.Arrays.copyOf(act == null ? new float[0] : act, rows * actDim);
        rew = java.util.Arrays.copyOf(rew == null ? new float[0] : rew, rows);
        next = java.util.Arrays.copyOf(next == null ? new float[0] : next, rows * obsDim);
        notDone = java.util.Arrays.copyOf(notDone == null ? new float[0] : notDone, rows);
        allocated = rows;
    }

    /** Forgets every transition (PEARL clears a task's encoder buffer before collecting its new context). */
    public void clear() {
        size = 0;
        pos = 0;
    }

    /** Stores one transition; {@code terminated} must be false for time-limit truncations. */
    public void add(double[] s, double[] a, double r, double[] s2, boolean terminated) {
        if (s.length != obsDim || s2.length != obsDim || a.length != actDim) {
            throw new IllegalArgumentException("transition has observation/action sizes " + s.length + "/" + a.length
                    + ", buffer expects " + obsDim + "/" + actDim);
        }
        if (pos == allocated) {
            allocate((int) Math.min(capacity, 2L * allocated));
        }
        for (int i = 0; i < obsDim; i++) {
            obs[pos * obsDim + i] = (float) s[i];
            next[pos * obsDim + i] = (float) s2[i];
        }
        for (int i = 0; i < actDim; i++) {
            act[pos * actDim + i] = (float) a[i];
        }
        rew[pos] = (float) r;
        notDone[pos] = terminated ? 0f : 1f;
        pos = (pos + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    /**
     * A minibatch drawn uniformly with replacement.
     *
     * @param s       states {@code [n, obs]}
     * @param a       actions {@code [n, act]}
     * @param r       rewards {@code [n, 1]}
     * @param s2      next states {@code [n, obs]}
     * @param notDone 0 where the transition terminated, else 1 {@code [n, 1]}
     */
    public record Batch(INDArray s, INDArray a, INDArray r, INDArray s2, INDArray notDone) {
        /** Number of transitions. */
        public int size() {
            return (int) s.size(0);
        }
    }

    /** Samples {@code n} transitions. */
    public Batch sample(int n, RandomGenerator rng) {
        if (size == 0) {
            throw new IllegalStateException("cannot sample from an empty replay buffer");
        }
        float[] bs = new float[n * obsDim];
        float[] ba = new float[n * actDim];
        float[] br = new float[n];
        float[] bs2 = new float[n * obsDim];
        float[] bd = new float[n];
        for (int k = 0; k < n; k++) {
            int i = rng.nextInt(size);
            System.arraycopy(obs, i * obsDim, bs, k * obsDim, obsDim);
            System.arraycopy(next, i * obsDim, bs2, k * obsDim, obsDim);
            System.arraycopy(act, i * actDim, ba, k * actDim, actDim);
            br[k] = rew[i];
            bd[k] = notDone[i];
        }
        return new Batch(Nd4j.create(bs, new long[]{n, obsDim}, 'c'), Nd4j.create(ba, new long[]{n, actDim}, 'c'),
                Nd4j.create(br, new long[]{n, 1}, 'c'), Nd4j.create(bs2, new long[]{n, obsDim}, 'c'),
                Nd4j.create(bd, new long[]{n, 1}, 'c'));
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** The stored transitions and cursor, as named arrays for a checkpoint. */
    public Map<String, INDArray> state() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put("obs", Nd4j.create(java.util.Arrays.copyOf(obs, size * obsDim), new long[]{size, obsDim}, 'c'));
        m.put("act", Nd4j.create(java.util.Arrays.copyOf(act, size * actDim), new long[]{size, actDim}, 'c'));
        m.put("rew", Nd4j.create(java.util.Arrays.copyOf(rew, size), new long[]{size, 1}, 'c'));
        m.put("next", Nd4j.create(java.util.Arrays.copyOf(next, size * obsDim), new long[]{size, obsDim}, 'c'));
        m.put("notDone", Nd4j.create(java.util.Arrays.copyOf(notDone, size), new long[]{size, 1}, 'c'));
        m.put("cursor", Nd4j.createFromArray((long) pos, (long) size));
        return m;
    }

    /** Restores {@link #state()}. */
    public void restore(Map<String, INDArray> m) {
        long[] cursor = m.get("cursor").toLongVector();
        int n = (int) cursor[1];
        if (n > capacity || m.get("obs").size(1) != obsDim || m.get("act").size(1) != actDim) {
            throw new IllegalArgumentException("saved replay buffer (" + n + " x " + m.get("obs").size(1) + "/"
                    + m.get("act").size(1) + ") does not fit this buffer (" + capacity + " x " + obsDim + "/" + actDim + ")");
        }
        if (n > allocated) {
            allocate(n == capacity ? capacity : (int) Math.min(capacity, Math.max(2L * n, INITIAL_ROWS)));
        }
        copy(m.get("obs"), obs);
        copy(m.get("act"), act);
        copy(m.get("rew"), rew);
        copy(m.get("next"), next);
        copy(m.get("notDone"), notDone);
        size = n;
        pos = (int) cursor[0];
    }

    private static void copy(INDArray from, float[] to) {
        float[] v = from.castTo(DataType.FLOAT).data().asFloat();
        System.arraycopy(v, 0, to, 0, v.length);
    }
}
