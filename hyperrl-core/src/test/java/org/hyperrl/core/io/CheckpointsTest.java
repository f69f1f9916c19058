package org.hyperrl.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.core.TestArrays;
import org.hyperrl.core.critic.CriticConfig;
import org.hyperrl.core.critic.CriticType;
import org.hyperrl.core.critic.Critics;
import org.hyperrl.core.critic.QNetwork;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.optim.AdamOptimizer;
import org.hyperrl.core.optim.Optimizer;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class CheckpointsTest {
    @TempDir
    Path dir;

    private record Model(Parameters ps, Graph g, AdamOptimizer adam) {
    }

    private static Model model(long seed, CriticType type) {
        Parameters ps = new Parameters(DataType.FLOAT, seed);
        QNetwork q = Critics.create(type, ps, "q", "critic", 5, 2, CriticConfig.small());
        Graph g = new Graph(ps);
        SDVariable err = q.q(g, g.input("s", 5), g.input("a", 2)).sub(g.input("y", 1));
        g.setLoss(err.mul(err).mean());
        return new Model(ps, g, new AdamOptimizer(q.parameters(), 1e-3, 1.0));
    }

    private static Map<String, INDArray> batch(long seed) {
        return Map.of("s", TestArrays.normal(DataType.FLOAT, seed, 16, 5),
                "a", TestArrays.normal(DataType.FLOAT, seed + 1, 16, 2),
                "y", TestArrays.normal(DataType.FLOAT, seed + 2, 16, 1));
    }

    @Test
    void roundTripIsBitwiseAndTrainingContinuesIdentically() throws IOException {
        Model a = model(1, CriticType.SA_HYPER);
        for (int i = 0; i < 3; i++) {
            a.adam().minimise(a.g(), batch(i));
        }
        Path file = dir.resolve("ckpt.bin");
        Checkpoints.save(file, a.ps(), Map.of("critic", a.adam()), Map.of("note", "test"));
        Model b = model(2, CriticType.SA_HYPER); // different initial values
        Map<String, String> meta = Checkpoints.load(file, b.ps(), Map.of("critic", b.adam()));
        assertEquals("test", meta.get("note"));
        for (Parameter p : a.ps().all()) {
            INDArray x = p.value();
            INDArray y = b.ps().get(p.name()).value();
            float[] xa = x.data().asFloat();
            float[] ya = y.data().asFloat();
            for (int k = 0; k < xa.length; k++) {
                assertEquals(Float.floatToRawIntBits(xa[k]), Float.floatToRawIntBits(ya[k]), p.name() + "[" + k + "]");
            }
        }
        assertEquals(a.adam().iteration(), b.adam().iteration());
        // Same optimiser state -> the next steps are identical too.
        for (int i = 3; i < 5; i++) {
            a.adam().minimise(a.g(), batch(i));
            b.adam().minimise(b.g(), batch(i));
        }
        for (Parameter p : a.ps().all()) {
            assertEquals(p.value(), b.ps().get(p.name()).value(), p.name());
        }
    }

    @Test
    void wrongArchitectureIsRejectedWithoutTouchingTheModel() throws IOException {
        Model a = model(1, CriticType.SA_HYPER);
        Path file = dir.resolve("sa.bin");
        Checkpoints.save(file, a.ps(), Map.of("critic", a.adam()), Map.of());
        Model other = model(3, CriticType.MLP_STANDARD);
        INDArray before = other.ps().all().get(0).value().dup();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoints.load(file, other.ps(), Map.of("critic", other.adam())));
        assertTrue(e.getMessage().contains("different architecture") && e.getMessage().contains("q/mlp/fc0/W"),
                e.getMessage());
        assertEquals(before, other.ps().all().get(0).value());
    }

    @Test
    void corruptFilesAreReported() throws IOException {
        Model a = model(1, CriticType.MLP_SMALL);
        Path file = dir.resolve("m.bin");
        Checkpoints.save(file, a.ps(), Map.of(), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = dir.resolve("t.bin");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        IOException t = assertThrows(IOException.class, () -> Checkpoints.load(truncated, a.ps(), Map.of()));
        assertTrue(t.getMessage().contains("truncated"), t.getMessage());
        Path garbage = dir.resolve("g.bin");
        Files.writeString(garbage, "not a checkpoint at all");
        IOException g = assertThrows(IOException.class, () -> Checkpoints.load(garbage, a.ps(), Map.of()));
        assertTrue(g.getMessage().contains("not a HyperRL tensor file"), g.getMessage());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp")), "no temporary files left behind");
        }
    }

    /** Heavy-ball SGD, only to show that checkpoints take any {@link Optimizer}: its velocity is its state. */
    private static final class MomentumSgd implements Optimizer {
        private final List<Parameter> params;
        private final Map<String, INDArray> velocity = new LinkedHashMap<>();
        private int iteration;

        MomentumSgd(List<Parameter> params) {
            this.params = params;
            params.forEach(p -> velocity.put(p.name(), Nd4j.zeros(p.value().dataType(), p.shape())));
        }

        @Override
        public void step(Map<Parameter, INDArray> grads) {
            for (Parameter p : params) {
                INDArray v = velocity.get(p.name()).muli(0.9).addi(grads.get(p));
                p.value().subi(v.mul(0.01));
            }
            iteration++;
        }

        @Override
        public List<Parameter> parameters() {
            return params;
        }

        @Override
        public int iteration() {
            return iteration;
        }

        @Override
        public Map<String, INDArray> state() {
            Map<String, INDArray> s = new LinkedHashMap<>(velocity);
            s.put("#iteration", Nd4j.scalar(iteration));
            return s;
        }

        @Override
        public void restore(Map<String, INDArray> state) {
            velocity.forEach((k, v) -> v.assign(state.get(k)));
            iteration = state.get("#iteration").getInt(0);
        }
    }

    @Test
    void anyOptimizerIsCheckpointed() throws IOException {
        Model a = model(1, CriticType.MLP_SMALL);
        MomentumSgd sgd = new MomentumSgd(a.ps().all());
        for (int i = 0; i < 3; i++) {
            sgd.minimise(a.g(), batch(i));
        }
        Path file = dir.resolve("sgd.bin");
        Checkpoints.save(file, a.ps(), Map.of("critic", sgd), Map.of());
        Model b = model(2, CriticType.MLP_SMALL);
        MomentumSgd restored = new MomentumSgd(b.ps().all());
        Checkpoints.load(file, b.ps(), Map.of("critic", restored));
        assertEquals(3, restored.iteration());
        sgd.minimise(a.g(), batch(7));
        restored.minimise(b.g(), batch(7));
        for (Parameter p : a.ps().all()) {
            assertEquals(p.value(), b.ps().get(p.name()).value(), p.name() + " after one more step from the checkpoint");
        }
    }
}
