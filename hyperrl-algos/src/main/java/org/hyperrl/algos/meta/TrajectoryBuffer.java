package org.hyperrl.algos.meta;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * VariBAD's VAE buffer: the most recent {@code capacity} complete trials, the oldest replaced first, sampled uniformly
 * without replacement. Its whole content goes into checkpoints ({@link #save}, {@link #restore}) so that a resumed run
 * trains its VAE on exactly the trajectories the uninterrupted run would.
 */
public final class TrajectoryBuffer {
    private final int capacity;
    private final List<Trajectory> items = new ArrayList<>();
    private int next;

    public TrajectoryBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("buffer capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds a trial, replacing the oldest when full. */
    public void add(Trajectory t) {
        if (items.size() < capacity) {
            items.add(t);
        } else {
            items.set(next, t);
        }
        next = (next + 1) % capacity;
    }

    /** Trials held. */
    public int size() {
        return items.size();
    }

    public int capacity() {
        return capacity;
    }

    /** The trial at {@code i} (insertion slot order). */
    public Trajectory get(int i) {
        return items.get(i);
    }

    /** The newest {@code min(n, size)} trials, newest first. */
    public List<Trajectory> newest(int n) {
        List<Trajectory> out = new ArrayList<>();
        int size = items.size();
        for (int k = 1; k <= Math.min(n, size); k++) {
            out.add(items.get(Math.floorMod(next - k, size == capacity ? capacity : size)));
        }
        return out;
    }

    /** {@code min(n, size)} distinct trials drawn uniformly. */
    public List<Trajectory> sample(int n, RandomGenerator rng) {
        int k = Math.min(n, items.size());
        int[] idx = new int[items.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        List<Trajectory> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(idx.length - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
            out.add(items.get(idx[i]));
        }
        return out;
    }

    /** The buffer as named arrays under {@code prefix}: every trial's arrays concatenated, with their lengths. */
    public Map<String, INDArray> save(String prefix) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        int n = items.size();
        long[] header = new long[2 + 2 * n];
        header[0] = next;
        header[1] = n;
        int floats = 0;
        int ints = 0;
        for (int i = 0; i < n; i++) {
            Trajectory t = items.get(i);
            header[2 + 2 * i] = t.length();
            header[3 + 2 * i] = t.task().length;
            floats += t.obs().length + t.actions().length + t.rewards().length + t.nextObs().length + t.goals().length
                    + t.task().length;
            ints += t.cells().length;
        }
        float[] f = new float[Math.max(floats, 1)];
        int[] c = new int[Math.max(ints, 1)];
        int fi = 0;
        int ci = 0;
        for (Trajectory t : items) {
            for (float[] part : new float[][]{t.obs(), t.actions(), t.rewards(), t.nextObs(), t.goals(), t.task()}) {
                System.arraycopy(part, 0, f, fi, part.length);
                fi += part.length;
            }
            System.arraycopy(t.cells(), 0, c, ci, t.cells().length);
            ci += t.cells().length;
        }
        m.put(prefix + "header", Nd4j.createFromArray(header));
        m.put(prefix + "floats", Nd4j.createFromArray(f));
        m.put(prefix + "cells", Nd4j.createFromArray(c));
        return m;
    }

    /**
     * Replaces the content with what {@link #save} wrote.
     *
     * @param obsDim      width of a state
     * @param actionWidth width of an action
     */
    public void restore(Map<String, INDArray> arrays, String prefix, int obsDim, int actionWidth) {
        INDArray h = arrays.get(prefix + "header");
        if (h == null) {
            throw new IllegalArgumentException("checkpoint has no trajectory buffer '" + prefix + "'");
        }
        long[] header = h.toLongVector();
        int n = (int) header[1];
        float[] f = arrays.get(prefix + "floats").toFloatVector();
        int[] c = arrays.get(prefix + "cells").toIntVector();
        items.clear();
        int fi = 0;
        int ci = 0;
        for (int i = 0; i < n; i++) {
            int len = (int) header[2 + 2 * i];
            int taskDim = (int) header[3 + 2 * i];
            float[] obs = java.util.Arrays.copyOfRange(f, fi, fi += len * obsDim);
            float[] act = java.util.Arrays.copyOfRange(f, fi, fi += len * actionWidth);
            float[] rew = java.util.Arrays.copyOfRange(f, fi, fi += len);
            float[] nxt = java.util.Arrays.copyOfRange(f, fi, fi += len * obsDim);
            float[] goals = java.util.Arrays.copyOfRange(f, fi, fi += len);
            float[] task = java.util.Arrays.copyOfRange(f, fi, fi += taskDim);
            int[] cells = java.util.Arrays.copyOfRange(c, ci, ci += len);
            items.add(new Trajectory(len, obs, act, rew, nxt, cells, goals, task));
        }
        if (n > capacity) {
            throw new IllegalArgumentException("checkpoint's buffer holds " + n + " trials, more than the capacity "
                    + capacity);
        }
        next = (int) header[0];
    }
}
