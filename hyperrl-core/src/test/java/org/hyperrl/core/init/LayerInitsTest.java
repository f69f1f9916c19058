package org.hyperrl.core.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LayerInitsTest {

    @Test
    void normcRowsHaveRequestedNorm() {
        DenseInit d = LayerInits.NORMC.sample(37, 11, Gains.TANH, new SplittableRandom(1));
        for (int j = 0; j < 11; j++) {
            double sq = 0;
            for (int i = 0; i < 37; i++) {
                sq += d.w(i, j) * d.w(i, j);
            }
            assertEquals(Gains.TANH, Math.sqrt(sq), 1e-12, "output unit " + j);
        }
        for (double b : d.bias()) {
            assertEquals(0.0, b);
        }
    }

    @Test
    void orthogonalIsSemiOrthogonalTimesGain() {
        for (int[] s : new int[][]{{20, 7}, {7, 20}, {9, 9}}) {
            int in = s[0];
            int out = s[1];
            double g = 1.7;
            DenseInit d = LayerInits.ORTHOGONAL.sample(in, out, g, new SplittableRandom(3));
            // Gram matrix over the shorter dimension must be g^2 I.
            int n = Math.min(in, out);
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double dot = 0;
                    for (int k = 0; k < Math.max(in, out); k++) {
                        dot += in >= out ? d.w(k, a) * d.w(k, b) : d.w(a, k) * d.w(b, k);
                    }
                    assertEquals(a == b ? g * g : 0.0, dot, 1e-9, in + "x" + out + " gram[" + a + "," + b + "]");
                }
            }
        }
    }

    @Test
    void kaimingUniformBoundsAndVariance() {
        int in = 400;
        int out = 300;
        double g = Gains.RELU;
        DenseInit d = LayerInits.KAIMING_UNIFORM.sample(in, out, g, new SplittableRandom(5));
        double bound = g * Math.sqrt(3.0 / in);
        double sq = 0;
        for (double w : d.weight()) {
            assertTrue(Math.abs(w) <= bound);
            sq += w * w;
        }
        double var = sq / d.weight().length;
        // Var = g^2 / fan_in; 120000 samples: relative standard error of the variance of U is ~0.26%.
        assertEquals(g * g / in, var, 0.02 * g * g / in);
    }

    @Test
    void torchDefaultBoundsWeightsAndBiases() {
        DenseInit d = LayerInits.TORCH_DEFAULT.sample(64, 32, 99.0, new SplittableRandom(7));
        double bound = 1.0 / Math.sqrt(64);
        double maxB = 0;
        for (double w : d.weight()) {
            assertTrue(Math.abs(w) <= bound);
        }
        for (double b : d.bias()) {
            assertTrue(Math.abs(b) <= bound);
            maxB = Math.max(maxB, Math.abs(b));
        }
        assertTrue(maxB > 0, "biases are drawn, not zero");
    }

    @Test
    void sarafianPrimaryUsesQuarterKaimingBound() {
        DenseInit d = LayerInits.SARAFIAN_PRIMARY.sample(100, 50, LayerInits.SARAFIAN_PRIMARY_GAIN, new SplittableRandom(2));
        double bound = 1.0 / (2.0 * Math.sqrt(100));
        double max = 0;
        for (double w : d.weight()) {
            max = Math.max(max, Math.abs(w));
        }
        assertTrue(max <= bound + 1e-15 && max > 0.95 * bound, "max |w| " + max + " vs bound " + bound);
    }

    @Test
    void sameSeedSameValues() {
        for (LayerInit init : LayerInits.all()) {
            assertEquals(init.sample(5, 4, 1.0, new SplittableRandom(9)), init.sample(5, 4, 1.0, new SplittableRandom(9)),
                    init.name());
        }
    }

    @Test
    void everySchemePrintsTheNameByNameAccepts() {
        for (LayerInit init : LayerInits.all()) {
            assertSame(init, LayerInits.byName(init.toString()), init.toString());
            assertEquals(init.name(), init.toString());
        }
    }

    @Test
    void unknownNameIsRejectedWithTheValidNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerInits.byName("glorot"));
        assertTrue(e.getMessage().contains("glorot") && e.getMessage().contains("xavier_uniform"), e.getMessage());
        assertEquals(LayerInits.KAIMING_UNIFORM, LayerInits.byName("Kaiming-Uniform"));
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> HyperInits.byName("hyperfan"));
        assertTrue(h.getMessage().contains("hfi"), h.getMessage());
        assertEquals("naive_normc", HyperInits.byName("naive-normc").name());
    }

    @Test
    void userInitsRegisterAndAreSelectedByName() {
        LayerInit halves = new LayerInit() {
            @Override
            public DenseInit sample(int in, int out, double gain, java.util.random.RandomGenerator rng) {
                double[] w = new double[in * out];
                java.util.Arrays.fill(w, 0.5 * gain);
                return new DenseInit(in, out, w, new double[out]);
            }

            @Override
            public String name() {
                return "test_halves";
            }

            @Override
            public String toString() {
                return name();
            }
        };
        LayerInits.register(halves);
        assertSame(halves, LayerInits.byName("test-halves"));
        assertTrue(LayerInits.all().contains(halves));
        assertEquals("naive_test_halves", HyperInits.byName("naive_test_halves").name());
        assertThrows(IllegalArgumentException.class, () -> LayerInits.register(halves), "a name is registered once");
        assertThrows(IllegalArgumentException.class, () -> HyperInits.register(HyperInits.naive(LayerInits.NORMC)),
                "naive_ names belong to the naive family");
    }
}
