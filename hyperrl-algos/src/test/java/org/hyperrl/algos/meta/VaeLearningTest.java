package org.hyperrl.algos.meta;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.core.inference.TrajectoryEncoder;
import org.hyperrl.core.nn.Parameters;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The VAE alone learns to infer a grid goal: trials of a scripted agent on a 3x3 grid (a fixed 12-step tour through
 * every cell, so that every cell's head is scored in every trial), goal uniform over the 5 cells outside the 2x2 start
 * block. After 800 updates on such trials (batches of 25, GRU 64, Adam 3e-3, KL weight 0.1: the grid preset's 1e-3
 * and 1.0 learn the same, more slowly: 73% after 800 updates with KL 1 and Adam 3e-3, 58% after 1500 with the preset),
 * the posterior mean at the end of a fresh trial, decoded, must put the goal's cell first in at least 90% of trials
 * (chance: 20%; 100 of 100 when written).
 */
class VaeLearningTest {
    private static final int[][] TOUR = {{1, 0}, {2, 0}, {2, 1}, {1, 1}, {0, 1}, {0, 2}, {1, 2}, {2, 2}, {2, 1},
            {2, 0}, {1, 0}, {0, 0}};
    private static final int[] GOALS = {2, 5, 6, 7, 8};

    static Trajectory scripted(int goal) {
        Trajectory.Recorder r = new Trajectory.Recorder(2, 5);
        r.clear(new float[]{goal % 3, goal / 3});
        double[] s = {0, 0};
        for (int[] step : TOUR) {
            double[] next = {step[0], step[1]};
            int cell = (int) (next[0] + 3 * next[1]);
            boolean onGoal = cell == goal;
            float[] a = new float[5];
            a[0] = 1f;
            r.add(s, a, onGoal ? 1.0 : -0.1, next, cell, onGoal);
            s = next;
        }
        return r.build();
    }

    @Test
    void posteriorAfterATrialIdentifiesTheGoal() {
        InferenceConfig c = Configs.with(InferenceConfig.grid(), Map.of("gruSize", 64, "klWeight", 0.1, "lr", 3e-3));
        Parameters ps = new Parameters(DataType.FLOAT, 3);
        TrajectoryEncoder enc = new TrajectoryEncoder(ps, "vae/encoder", Vae.GROUP, 2, 5, c.encoderSizes());
        Vae vae = new Vae(ps, enc, c, 2, 5, 9, 0);
        SplittableRandom rng = new SplittableRandom(4);
        TrajectoryBuffer buffer = new TrajectoryBuffer(1000);
        for (int i = 0; i < 500; i++) {
            buffer.add(scripted(GOALS[rng.nextInt(GOALS.length)]));
        }
        Vae.Terms first = null;
        Vae.Terms last = null;
        for (int u = 0; u < 800; u++) {
            last = vae.update(buffer, rng, 0);
            if (first == null) {
                first = last;
            }
        }
        int right = 0;
        int n = 100;
        for (int i = 0; i < n; i++) {
            int goal = GOALS[rng.nextInt(GOALS.length)];
            Trajectory t = scripted(goal);
            INDArray mean = finalMean(enc, t);
            double[] logits = vae.cellDecoder().forward(mean).toDoubleVector();
            int best = 0;
            for (int k = 1; k < logits.length; k++) {
                if (logits[k] > logits[best]) {
                    best = k;
                }
            }
            right += best == goal ? 1 : 0;
        }
        System.out.printf("VAE on scripted 3x3 trials: ELBO loss %.1f -> %.1f (KL %.2f), goal identified in %d of %d%n",
                first.loss(), last.loss(), last.kl(), right, n);
        assertTrue(right >= 90, "goal identified in " + right + " of " + n);
    }

    /**
     * TI Naive's task inference alone learns to predict the task description (the goal's coordinates) on the same
     * scripted trials: after 800 updates (the paper's linear task decoder, information bottleneck weight 0.1, Adam
     * 3e-3), the prediction from the posterior mean at the end of a fresh trial must have a mean squared error (summed
     * over x and y) below 0.1, against 0.8 for always predicting the mean goal.
     */
    @Test
    void taskInferencePredictsTheGoalCoordinates() {
        InferenceConfig c = Configs.with(InferenceConfig.taskInference(InferenceConfig.grid()), Map.of("gruSize", 64,
                "klWeight", 0.1, "lr", 3e-3));
        Parameters ps = new Parameters(DataType.FLOAT, 5);
        TrajectoryEncoder enc = new TrajectoryEncoder(ps, "vae/encoder", Vae.GROUP, 2, 5, c.encoderSizes());
        Vae vae = new Vae(ps, enc, c, 2, 5, 0, 2);
        SplittableRandom rng = new SplittableRandom(6);
        TrajectoryBuffer buffer = new TrajectoryBuffer(1000);
        for (int i = 0; i < 500; i++) {
            buffer.add(scripted(GOALS[rng.nextInt(GOALS.length)]));
        }
        for (int u = 0; u < 800; u++) {
            vae.update(buffer, rng, 0);
        }
        double se = 0;
        int n = 100;
        for (int i = 0; i < n; i++) {
            int goal = GOALS[rng.nextInt(GOALS.length)];
            Trajectory t = scripted(goal);
            INDArray mean = finalMean(enc, t);
            double[] pred = vae.taskDecoder().forward(mean).toDoubleVector();
            se += Math.pow(pred[0] - goal % 3, 2) + Math.pow(pred[1] - goal / 3, 2);
        }
        double mse = se / n;
        System.out.printf("TI task inference on scripted 3x3 trials: end-of-trial task MSE %.3f%n", mse);
        assertTrue(mse < 0.1, "task MSE " + mse);
    }

    /** The posterior mean {@code [1, L]} after every transition of {@code t}, stepping the encoder as an agent does. */
    private static INDArray finalMean(TrajectoryEncoder enc, Trajectory t) {
        INDArray h = enc.zeroState(1);
        for (int j = 0; j < t.length(); j++) {
            h = enc.step(Map.of(TrajectoryEncoder.ACTION, Nd4j.create(new float[][]{
                    java.util.Arrays.copyOfRange(t.actions(), 5 * j, 5 * j + 5)}),
                    TrajectoryEncoder.REWARD, Nd4j.create(new float[][]{{t.rewards()[j]}}),
                    TrajectoryEncoder.NEXT_OBS, Nd4j.create(new float[][]{
                    java.util.Arrays.copyOfRange(t.nextObs(), 2 * j, 2 * j + 2)})), h);
        }
        return enc.posterior(h).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, enc.latentDim()));
    }
}
