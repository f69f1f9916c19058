package org.hyperrl.core.policy;

import static org.hyperrl.core.policy.ActorCriticTest.B;
import static org.hyperrl.core.policy.ActorCriticTest.T;
import static org.hyperrl.core.policy.ActorCriticTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hyperrl.core.TestArrays;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The plain-Java and the eager-array acting paths against the graph stepper, step by step over sequences with trial
 * starts.
 */
class FastStepperTest {
    private static final Set<String> WITH_FAST_PATH = Set.of(Policies.MLP, Policies.RNN, Policies.RNN_S,
            Policies.MULTI);
    /** The hypernetwork bodies have no plain-Java form yet. */
    private static final Set<String> WITHOUT_FAST_PATH = Set.of(Policies.RNN_HN, Policies.MULTI_HN);

    /** Steps both steppers over the same sequence and compares heads, values and states at every step. */
    private static void assertSameSteps(PolicyStepper expected, PolicyStepper fast, Map<String, List<INDArray>> seq,
                                        List<INDArray> starts, INDArray h0) {
        INDArray a = h0;
        INDArray b = h0;
        for (int t = 0; t < starts.size(); t++) {
            Map<String, INDArray> in = new HashMap<>();
            for (Map.Entry<String, List<INDArray>> e : seq.entrySet()) {
                in.put(e.getKey(), e.getValue().get(t));
            }
            ActorCriticStepper.Step s = expected.step(in, starts.get(t), a);
            ActorCriticStepper.Step f = fast.step(in, starts.get(t), b);
            assertClose(s.head(), f.head(), "head at step " + t);
            assertClose(s.value(), f.value(), "value at step " + t);
            if (s.state() == null) {
                assertNull(f.state());
            } else {
                assertClose(s.state(), f.state(), "state at step " + t);
            }
            a = s.state();
            b = f.state();
        }
    }

    @ParameterizedTest(name = "{0} discrete={1}")
    @MethodSource("org.hyperrl.core.policy.ActorCriticTest#everyPolicy")
    void fastStepperEqualsGraphStepper(String id, boolean discrete) {
        Parameters ps = new Parameters(DataType.FLOAT, 3);
        ActorCritic p = ActorCriticTest.create(ps, id, discrete);
        PolicyStepper fast = p.fastStepper();
        // Other tests may register further policies; only the built-ins' answers are known here.
        if (WITH_FAST_PATH.contains(id)) {
            assertNotNull(fast, id + " has a plain-Java path");
        }
        if (WITHOUT_FAST_PATH.contains(id)) {
            assertNull(fast, id + " has no plain-Java path");
        }
        if (fast == null) {
            return;
        }
        ActorCriticStepper graph = new ActorCriticStepper(p, ps);
        Map<String, List<INDArray>> seq = ActorCriticTest.sequence(p, DataType.FLOAT, T, 13);
        List<INDArray> starts = ActorCriticTest.starts(DataType.FLOAT, T);
        // A non-zero state before the first step, which its trial start must discard.
        INDArray h0 = p.stateSize() > 0 ? TestArrays.normal(DataType.FLOAT, 5, B, p.stateSize()) : null;
        assertSameSteps(graph, fast, seq, starts, h0);

        perturb(p);
        fast.refresh();
        assertSameSteps(graph, fast, seq, starts, h0 == null ? null : h0.mul(0.5));
        assertEquals(p, fast.policy());
        if (p.stateSize() > 0) {
            Map<String, INDArray> in = new HashMap<>();
            seq.forEach((name, xs) -> in.put(name, xs.get(0)));
            assertThrows(IllegalArgumentException.class, () -> fast.step(in, starts.get(0), null));
        }
    }

    @ParameterizedTest(name = "{0} discrete={1}")
    @MethodSource("org.hyperrl.core.policy.ActorCriticTest#everyPolicy")
    void arrayStepperEqualsGraphStepper(String id, boolean discrete) {
        Parameters ps = new Parameters(DataType.FLOAT, 3);
        ActorCritic p = ActorCriticTest.create(ps, id, discrete);
        PolicyStepper arrays = p.arrayStepper();
        if (WITH_FAST_PATH.contains(id) || WITHOUT_FAST_PATH.contains(id)) {
            assertNotNull(arrays, id + " has an array path");
        }
        if (arrays == null) {
            return;
        }
        ActorCriticStepper graph = new ActorCriticStepper(p, ps);
        Map<String, List<INDArray>> seq = ActorCriticTest.sequence(p, DataType.FLOAT, T, 17);
        List<INDArray> starts = ActorCriticTest.starts(DataType.FLOAT, T);
        INDArray h0 = p.stateSize() > 0 ? TestArrays.normal(DataType.FLOAT, 6, B, p.stateSize()) : null;
        assertSameSteps(graph, arrays, seq, starts, h0);
        // it reads the live parameter values: no refresh needed after an update
        perturb(p);
        assertSameSteps(graph, arrays, seq, starts, h0 == null ? null : h0.mul(0.5));
        assertEquals(p, arrays.policy());
        Map<String, INDArray> in = new HashMap<>();
        seq.forEach((name, xs) -> in.put(name, xs.get(0)));
        if (p.stateSize() > 0) {
            assertThrows(IllegalArgumentException.class, () -> arrays.step(in, starts.get(0), null));
        }
        in.put(ActorCritic.OBS, TestArrays.normal(DataType.FLOAT, 1, B, ActorCriticTest.OBS + 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> arrays.step(in, starts.get(0), p.stateSize() > 0 ? h0 : null));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("obs"), e.getMessage());
    }

    /** The FiLM hyper policies have no array form: the graph stepper serves them. */
    @Test
    void filmHyperPoliciesHaveNoArrayPath() {
        Parameters ps = new Parameters(DataType.FLOAT, 3);
        ActorCritic p = Policies.create(Policies.RNN_HN, ps, "policy", "policy",
                PolicyConfig.small().withGenerator(HyperPolicy.Generator.FILM), 3, 4, true, 0);
        assertNull(p.arrayStepper());
    }

    /** The array path at grid-world sizes (GRU 256, XL hypernetwork base networks) and 16 envs. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"rnn", "rnn+hn"})
    void arrayStepperAtGridSize(String id) {
        Parameters ps = new Parameters(DataType.FLOAT, 4);
        ActorCritic p = Policies.create(id, ps, "policy", "policy",
                PolicyConfig.grid().withInit("hfi"), 3, 5, true, 0);
        assertSameStepsAtGridSize(p, ps, p.arrayStepper());
    }

    /** Grid-world sizes (GRU 256, hidden 256-128) and 16 envs, where float sums are long. */
    @Test
    void rnnAtGridSize() {
        Parameters ps = new Parameters(DataType.FLOAT, 4);
        ActorCritic p = Policies.create(Policies.RNN, ps, "policy", "policy", PolicyConfig.grid(), 3, 5, true, 0);
        assertSameStepsAtGridSize(p, ps, p.fastStepper());
    }

    /** {@code other} against the graph stepper over T steps of 16 envs with random trial starts. */
    private static void assertSameStepsAtGridSize(ActorCritic p, Parameters ps, PolicyStepper other) {
        int envs = 16;
        Map<String, List<INDArray>> seq = new HashMap<>();
        p.inputWidths().forEach((name, width) -> seq.put(name, java.util.stream.IntStream.range(0, T)
                .mapToObj(t -> TestArrays.normal(DataType.FLOAT, 31L * t + name.hashCode(), envs, width)).toList()));
        List<INDArray> starts = java.util.stream.IntStream.range(0, T)
                .mapToObj(t -> TestArrays.uniform(DataType.FLOAT, t, envs, 1, 0, 1).gt(0.7).castTo(DataType.FLOAT))
                .toList();
        assertSameSteps(new ActorCriticStepper(p, ps), other, seq, starts,
                TestArrays.uniform(DataType.FLOAT, 9, envs, p.stateSize(), -1, 1));
    }

    /** Moves every parameter of {@code p} by seeded noise (an optimiser update, as far as the steppers can tell). */
    private static void perturb(ActorCritic p) {
        for (Parameter q : p.parameters()) {
            q.value().addi(TestArrays.normal(DataType.FLOAT, q.name().hashCode(), 1, (int) q.size())
                    .reshape(q.shape()).mul(0.2));
        }
    }
}
