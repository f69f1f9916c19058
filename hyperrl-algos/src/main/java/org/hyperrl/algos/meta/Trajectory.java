package org.hyperrl.algos.meta;

/**
 * One trial (meta-episode) as the task-inference losses read it: per transition {@code t = 0 .. length - 1} the state
 * {@code s_t}, the action {@code a_t} in network form (one-hot for discrete actions), the raw reward {@code r_t}, the
 * next state {@code s_{t+1}}, and for grid tasks the cell reached and whether it is the goal. Arrays are flat, row
 * {@code t} at {@code t * width}.
 *
 * @param obs     {@code [length * obsDim]} states before each transition
 * @param actions {@code [length * actionWidth]}
 * @param rewards {@code [length]} raw rewards
 * @param nextObs {@code [length * obsDim]}
 * @param cells   {@code [length]} index of the cell reached, or -1 where the env reports none
 * @param goals   {@code [length]} 1 where the cell reached is the goal, else 0
 * @param task    the true task description (empty if the env reveals none)
 */
public record Trajectory(int length, float[] obs, float[] actions, float[] rewards, float[] nextObs, int[] cells,
                         float[] goals, float[] task) {

    public Trajectory {
        if (length <= 0) {
            throw new IllegalArgumentException("a trajectory needs at least one transition, got " + length);
        }
        if (rewards.length != length || cells.length != length || goals.length != length
                || obs.length != nextObs.length || obs.length % length != 0 || actions.length % length != 0) {
            throw new IllegalArgumentException("trajectory arrays do not fit its length " + length);
        }
    }

    /** Width of a state. */
    public int obsDim() {
        return obs.length / length;
    }

    /** Width of an action. */
    public int actionWidth() {
        return actions.length / length;
    }

    /** Collects one trial's transitions as they happen. */
    public static final class Recorder {
        private final int obsDim;
        private final int actionWidth;
        private final FloatList obs = new FloatList();
        private final FloatList actions = new FloatList();
        private final FloatList rewards = new FloatList();
        private final FloatList nextObs = new FloatList();
        private final FloatList goals = new FloatList();
        private int[] cells = new int[64];
        private int length;
        private float[] task = new float[0];

        public Recorder(int obsDim, int actionWidth) {
            this.obsDim = obsDim;
            this.actionWidth = actionWidth;
        }

        /** Starts a new trial on {@code task}. */
        public void clear(float[] trialTask) {
            obs.size = 0;
            actions.size = 0;
            rewards.size = 0;
            nextObs.size = 0;
            goals.size = 0;
            length = 0;
            task = trialTask == null ? new float[0] : trialTask.clone();
        }

        /** Appends one transition. */
        public void add(double[] state, float[] action, double reward, double[] next, int cell, boolean goal) {
            if (state.length != obsDim || next.length != obsDim || action.length != actionWidth) {
                throw new IllegalArgumentException("transition widths do not match the recorder's");
            }
            for (double v : state) {
                obs.add((float) v);
            }
            for (float v : action) {
                actions.add(v);
            }
            rewards.add((float) reward);
            for (double v : next) {
                nextObs.add((float) v);
            }
            goals.add(goal ? 1f : 0f);
            if (length == cells.length) {
                cells = java.util.Arrays.copyOf(cells, 2 * length);
            }
            cells[length++] = cell;
        }

        /** Replaces the recording with {@code t} (a trial under way, restored from a checkpoint). */
        public void load(Trajectory t) {
            clear(t.task());
            for (int j = 0; j < t.length(); j++) {
                double[] s = new double[obsDim];
                double[] n = new double[obsDim];
                for (int k = 0; k < obsDim; k++) {
                    s[k] = t.obs()[j * obsDim + k];
                    n[k] = t.nextObs()[j * obsDim + k];
                }
                add(s, java.util.Arrays.copyOfRange(t.actions(), j * actionWidth, (j + 1) * actionWidth),
                        t.rewards()[j], n, t.cells()[j], t.goals()[j] != 0);
            }
        }

        /** Transitions recorded in the current trial. */
        public int length() {
            return length;
        }

        /** The trial so far as a trajectory. */
        public Trajectory build() {
            return new Trajectory(length, obs.toArray(), actions.toArray(), rewards.toArray(), nextObs.toArray(),
                    java.util.Arrays.copyOf(cells, length), goals.toArray(), task.clone());
        }
    }

    /** A growable float array. */
    private static final class FloatList {
        private float[] data = new float[256];
        private int size;

        void add(float v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, 2 * size);
            }
            data[size++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
