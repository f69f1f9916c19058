package org.hyperrl.algos.maml;

import java.util.Arrays;
import org.hyperrl.core.secondorder.SecondOrderGaussianPolicy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A batch of complete episodes of one task (pytorch-maml-rl's {@code BatchEpisodes}), stored episode after episode:
 * observations, actions, rewards and each step's index within its episode. {@link #process} adds the discounted
 * returns, the advantages (GAE over a {@link LinearFeatureBaseline} fitted to this batch, then normalised) and the
 * sample weights {@code 1 / (episode length x episodes)} of pytorch-maml-rl's per-episode time average.
 */
public final class EpisodeBatch {
    private final double[] task;
    private final double[][] observations;
    private final double[][] actions;
    private final double[] rewards;
    private final int[] lengths;
    private final int[] timeSteps;
    private double[] returns;
    private double[] advantages;
    private double[] weights;

    /**
     * @param task         the task vector (null for an env without one)
     * @param observations one row per step
     * @param actions      one row per step (as sampled, before any clipping by the env)
     * @param rewards      one per step
     * @param lengths      episode lengths, summing to the number of steps
     */
    public EpisodeBatch(double[] task, double[][] observations, double[][] actions, double[] rewards, int[] lengths) {
        int n = observations.length;
        if (actions.length != n || rewards.length != n || Arrays.stream(lengths).sum() != n
                || Arrays.stream(lengths).anyMatch(l -> l < 1)) {
            throw new IllegalArgumentException("episode batch: " + n + " observations, " + actions.length
                    + " actions, " + rewards.length + " rewards and episode lengths " + Arrays.toString(lengths)
                    + " do not agree");
        }
        this.task = task == null ? null : task.clone();
        this.observations = observations;
        this.actions = actions;
        this.rewards = rewards;
        this.lengths = lengths.clone();
        this.timeSteps = new int[n];
        int i = 0;
        for (int len : lengths) {
            for (int t = 0; t < len; t++) {
                timeSteps[i++] = t;
            }
        }
    }

    /** The episodes of several batches of the same task, in order (unprocessed). */
    public static EpisodeBatch concat(java.util.List<EpisodeBatch> parts) {
        int n = parts.stream().mapToInt(EpisodeBatch::size).sum();
        double[][] obs = new double[n][];
        double[][] act = new double[n][];
        double[] rw = new double[n];
        int[] lens = parts.stream().flatMapToInt(b -> Arrays.stream(b.lengths)).toArray();
        int p = 0;
        for (EpisodeBatch b : parts) {
            System.arraycopy(b.observations, 0, obs, p, b.size());
            System.arraycopy(b.actions, 0, act, p, b.size());
            System.arraycopy(b.rewards, 0, rw, p, b.size());
            p += b.size();
        }
        return new EpisodeBatch(parts.get(0).task, obs, act, rw, lens);
    }

    /** Number of steps. */
    public int size() {
        return rewards.length;
    }

    /** Number of episodes. */
    public int episodes() {
        return lengths.length;
    }

    /** Episode lengths. */
    public int[] lengths() {
        return lengths.clone();
    }

    /** The task vector, or null. */
    public double[] task() {
        return task == null ? null : task.clone();
    }

    /** Step {@code i}'s observation (not a copy). */
    public double[] observation(int i) {
        return observations[i];
    }

    /** Step {@code i}'s index within its episode. */
    public int timeStep(int i) {
        return timeSteps[i];
    }

    /** Rewards (a copy). */
    public double[] rewards() {
        return rewards.clone();
    }

    /** Mean undiscounted episode return. */
    public double meanReturn() {
        return Arrays.stream(rewards).sum() / lengths.length;
    }

    /** Discounted returns-to-go within each episode. */
    public static double[] discountedReturns(double[] rewards, int[] lengths, double gamma) {
        double[] out = new double[rewards.length];
        int end = rewards.length;
        for (int e = lengths.length - 1; e >= 0; e--) {
            int start = end - lengths[e];
            double g = 0;
            for (int i = end - 1; i >= start; i--) {
                g = rewards[i] + gamma * g;
                out[i] = g;
            }
            end = start;
        }
        return out;
    }

    /**
     * Generalised advantage estimates with the value after an episode's last step taken as 0 (pytorch-maml-rl, also
     * at time limits).
     */
    public static double[] gae(double[] rewards, double[] values, int[] lengths, double gamma, double lambda) {
        double[] out = new double[rewards.length];
        int end = rewards.length;
        for (int e = lengths.length - 1; e >= 0; e--) {
            int start = end - lengths[e];
            double a = 0;
            for (int i = end - 1; i >= start; i--) {
                double next = i + 1 < end ? values[i + 1] : 0.0;
                double delta = rewards[i] + gamma * next - values[i];
                a = delta + gamma * lambda * a;
                out[i] = a;
            }
            end = start;
        }
        return out;
    }

    /**
     * Computes returns, fits {@code baseline} to them, and sets the normalised GAE advantages and the weights.
     *
     * @return this batch
     */
    public EpisodeBatch process(double gamma, double lambda, LinearFeatureBaseline baseline) {
        returns = discountedReturns(rewards, lengths, gamma);
        weights = new double[size()];
        int i = 0;
        for (int len : lengths) {
            for (int t = 0; t < len; t++) {
                weights[i++] = 1.0 / ((double) len * lengths.length);
            }
        }
        double[] values = baseline.fit(this, returns).predict(this);
        double[] adv = gae(rewards, values, lengths, gamma, lambda);
        double mean = 0;
        for (int k = 0; k < adv.length; k++) {
            mean += weights[k] * adv[k];
        }
        double var = 0;
        for (int k = 0; k < adv.length; k++) {
            var += weights[k] * (adv[k] - mean) * (adv[k] - mean);
        }
        double std = Math.sqrt(var) + 1e-8;
        for (int k = 0; k < adv.length; k++) {
            adv[k] = (adv[k] - mean) / std;
        }
        advantages = adv;
        return this;
    }

    /** Discounted returns-to-go (after {@link #process}). */
    public double[] returns() {
        requireProcessed();
        return returns.clone();
    }

    /** Normalised advantages (after {@link #process}). */
    public double[] advantages() {
        requireProcessed();
        return advantages.clone();
    }

    /** Sample weights (after {@link #process}); they sum to 1. */
    public double[] weights() {
        requireProcessed();
        return weights.clone();
    }

    private void requireProcessed() {
        if (advantages == null) {
            throw new IllegalStateException("call process(gamma, lambda, baseline) first");
        }
    }

    /** The samples as a policy batch in a data type, with the task vector if {@code withTask}. */
    public SecondOrderGaussianPolicy.Batch toBatch(DataType type, boolean withTask) {
        requireProcessed();
        INDArray w = Nd4j.create(weights, new long[]{size(), 1}, DataType.DOUBLE).castTo(type);
        INDArray t = withTask ? Nd4j.create(task, new long[]{1, task.length}, DataType.DOUBLE).castTo(type) : null;
        return new SecondOrderGaussianPolicy.Batch(Nd4j.create(observations).castTo(type),
                Nd4j.create(actions).castTo(type), w, t);
    }

    /** The advantages as a column {@code [n, 1]} in a data type. */
    public INDArray advantageColumn(DataType type) {
        requireProcessed();
        return Nd4j.create(advantages, new long[]{size(), 1}, DataType.DOUBLE).castTo(type);
    }
}
