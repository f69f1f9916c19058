package org.hyperrl.algos.ppo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** GAE against a hand-computed example with a trial boundary and a time-out bootstrap. */
class GaeTest {

    @Test
    void handComputedExampleWithATrialBoundaryAndATimeOut() {
        double gamma = 0.9;
        double lambda = 0.5;
        // One process, 4 steps. The trial ends after step 1 (done: no bootstrap across it). Step 3 is the last of the
        // rollout and the next trial continues (bootstrap from lastValue). Step 1's trial was cut by a time limit: its
        // caller added gamma * V(final obs) = 0.9 * 2.0 = 1.8 to its reward, so r1 = 1.0 + 1.8.
        double[][] r = {{0.5}, {2.8}, {0.0}, {1.0}};
        double[][] v = {{1.0}, {1.5}, {0.2}, {0.4}};
        boolean[][] done = {{false}, {true}, {false}, {false}};
        double[] last = {3.0};
        double[][][] out = Gae.compute(r, v, done, last, gamma, lambda);

        double d3 = 1.0 + 0.9 * 3.0 - 0.4;           // 3.3
        double a3 = d3;
        double d2 = 0.0 + 0.9 * 0.4 - 0.2;           // 0.16
        double a2 = d2 + 0.9 * 0.5 * a3;             // 1.645
        double d1 = 2.8 - 1.5;                        // done: no next value, no carry
        double a1 = d1;                               // 1.3
        double d0 = 0.5 + 0.9 * 1.5 - 1.0;           // 0.85
        double a0 = d0 + 0.9 * 0.5 * a1;             // 1.435
        double[] expected = {a0, a1, a2, a3};
        for (int t = 0; t < 4; t++) {
            assertEquals(expected[t], out[0][t][0], 1e-12, "advantage " + t);
            assertEquals(expected[t] + v[t][0], out[1][t][0], 1e-12, "return " + t);
        }
        assertEquals(1.435, a0, 1e-12);
        assertEquals(1.645, a2, 1e-12);
    }

    @Test
    void processesAreIndependent() {
        double[][] r = {{1, 0}, {0, 1}};
        double[][] v = {{0, 0}, {0, 0}};
        boolean[][] done = {{false, false}, {false, true}};
        double[][][] out = Gae.compute(r, v, done, new double[]{0, 5}, 1.0, 1.0);
        assertEquals(1.0, out[0][0][0], 1e-12);
        assertEquals(1.0, out[0][0][1], 1e-12, "the done at step 1 stops the bootstrap of 5");
    }
}
