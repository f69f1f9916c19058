package org.hyperrl.core.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Head-level properties of the hypernetwork initialisations (graph-level ones are in HypernetworkInitTest). */
class HyperInitsTest {
    private static final BaseLayerShape LAYER = new BaseLayerShape(0, 2, 32, 16, true, false, LayerInits.NORMC, Gains.RELU);

    @Test
    void biasHyperInitPutsOneBaseSampleInTheHeadBiases() {
        HeadInit h = HyperInits.BIAS_HYPERINIT.init(LAYER, 8, 1.0, new SplittableRandom(11));
        DenseInit expected = LayerInits.NORMC.sample(32, 16, Gains.RELU, new SplittableRandom(11));
        assertArrayEquals(expected.weight(), h.weightHead().bias());
        assertArrayEquals(expected.bias(), h.biasHead().bias());
        assertTrue(java.util.Arrays.stream(h.weightHead().weight()).allMatch(w -> w == 0.0));
        assertTrue(java.util.Arrays.stream(h.biasHead().weight()).allMatch(w -> w == 0.0));
    }

    @Test
    void weightHyperInitRowsAreIndependentBaseSamples() {
        int dk = 5;
        HeadInit h = HyperInits.WEIGHT_HYPERINIT.init(LAYER, dk, 1.0, new SplittableRandom(12));
        SplittableRandom replay = new SplittableRandom(12);
        int n = 32 * 16;
        for (int j = 0; j < dk; j++) {
            DenseInit sample = LayerInits.NORMC.sample(32, 16, Gains.RELU, replay);
            double[] row = java.util.Arrays.copyOfRange(h.weightHead().weight(), j * n, (j + 1) * n);
            assertArrayEquals(sample.weight(), row, "row " + j);
        }
        assertTrue(java.util.Arrays.stream(h.weightHead().bias()).allMatch(w -> w == 0.0));
    }

    /** Variance over unit-normal head inputs of the generated weights and biases. */
    private static double[] generatedVariance(HeadInit h, int dk, int samples, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int nw = h.weightHead().out();
        int nb = h.biasHead().out();
        double sw = 0;
        double sb = 0;
        double[] e = new double[dk];
        for (int s = 0; s < samples; s++) {
            for (int k = 0; k < dk; k++) {
                e[k] = r.nextGaussian();
            }
            for (int j = 0; j < nw; j++) {
                double v = h.weightHead().bias()[j];
                for (int k = 0; k < dk; k++) {
                    v += e[k] * h.weightHead().w(k, j);
                }
                sw += v * v;
            }
            for (int j = 0; j < nb; j++) {
                double v = h.biasHead().bias()[j];
                for (int k = 0; k < dk; k++) {
                    v += e[k] * h.biasHead().w(k, j);
                }
                sb += v * v;
            }
        }
        return new double[]{sw / ((double) samples * nw), sb / ((double) samples * nb)};
    }

    @Test
    void hyperfanInMatchesItsVarianceFormula() {
        int dk = 64;
        HeadInit h = HyperInits.HYPERFAN_IN.init(LAYER, dk, 1.0, new SplittableRandom(13));
        double[] v = generatedVariance(h, dk, 2000, 14);
        double c = 2.0; // g^2 for ReLU
        // Var(W) = c / (c_bias d_in) = 2 / (2 * 32); Var(b) = c / 2. Tolerance 5%: the estimate averages
        // 512 (16) generated entries over 2000 unit-normal inputs; its relative standard error is below 1% (4%).
        assertEquals(c / (2.0 * 32), v[0], 0.05 * c / 64, "weight variance");
        assertEquals(c / 2.0, v[1], 0.08 * c / 2.0, "bias variance");
    }

    @Test
    void hyperfanOutMatchesItsVarianceFormula() {
        int dk = 64;
        BaseLayerShape up = new BaseLayerShape(0, 2, 8, 32, true, false, LayerInits.NORMC, Gains.TANH);
        HeadInit h = HyperInits.HYPERFAN_OUT.init(up, dk, 1.0, new SplittableRandom(15));
        double[] v = generatedVariance(h, dk, 2000, 16);
        double c = Gains.TANH * Gains.TANH;
        assertEquals(c / 32, v[0], 0.05 * c / 32, "weight variance");
        assertEquals(c * (1 - 8.0 / 32), v[1], 0.08 * c * (1 - 8.0 / 32), "bias variance");
    }

    @Test
    void hyperfanAccountsForInputVariance() {
        int dk = 64;
        HeadInit h = HyperInits.HYPERFAN_IN.init(LAYER, dk, 4.0, new SplittableRandom(17));
        // Head weights shrink by 1/Var_in so that inputs of variance 4 give the same generated variance.
        double sq = 0;
        for (double w : h.weightHead().weight()) {
            sq += w * w;
        }
        double headVar = sq / h.weightHead().weight().length;
        assertEquals(2.0 / (2.0 * 32 * dk * 4.0), headVar, 0.02 * 2.0 / (2.0 * 32 * dk * 4.0));
    }

    /** Stands for a config record that holds an initialisation. */
    private record Holder(HyperInit headInit) { }

    @Test
    void everySchemePrintsTheNameByNameAccepts() {
        for (HyperInit init : HyperInits.all()) {
            assertSame(init, HyperInits.byName(init.toString()), init.toString());
            assertEquals(init.name(), init.toString());
        }
        assertEquals("naive_zeros", HyperInits.naive(LayerInits.ZEROS).toString());
        assertEquals("sarafian(0.1,0.01)", HyperInits.sarafian(0.1, 0.01).toString());
        assertEquals("Holder[headInit=hfi]", new Holder(HyperInits.byName("hfi")).toString());
    }

    @Test
    void sarafianHeadsAreUniformWithLayerSigma() {
        BaseLayerShape first = new BaseLayerShape(0, 2, 6, 16, true, true, LayerInits.TORCH_DEFAULT, 1.0);
        BaseLayerShape last = new BaseLayerShape(1, 2, 16, 1, true, true, LayerInits.TORCH_DEFAULT, 1.0);
        HeadInit a = HyperInits.SARAFIAN.init(first, 32, 1.0, new SplittableRandom(1));
        HeadInit b = HyperInits.SARAFIAN.init(last, 32, 1.0, new SplittableRandom(1));
        assertTrue(maxAbs(a.weightHead().weight()) <= 0.05 && maxAbs(a.weightHead().weight()) > 0.045);
        assertTrue(maxAbs(a.gainHead().weight()) <= 0.05);
        assertTrue(maxAbs(b.weightHead().weight()) <= 0.008 && maxAbs(b.biasHead().weight()) <= 0.008);
        assertEquals(0.0, maxAbs(a.weightHead().bias()));
        assertEquals(0.0, maxAbs(a.gainHead().bias()));
    }

    @Test
    void bothHalvesEachPart() {
        HeadInit h = HyperInits.BOTH_HYPERINIT.init(LAYER, 3, 1.0, new SplittableRandom(21));
        SplittableRandom replay = new SplittableRandom(21);
        DenseInit row0 = LayerInits.NORMC.sample(32, 16, Gains.RELU, replay);
        assertEquals(0.5 * row0.weight()[7], h.weightHead().w(0, 7), 1e-15);
        LayerInits.NORMC.sample(32, 16, Gains.RELU, replay);
        LayerInits.NORMC.sample(32, 16, Gains.RELU, replay);
        DenseInit biasSample = LayerInits.NORMC.sample(32, 16, Gains.RELU, replay);
        assertEquals(0.5 * biasSample.weight()[7], h.weightHead().bias()[7], 1e-15);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
