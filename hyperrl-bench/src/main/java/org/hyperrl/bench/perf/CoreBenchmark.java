package org.hyperrl.bench.perf;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.hyperrl.bench.Timing;
import org.hyperrl.core.Nd4jThreads;
import org.hyperrl.core.critic.CriticConfig;
import org.hyperrl.core.critic.CriticType;
import org.hyperrl.core.critic.Critics;
import org.hyperrl.core.critic.QNetwork;
import org.hyperrl.core.critic.SyntheticQFunction;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.FastMlp;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.optim.AdamOptimizer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Core benchmark: the SA-Hyper critic at HalfCheetah size (forward at batch 1 and 100, one Adam step at batch
 * 100 and 256), the MLP-Standard critic for comparison, the batch-1 forward of an MLP 256-256 actor, and a GRU
 * 64 -> 256 over 60 steps at batch 16 forward and backward (the recurrent policies' training path). {@code
 * bin/pytorch-reference.py} times the same networks in PyTorch.
 */
@Command(name = "core", mixinStandardHelpOptions = true,
        description = "Time the SA-Hyper critic (HalfCheetah size) and an MLP actor.")
public final class CoreBenchmark implements Callable<Integer> {

    @Option(names = "--calls", description = "timed calls per measurement (default: ${DEFAULT-VALUE})")
    int calls = 20;

    @Option(names = "--warmup", description = "untimed calls first (default: ${DEFAULT-VALUE})")
    int warmup = 5;

    @Option(names = "--threads", description = "ND4J native threads; 0 keeps the backend's setting (default: ${DEFAULT-VALUE})")
    int threads = 0;

    @Override
    public Integer call() {
        if (calls < 1 || warmup < 0) {
            throw new IllegalArgumentException("--calls must be >= 1 and --warmup >= 0");
        }
        if (threads > 0) {
            Nd4jThreads.set(threads);
        }
        System.out.printf("ND4J native threads: %d (OMP_NUM_THREADS=%s), cores: %d%n", Nd4jThreads.get(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), Runtime.getRuntime().availableProcessors());
        SyntheticQFunction task = new SyntheticQFunction(17, 6, 1);
        SplittableRandom r = new SplittableRandom(2);
        for (CriticType type : new CriticType[]{CriticType.SA_HYPER, CriticType.MLP_STANDARD}) {
            Parameters ps = new Parameters(DataType.FLOAT, 1);
            QNetwork critic = Critics.create(type, ps, "critic", "critic", 17, 6, CriticConfig.paper());
            Graph g = new Graph(ps).checkInputs(false);
            SDVariable q = critic.q(g, g.input("s", 17), g.input("a", 6));
            SDVariable err = q.sub(g.input("y", 1));
            g.setLoss(err.mul(err).mean());
            AdamOptimizer adam = new AdamOptimizer(critic.parameters(), 5e-5, 0);
            System.out.printf("%n%s critic, state 17, action 6: %,d parameters%n", type.id(), ps.count());
            for (int b : new int[]{1, 100}) {
                Map<String, INDArray> feeds = task.batch(r, b, DataType.FLOAT);
                Map<String, INDArray> sa = Map.of("s", feeds.get("s"), "a", feeds.get("a"));
                System.out.printf("  forward,   batch %3d: %s%n", b, Timing.measure(warmup, calls, () -> g.run(sa, q)));
            }
            for (int b : new int[]{100, 256}) {
                Map<String, INDArray> feeds = task.batch(r, b, DataType.FLOAT);
                System.out.printf("  Adam step, batch %3d: %s%n", b,
                        Timing.measure(warmup, calls, () -> adam.minimise(g, feeds)));
            }
        }
        Parameters ps = new Parameters(DataType.FLOAT, 3);
        Mlp actor = new Mlp(ps, "actor", "actor", 17, new int[]{256, 256}, 6, Activation.RELU, Activation.TANH,
                LayerInits.TORCH_DEFAULT, 1.0);
        Graph g = new Graph(ps).checkInputs(false);
        SDVariable out = actor.apply(g, g.input("s", 17));
        INDArray s = task.batch(r, 1, DataType.FLOAT).get("s");
        Map<String, INDArray> feed = Map.of("s", s);
        System.out.printf("%nMLP 17-256-256-6 actor, batch 1:%n");
        System.out.printf("  SameDiff graph:   %s%n", Timing.measure(warmup * 20, calls * 50, () -> g.run(feed, out)));
        FastMlp fast = new FastMlp(actor, Activation.RELU, Activation.TANH);
        float[] x = s.data().asFloat();
        System.out.printf("  FastMlp (Java):   %s%n", Timing.measure(warmup * 200, calls * 500, () -> fast.forward(x)));
        System.out.printf("  FastMlp refresh:  %s%n", Timing.measure(warmup * 20, calls * 50, fast::refresh));

        // The recurrent policies' training path: a GRU over whole sequences with backpropagation through time.
        int steps = 60;
        int batch = 16;
        Parameters gp = new Parameters(DataType.FLOAT, 4);
        org.hyperrl.core.nn.Gru gru = new org.hyperrl.core.nn.Gru(gp, "gru", "gru", 64, 256);
        INDArray xs = org.nd4j.linalg.factory.Nd4j.rand(DataType.FLOAT, steps * batch, 64);
        INDArray h0 = org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, batch, 256);
        System.out.printf("%nGRU 64 -> 256, %d steps, batch %d (GruSequence):%n", steps, batch);
        System.out.printf("  forward:            %s%n", Timing.measure(warmup, calls,
                () -> new org.hyperrl.core.nn.GruSequence(gru, xs, steps, null, h0)));
        System.out.printf("  forward + backward: %s%n", Timing.measure(warmup, calls, () -> {
            org.hyperrl.core.nn.GruSequence seq = new org.hyperrl.core.nn.GruSequence(gru, xs, steps, null, h0);
            seq.backward(seq.outputs().mul(2.0 / seq.outputs().length()));
        }));
        return 0;
    }
}
