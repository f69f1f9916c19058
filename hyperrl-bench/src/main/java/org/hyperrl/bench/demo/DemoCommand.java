package org.hyperrl.bench.demo;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.hyperrl.core.critic.CriticConfig;
import org.hyperrl.core.critic.CriticType;
import org.hyperrl.core.critic.Critics;
import org.hyperrl.core.critic.QNetwork;
import org.hyperrl.core.critic.SyntheticQFunction;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.optim.AdamOptimizer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Demo of the core: an SA-Hyper critic at HalfCheetah size (state 17, action 6; ~8.5M parameters) and an
 * MLP-Standard critic, trained side by side on a synthetic Q-function with the papers' learning rates.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train an SA-Hyper and an MLP critic on a synthetic Q-function and compare them.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--steps", description = "training steps (default: ${DEFAULT-VALUE})")
    int steps = 300;

    @Option(names = "--batch", description = "minibatch size (default: ${DEFAULT-VALUE})")
    int batch = 100;

    @Option(names = "--seed", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--state-dim", description = "state dimension (default: ${DEFAULT-VALUE}, HalfCheetah)")
    int stateDim = 17;

    @Option(names = "--action-dim", description = "action dimension (default: ${DEFAULT-VALUE}, HalfCheetah)")
    int actionDim = 6;

    @Option(names = "--small", description = "use small networks (primary 64-64) for a quick run")
    boolean small;

    private record Run(String name, QNetwork critic, Graph graph, AdamOptimizer adam) {
    }

    @Override
    public Integer call() {
        if (steps < 1 || batch < 1 || stateDim < 1 || actionDim < 1) {
            throw new IllegalArgumentException("--steps, --batch, --state-dim and --action-dim must be positive");
        }
        SyntheticQFunction task = new SyntheticQFunction(stateDim, actionDim, seed);
        CriticConfig config = small ? CriticConfig.paper().withPrimary(CriticConfig.paper().primary().withWidths(1, 64, 64))
                : CriticConfig.paper();
        // Sarafian et al. (TD3, Table 5): hypernetwork critic lr 5e-5, MLP critic lr 3e-4.
        Run hyper = build("SA-Hyper", CriticType.SA_HYPER, config, 5e-5);
        Run mlp = build("MLP-Standard", CriticType.MLP_STANDARD, config, 3e-4);
        System.out.printf("Synthetic Q(s,a) = -|a - tanh(sM)|^2 + mean(s), state %d, action %d, batch %d, seed %d%n",
                stateDim, actionDim, batch, seed);
        System.out.printf("%-13s %,12d parameters, Adam lr %.0e%n", hyper.name(), Parameters.count(hyper.critic().parameters()),
                hyper.adam().learningRate());
        System.out.printf("%-13s %,12d parameters, Adam lr %.0e%n", mlp.name(), Parameters.count(mlp.critic().parameters()),
                mlp.adam().learningRate());
        System.out.printf("%8s %14s %14s %12s %12s%n", "step", "SA-Hyper loss", "MLP loss", "hyper ms", "mlp ms");
        SplittableRandom data = new SplittableRandom(seed + 1);
        double hyperMs = 0;
        double mlpMs = 0;
        double hl = 0;
        double ml = 0;
        int every = Math.max(1, steps / 10);
        for (int t = 1; t <= steps; t++) {
            Map<String, INDArray> b = task.batch(data, batch, DataType.FLOAT);
            long t0 = System.nanoTime();
            hl = hyper.adam().minimise(hyper.graph(), b);
            long t1 = System.nanoTime();
            ml = mlp.adam().minimise(mlp.graph(), b);
            long t2 = System.nanoTime();
            hyperMs += (t1 - t0) / 1e6;
            mlpMs += (t2 - t1) / 1e6;
            if (!Double.isFinite(hl) || !Double.isFinite(ml)) {
                throw new IllegalStateException("non-finite loss at step " + t + " (SA-Hyper " + hl + ", MLP " + ml + ")");
            }
            if (t % every == 0 || t == 1) {
                System.out.printf("%8d %14.5f %14.5f %12.1f %12.1f%n", t, hl, ml, hyperMs / t, mlpMs / t);
            }
        }
        Map<String, INDArray> test = task.batch(new SplittableRandom(seed + 2), 2000, DataType.FLOAT);
        double variance = test.get("y").varNumber().doubleValue();
        double hyperMse = hyper.graph().run(test, hyper.graph().loss()).getDouble(0);
        double mlpMse = mlp.graph().run(test, mlp.graph().loss()).getDouble(0);
        System.out.printf("%nHeld-out MSE after %d steps (predicting the mean scores %.4f):%n", steps, variance);
        System.out.printf("  SA-Hyper      %.5f  (%.1f%% of the variance)%n", hyperMse, 100 * hyperMse / variance);
        System.out.printf("  MLP-Standard  %.5f  (%.1f%% of the variance)%n", mlpMse, 100 * mlpMse / variance);
        return 0;
    }

    private Run build(String name, CriticType type, CriticConfig config, double lr) {
        Parameters ps = new Parameters(DataType.FLOAT, seed);
        QNetwork critic = Critics.create(type, ps, "critic", "critic", stateDim, actionDim, config);
        Graph g = new Graph(ps);
        SDVariable err = critic.q(g, g.input("s", stateDim), g.input("a", actionDim)).sub(g.input("y", 1));
        g.setLoss(err.mul(err).mean());
        return new Run(name, critic, g, new AdamOptimizer(critic.parameters(), lr, 0));
    }
}
