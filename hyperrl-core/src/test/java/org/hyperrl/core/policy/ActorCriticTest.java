package org.hyperrl.core.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hyperrl.core.TestArrays;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every registered policy: unroll shapes, and the one-step acting path against one unroll over a sequence. */
class ActorCriticTest {
    static final int B = 3;
    static final int T = 5;
    static final int OBS = 3;
    static final int TASK = 2;

    static Stream<Arguments> everyPolicy() {
        return Policies.kinds().stream().flatMap(k -> Stream.of(Arguments.of(k.id(), true), Arguments.of(k.id(), false)));
    }

    static int actions(boolean discrete) {
        return discrete ? 4 : 2;
    }

    /**
     * Small sizes; hyperfan-in heads so that a hypernetwork's output depends on its input from the start (under
     * Bias-HyperInit it would not, and the reset checks below would hold trivially).
     */
    static PolicyConfig config() {
        return PolicyConfig.small().withInit(HyperInits.HYPERFAN_IN);
    }

    /** Random per-step inputs {@code [B, width]} for every input the policy reads, one-hot previous actions if discrete. */
    static Map<String, List<INDArray>> sequence(ActorCritic p, DataType type, int steps, long seed) {
        Map<String, List<INDArray>> out = new LinkedHashMap<>();
        p.inputWidths().forEach((name, width) -> {
            List<INDArray> xs = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                long s = seed * 1000 + name.hashCode() * 31L + t;
                if (name.equals(ActorCritic.PREV_ACTION) && p.discrete()) {
                    INDArray oneHot = Nd4j.zeros(type, B, width);
                    for (int b = 0; b < B; b++) {
                        oneHot.putScalar(b, (int) Math.floorMod(s + 7L * b, (long) width), 1.0);
                    }
                    xs.add(oneHot);
                } else {
                    xs.add(TestArrays.normal(type, s, B, width));
                }
            }
            out.put(name, xs);
        });
        return out;
    }

    /** Starts: every row at t = 0, rows 0 and 2 at t = 2, row 1 at t = 3. */
    static List<INDArray> starts(DataType type, int steps) {
        List<INDArray> out = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            INDArray s = Nd4j.zeros(type, B, 1);
            if (t == 0) {
                s.assign(1.0);
            } else if (t == 2) {
                s.putScalar(0, 0, 1.0);
                s.putScalar(2, 0, 1.0);
            } else if (t == 3) {
                s.putScalar(1, 0, 1.0);
            }
            out.add(s);
        }
        return out;
    }

    /** A graph of the policy unrolled over {@code steps}, with inputs {@code name_t}, {@code start_t}, {@code h0}. */
    record UnrollGraph(Graph g, ActorCritic.Unrolled u) {
        static UnrollGraph build(Parameters ps, ActorCritic p, int steps) {
            Graph g = new Graph(ps);
            Map<String, List<SDVariable>> inputs = new LinkedHashMap<>();
            p.inputWidths().forEach((name, width) -> {
                List<SDVariable> vs = new ArrayList<>();
                for (int t = 0; t < steps; t++) {
                    vs.add(g.input(name + "_" + t, width));
                }
                inputs.put(name, vs);
            });
            List<SDVariable> starts = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                starts.add(g.input("start_" + t, 1));
            }
            SDVariable h0 = p.stateSize() > 0 ? g.input("h0", p.stateSize()) : null;
            return new UnrollGraph(g, p.unroll(g, inputs, starts, h0));
        }

        Map<String, INDArray> feeds(Map<String, List<INDArray>> seq, List<INDArray> starts, INDArray h0) {
            Map<String, INDArray> f = new HashMap<>();
            seq.forEach((name, xs) -> {
                for (int t = 0; t < xs.size(); t++) {
                    f.put(name + "_" + t, xs.get(t));
                }
            });
            for (int t = 0; t < starts.size(); t++) {
                f.put("start_" + t, starts.get(t));
            }
            if (h0 != null) {
                f.put("h0", h0);
            }
            return f;
        }

        /** Heads, values and (if any) the final state, in that order. */
        List<INDArray> run(Map<String, INDArray> feeds) {
            List<SDVariable> outs = new ArrayList<>(u.heads());
            outs.addAll(u.values());
            if (u.finalState() != null) {
                outs.add(u.finalState());
            }
            Map<String, INDArray> r = g.run(feeds, outs.toArray(new SDVariable[0]));
            return outs.stream().map(v -> r.get(v.name())).toList();
        }
    }

    static ActorCritic create(Parameters ps, String id, boolean discrete) {
        return Policies.create(id, ps, "policy", "policy", config(), OBS, actions(discrete), discrete, TASK);
    }

    @ParameterizedTest(name = "{0} discrete={1}")
    @MethodSource("everyPolicy")
    void unrollShapesAndDeclarations(String id, boolean discrete) {
        Parameters ps = new Parameters(DataType.FLOAT, 1);
        ActorCritic p = create(ps, id, discrete);
        Policies.Kind kind = Policies.kind(id);
        assertEquals(kind.recurrent(), p.stateSize() > 0, "recurrent flag of " + id);
        assertEquals(kind.usesTask(), p.inputWidths().containsKey(ActorCritic.TASK), "task input of " + id);
        assertTrue(p.inputWidths().containsKey(ActorCritic.OBS));
        assertEquals(discrete, p.discrete());
        assertEquals(actions(discrete), p.actionSize());
        assertEquals(ps.all(), p.parameters(), "parameters() lists every parameter in creation order");
        if (discrete) {
            assertNull(p.logStd());
        } else {
            assertNotNull(p.logStd());
            assertArrayEquals(new long[]{actions(false)}, p.logStd().shape());
            assertEquals(0.0, p.logStd().value().sumNumber().doubleValue());
        }
        UnrollGraph ug = UnrollGraph.build(ps, p, T);
        INDArray h0 = p.stateSize() > 0 ? TestArrays.normal(DataType.FLOAT, 5, B, p.stateSize()) : null;
        List<INDArray> out = ug.run(ug.feeds(sequence(p, DataType.FLOAT, T, 3), starts(DataType.FLOAT, T), h0));
        for (int t = 0; t < T; t++) {
            assertArrayEquals(new long[]{B, actions(discrete)}, out.get(t).shape(), "head at " + t);
            assertArrayEquals(new long[]{B, 1}, out.get(T + t).shape(), "value at " + t);
        }
        if (p.stateSize() > 0) {
            assertArrayEquals(new long[]{B, p.stateSize()}, out.get(2 * T).shape());
        } else {
            assertNull(ug.u().finalState());
        }
    }

    @ParameterizedTest(name = "{0} discrete={1}")
    @MethodSource("everyPolicy")
    void stepperEqualsUnrollAndStartsReset(String id, boolean discrete) {
        Parameters ps = new Parameters(DataType.FLOAT, 2);
        ActorCritic p = create(ps, id, discrete);
        Map<String, List<INDArray>> seq = sequence(p, DataType.FLOAT, T, 11);
        List<INDArray> starts = starts(DataType.FLOAT, T);
        // A non-zero h0 that the start at t = 0 must discard.
        INDArray h0 = p.stateSize() > 0 ? TestArrays.normal(DataType.FLOAT, 5, B, p.stateSize()) : null;
        UnrollGraph ug = UnrollGraph.build(ps, p, T);
        List<INDArray> unrolled = ug.run(ug.feeds(seq, starts, h0));

        ActorCriticStepper stepper = new ActorCriticStepper(p, ps);
        INDArray state = stepper.initialState(B);
        for (int t = 0; t < T; t++) {
            Map<String, INDArray> in = new HashMap<>();
            for (Map.Entry<String, List<INDArray>> e : seq.entrySet()) {
                in.put(e.getKey(), e.getValue().get(t));
            }
            ActorCriticStepper.Step s = stepper.step(in, starts.get(t), state);
            assertClose(unrolled.get(t), s.head(), "head at step " + t);
            assertClose(unrolled.get(T + t), s.value(), "value at step " + t);
            state = s.state();
        }
        if (p.stateSize() > 0) {
            assertClose(unrolled.get(2 * T), state, "final state");
        } else {
            assertNull(state);
        }

        // Other inputs before t = 2 and another h0: rows 0 and 2 start a trial at t = 2, so from then on their outputs
        // must not change; row 1 continues its trial, so a recurrent policy's output at t = 2 must.
        Map<String, List<INDArray>> changed = new LinkedHashMap<>();
        Map<String, List<INDArray>> other = sequence(p, DataType.FLOAT, T, 99);
        seq.forEach((name, xs) -> {
            List<INDArray> ys = new ArrayList<>(xs);
            ys.set(0, other.get(name).get(0));
            ys.set(1, other.get(name).get(1));
            changed.put(name, ys);
        });
        INDArray h0b = h0 == null ? null : h0.mul(-2.0);
        List<INDArray> again = ug.run(ug.feeds(changed, starts, h0b));
        for (int t = 2; t < T; t++) {
            for (int row : new int[]{0, 2}) {
                assertClose(unrolled.get(t).getRow(row), again.get(t).getRow(row), "head of row " + row + " at " + t);
                assertClose(unrolled.get(T + t).getRow(row), again.get(T + t).getRow(row),
                        "value of row " + row + " at " + t);
            }
        }
        if (p.stateSize() > 0) {
            assertFalse(unrolled.get(2).getRow(1).equalsWithEps(again.get(2).getRow(1), 1e-5),
                    "row 1 continues its trial at t = 2, so its output depends on the earlier steps");
            // From t = 3, row 1 has started a new trial too.
            assertClose(unrolled.get(3).getRow(1), again.get(3).getRow(1), "head of row 1 at 3");
        }
    }

    /**
     * Beck et al. 2022: under Bias-HyperInit the hypernetwork generates the same base networks for any input, so at
     * the start of training the recurrent hypernetwork's outputs depend on the current observation only.
     */
    @ParameterizedTest(name = "discrete={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void biasHyperInitIgnoresTheHistoryAtFirst(boolean discrete) {
        Parameters ps = new Parameters(DataType.FLOAT, 4);
        ActorCritic p = Policies.create("rnn+hn", ps, "policy", "policy", PolicyConfig.small(), OBS, actions(discrete),
                discrete, 0);
        Map<String, List<INDArray>> seq = sequence(p, DataType.FLOAT, T, 5);
        Map<String, List<INDArray>> other = sequence(p, DataType.FLOAT, T, 6);
        // Same observations, other previous actions and rewards: another history at every step.
        other.put(ActorCritic.OBS, seq.get(ActorCritic.OBS));
        List<INDArray> noResets = new ArrayList<>();
        for (int t = 0; t < T; t++) {
            noResets.add(Nd4j.zeros(DataType.FLOAT, B, 1));
        }
        UnrollGraph ug = UnrollGraph.build(ps, p, T);
        List<INDArray> a = ug.run(ug.feeds(seq, noResets, TestArrays.normal(DataType.FLOAT, 1, B, p.stateSize())));
        List<INDArray> b = ug.run(ug.feeds(other, noResets, TestArrays.normal(DataType.FLOAT, 2, B, p.stateSize())));
        for (int t = 0; t < T; t++) {
            assertClose(a.get(t), b.get(t), "head at " + t);
            assertClose(a.get(T + t), b.get(T + t), "value at " + t);
        }
        assertFalse(a.get(2 * T).equalsWithEps(b.get(2 * T), 1e-5), "the GRU states do differ");
    }

    static void assertClose(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5, what + ": max difference " + diff + "\nexpected " + expected + "\nactual " + actual);
    }
}
