package org.hyperrl.algos.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.core.inference.TrajectoryEncoder;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * VariBAD's ELBO ({@link Vae}) against hand computations in double precision: the KL between consecutive diagonal
 * Gaussian posteriors (closed form, the prior against N(0, I)), the multi-head Bernoulli decoder's cross-entropy at the
 * cells reached, subsampled ELBO terms, padding of trials of different lengths, the prior at t = 0, and the gradients
 * of the encoder and decoders against central finite differences.
 */
class VaeTest {
    private static final int OBS = 3;
    private static final int ACTIONS = 5;
    private static final int CELLS = 9;

    private static InferenceConfig cellsConfig(int subsample) {
        return Configs.with(InferenceConfig.grid(), Map.of("latentDim", 2, "stateEmbed", 4, "rewardEmbed", 3,
                "gruSize", 6, "decoderHidden", new int[]{5}, "elboSubsample", subsample, "klWeight", 0.7));
    }

    private static InferenceConfig mseConfig() {
        return Configs.with(InferenceConfig.mujoco(), Map.of("latentDim", 2, "stateEmbed", 4, "actionEmbed", 2,
                "rewardEmbed", 3, "gruSize", 6, "decoderHidden", new int[]{5}, "elboSubsample", 3,
                "stateDecoder", true));
    }

    private record Setup(Parameters ps, TrajectoryEncoder encoder, Vae vae) {
    }

    private static Setup setup(InferenceConfig c, long seed) {
        Parameters ps = new Parameters(DataType.DOUBLE, seed);
        TrajectoryEncoder enc = new TrajectoryEncoder(ps, "vae/encoder", Vae.GROUP, OBS, ACTIONS, c.encoderSizes());
        int cells = c.rewardDecoder().equals(InferenceConfig.CELLS) ? CELLS : 0;
        return new Setup(ps, enc, new Vae(ps, enc, c, OBS, ACTIONS, cells, 2));
    }

    /** A random trial of {@code length} transitions on 9 cells. */
    static Trajectory trial(int length, SplittableRandom rng) {
        Trajectory.Recorder r = new Trajectory.Recorder(OBS, ACTIONS);
        r.clear(new float[]{1f, 2f});
        double[] s = {0, 0, 0};
        for (int t = 0; t < length; t++) {
            float[] a = new float[ACTIONS];
            a[rng.nextInt(ACTIONS)] = 1f;
            double[] next = {rng.nextInt(3), rng.nextInt(3), t == length - 1 ? 1 : 0};
            int cell = (int) (next[0] + 3 * next[1]);
            boolean goal = cell == 4;
            r.add(s, a, goal ? 1.0 : -0.1 + 0.05 * rng.nextGaussian(), next, cell, goal);
            s = next;
        }
        return r.build();
    }

    private static List<Trajectory> trials(int... lengths) {
        SplittableRandom rng = new SplittableRandom(11);
        List<Trajectory> out = new ArrayList<>();
        for (int len : lengths) {
            out.add(trial(len, rng));
        }
        return out;
    }

    /** The posteriors (mean, log-variance) q_0 .. q_T of one trial, encoded alone. */
    private static double[][] posteriors(TrajectoryEncoder enc, Trajectory tr) {
        int n = tr.length();
        Map<String, INDArray> in = new HashMap<>();
        in.put(TrajectoryEncoder.ACTION, Nd4j.create(tr.actions(), new long[]{n, ACTIONS}, 'c').castTo(DataType.DOUBLE));
        in.put(TrajectoryEncoder.REWARD, Nd4j.create(tr.rewards(), new long[]{n, 1}, 'c').castTo(DataType.DOUBLE));
        in.put(TrajectoryEncoder.NEXT_OBS, Nd4j.create(tr.nextObs(), new long[]{n, OBS}, 'c').castTo(DataType.DOUBLE));
        INDArray h = enc.encode(in, n, enc.zeroState(1)).output();
        double[][] out = new double[n + 1][];
        out[0] = enc.prior(1).toDoubleVector();
        double[][] post = enc.posterior(h).toDoubleMatrix();
        System.arraycopy(post, 0, out, 1, n);
        return out;
    }

    /** KL(N(m1, exp(lv1)) || N(m0, exp(lv0))) summed over dimensions, the textbook closed form. */
    private static double kl(double[] q1, double[] q0, int latent) {
        double sum = 0;
        for (int k = 0; k < latent; k++) {
            double s1 = Math.exp(0.5 * q1[latent + k]);
            double s0 = Math.exp(0.5 * q0[latent + k]);
            double dm = q1[k] - q0[k];
            sum += Math.log(s0 / s1) + (s1 * s1 + dm * dm) / (2 * s0 * s0) - 0.5;
        }
        return sum;
    }

    @Test
    void priorIsThePosteriorHeadAtTheZeroState() {
        Setup s = setup(cellsConfig(0), 1);
        assertArrayEquals(s.encoder().head().bias().value().toDoubleVector(), s.encoder().prior(1).toDoubleVector(),
                0.0);
    }

    @Test
    void klIsTheSumOverStepsOfTheClosedFormAgainstThePreviousPosterior() {
        InferenceConfig c = cellsConfig(0);
        Setup s = setup(c, 2);
        List<Trajectory> batch = trials(4, 2, 3);
        Vae.Terms terms = s.vae().batch(batch, new SplittableRandom(3)).evaluate();
        double expected = 0;
        double[] standard = new double[2 * c.latentDim()];
        for (Trajectory tr : batch) {
            double[][] q = posteriors(s.encoder(), tr);
            expected += kl(q[0], standard, c.latentDim());
            for (int t = 1; t < q.length; t++) {
                expected += kl(q[t], q[t - 1], c.latentDim());
            }
        }
        expected /= batch.size();
        assertEquals(expected, terms.kl(), 1e-10, "mean over trials of the summed KL (padding excluded)");
        assertEquals(terms.reconstruction() + 0.7 * terms.kl(), terms.loss(), 1e-10);
    }

    /**
     * The reconstruction term by hand: for every ELBO term t (drawn as the batch draws them) z = mu_t + sigma_t * eps,
     * and every transition j of the trial scores -log p at the cell it reached (goal or not).
     */
    private static double cellsReconstruction(Setup s, List<Trajectory> batch, int subsample, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int latent = s.encoder().latentDim();
        List<int[]> terms = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            int len = batch.get(i).length();
            if (subsample == 0) {
                for (int t = 0; t <= len; t++) {
                    terms.add(new int[]{i, t});
                }
            } else {
                for (int k = 0; k < subsample; k++) {
                    terms.add(new int[]{i, rng.nextInt(len + 1)});
                }
            }
        }
        double total = 0;
        List<double[]> eps = new ArrayList<>();
        for (int k = 0; k < terms.size(); k++) {
            double[] e = new double[latent];
            for (int d = 0; d < latent; d++) {
                e[d] = (float) rng.nextGaussian();
            }
            eps.add(e);
        }
        for (int k = 0; k < terms.size(); k++) {
            Trajectory tr = batch.get(terms.get(k)[0]);
            double[] q = posteriors(s.encoder(), tr)[terms.get(k)[1]];
            double[] z = new double[latent];
            for (int d = 0; d < latent; d++) {
                z[d] = q[d] + Math.exp(0.5 * q[latent + d]) * eps.get(k)[d];
            }
            double[] logits = s.vae().cellDecoder().forward(Nd4j.createFromArray(new double[][]{z})).toDoubleVector();
            for (int j = 0; j < tr.length(); j++) {
                double p = 1 / (1 + Math.exp(-logits[tr.cells()[j]]));
                double y = tr.goals()[j];
                total += -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
            }
        }
        return total / batch.size();
    }

    @Test
    void cellDecoderLossIsTheBinaryCrossEntropyAtTheCellsReachedFromEveryElboTerm() {
        Setup s = setup(cellsConfig(0), 4);
        List<Trajectory> batch = trials(4, 2, 3);
        double recon = s.vae().batch(batch, new SplittableRandom(5)).evaluate().reconstruction();
        assertEquals(cellsReconstruction(s, batch, 0, 5), recon, 1e-9);
    }

    @Test
    void subsampledElboTermsAreDrawnUniformlyAndDecodedTheSameWay() {
        Setup s = setup(cellsConfig(3), 6);
        List<Trajectory> batch = trials(4, 2);
        Vae.Batch b = s.vae().batch(batch, new SplittableRandom(7));
        assertEquals(6, b.selectedRows().length, "3 terms per trial");
        assertEquals(cellsReconstruction(s, batch, 3, 7), b.evaluate().reconstruction(), 1e-9);
        // frequencies of t in [0, 4] for the first trial (rows t * 2 + 0): uniform within 5 standard errors
        int[] counts = new int[5];
        SplittableRandom rng = new SplittableRandom(8);
        int draws = 0;
        for (int n = 0; n < 2000; n++) {
            for (int row : s.vae().batch(batch, rng).selectedRows()) {
                if (row % 2 == 0) {
                    counts[row / 2]++;
                    draws++;
                }
            }
        }
        double p = 1.0 / 5;
        double se = Math.sqrt(draws * p * (1 - p));
        for (int t = 0; t < 5; t++) {
            assertEquals(draws * p, counts[t], 5 * se, "term " + t + " of " + java.util.Arrays.toString(counts));
        }
    }

    private static void checkGradients(Setup s, List<Trajectory> batch) {
        Vae.Batch b = s.vae().batch(batch, new SplittableRandom(9));
        List<Parameter> params = s.vae().optimiser().parameters();
        Graph.Gradients g = b.gradients(params);
        double h = 1e-6;
        int checked = 0;
        for (Parameter p : params) {
            INDArray v = p.value();
            long n = v.length();
            for (long i = 0; i < n; i += Math.max(1, n / 4)) {
                double old = v.getDouble(i);
                v.putScalar(i, old + h);
                double up = b.evaluate().loss();
                v.putScalar(i, old - h);
                double down = b.evaluate().loss();
                v.putScalar(i, old);
                double numeric = (up - down) / (2 * h);
                double analytic = g.of(p).getDouble(i);
                assertEquals(numeric, analytic, 1e-5 * Math.max(1, Math.abs(numeric)), p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked > 30, "checked " + checked);
        assertNotEquals(0.0, g.of(params.get(0)).norm2Number().doubleValue(), "the first embedding gets a gradient");
    }

    @Test
    void gradientsOfEncoderAndCellDecoderMatchFiniteDifferences() {
        checkGradients(setup(cellsConfig(2), 10), trials(4, 2, 3));
    }

    @Test
    void gradientsOfEncoderAndRewardAndStateDecodersMatchFiniteDifferences() {
        checkGradients(setup(mseConfig(), 12), trials(3, 4));
    }

    private static InferenceConfig taskConfig(int[] hidden) {
        return Configs.with(InferenceConfig.taskInference(cellsConfig(0)), Map.of("taskDecoderHidden", hidden));
    }

    /**
     * TI Naive's loss by hand: every posterior against N(0, I) (the information bottleneck), and the squared error of
     * the linear task decoder P^c(z_t) against the trial's task description for every term t.
     */
    @Test
    void taskInferenceLossIsTheTaskErrorPlusTheKlOfEveryPosteriorToTheStandardNormal() {
        InferenceConfig c = taskConfig(new int[0]);
        Setup s = setup(c, 13);
        List<Trajectory> batch = trials(3, 2);
        Vae.Terms terms = s.vae().batch(batch, new SplittableRandom(14)).evaluate();
        int latent = c.latentDim();
        double[] standard = new double[2 * latent];
        double kl = 0;
        double err = 0;
        SplittableRandom rng = new SplittableRandom(14);
        List<double[]> eps = new ArrayList<>();
        for (Trajectory tr : batch) {
            for (int t = 0; t <= tr.length(); t++) {
                double[] e = new double[latent];
                for (int d = 0; d < latent; d++) {
                    e[d] = (float) rng.nextGaussian();
                }
                eps.add(e);
            }
        }
        List<Parameter> dec = s.ps().all().stream().filter(p -> p.name().startsWith("vae/task_decoder/")).toList();
        assertEquals(2, dec.size(), "one linear layer: " + dec);
        Parameter w = dec.get(0);
        Parameter b = dec.get(1);
        int k = 0;
        for (Trajectory tr : batch) {
            double[][] q = posteriors(s.encoder(), tr);
            for (double[] qt : q) {
                kl += kl(qt, standard, latent);
                double[] z = new double[latent];
                for (int d = 0; d < latent; d++) {
                    z[d] = qt[d] + Math.exp(0.5 * qt[latent + d]) * eps.get(k)[d];
                }
                k++;
                double[] pred = Nd4j.createFromArray(new double[][]{z}).mmul(w.value()).addRowVector(b.value())
                        .toDoubleVector();
                for (int i = 0; i < pred.length; i++) {
                    err += (pred[i] - tr.task()[i]) * (pred[i] - tr.task()[i]);
                }
            }
        }
        assertEquals(kl / batch.size(), terms.kl(), 1e-10, "KL of every posterior, the prior included, to N(0, I)");
        assertEquals(err / batch.size(), terms.reconstruction(), 1e-9, "squared task error of every term");
    }

    @Test
    void gradientsOfEncoderAndTaskDecodersMatchFiniteDifferences() {
        checkGradients(setup(taskConfig(new int[0]), 15), trials(4, 2));
        checkGradients(setup(Configs.with(taskConfig(new int[]{4, 3}), Map.of("rewardDecoder", "cells",
                "elboSubsample", 2)), 16), trials(3, 3));
    }

    @Test
    void taskPredictionOnAnEnvWithoutATaskIsRefusedWithTheFix() {
        InferenceConfig c = taskConfig(new int[0]);
        Parameters ps = new Parameters(DataType.DOUBLE, 1);
        TrajectoryEncoder enc = new TrajectoryEncoder(ps, "vae/encoder", Vae.GROUP, OBS, ACTIONS, c.encoderSizes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Vae(ps, enc, c, OBS, ACTIONS, CELLS, 0));
        assertTrue(e.getMessage().contains("reveals it at reset"), e.getMessage());
    }

    @Test
    void cellsDecoderOnAnEnvWithoutCellsIsRefusedWithTheFix() {
        InferenceConfig c = cellsConfig(0);
        Parameters ps = new Parameters(DataType.DOUBLE, 1);
        TrajectoryEncoder enc = new TrajectoryEncoder(ps, "vae/encoder", Vae.GROUP, OBS, ACTIONS, c.encoderSizes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Vae(ps, enc, c, OBS, ACTIONS, 0, 2));
        assertTrue(e.getMessage().contains("rewardDecoder=mse"), e.getMessage());
    }

    @Test
    void bufferKeepsTheNewestTrialsAndRoundTripsThroughArrays() {
        TrajectoryBuffer buf = new TrajectoryBuffer(3);
        List<Trajectory> ts = trials(2, 3, 4, 1, 5);
        ts.forEach(buf::add);
        assertEquals(3, buf.size());
        assertEquals(5, buf.get(1).length(), "slot 1 now holds the fifth trial");
        assertEquals(List.of(5, 1, 4), buf.newest(5).stream().map(Trajectory::length).toList(), "newest first");
        TrajectoryBuffer copy = new TrajectoryBuffer(3);
        copy.restore(buf.save("b/"), "b/", OBS, ACTIONS);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(buf.get(i).nextObs(), copy.get(i).nextObs());
            assertArrayEquals(buf.get(i).cells(), copy.get(i).cells());
            assertArrayEquals(buf.get(i).task(), copy.get(i).task());
        }
        copy.add(ts.get(0));
        buf.add(ts.get(0));
        assertEquals(buf.get(2).length(), copy.get(2).length(), "the replacement slot is restored too");
    }
}
