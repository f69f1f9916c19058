package org.hyperrl.core.critic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.optim.AdamOptimizer;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An SA-Hyper critic learns a synthetic state-dependent Q-function from fresh minibatches. */
class HyperCriticLearningTest {

    @Test
    void saHyperFitsASyntheticQFunctionFarBetterThanTheMean() {
        SyntheticQFunction task = new SyntheticQFunction(6, 2, 5);
        Parameters ps = new Parameters(DataType.FLOAT, 3);
        QNetwork critic = Critics.create(CriticType.SA_HYPER, ps, "q", "critic", 6, 2,
                CriticConfig.small().withPrimary(CriticConfig.paper().primary().withWidths(1, 64, 64)));
        Graph g = new Graph(ps);
        SDVariable err = critic.q(g, g.input("s", 6), g.input("a", 2)).sub(g.input("y", 1));
        g.setLoss(err.mul(err).mean());
        AdamOptimizer adam = new AdamOptimizer(critic.parameters(), 1e-3, 0);
        SplittableRandom r = new SplittableRandom(7);
        int steps = 600;
        for (int t = 0; t < steps; t++) {
            adam.minimise(g, task.batch(r, 64, DataType.FLOAT));
        }
        // Held-out: MSE of the critic vs the variance of the targets (the MSE of predicting their mean).
        Map<String, INDArray> test = task.batch(new SplittableRandom(99), 1000, DataType.FLOAT);
        double variance = test.get("y").varNumber().doubleValue();
        double mse = g.run(test, g.loss()).getDouble(0);
        assertTrue(mse < 0.1 * variance, "held-out MSE " + mse + " vs target variance " + variance
                + " after " + steps + " steps");
    }
}
