package org.hyperrl.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.hyperrl.core.init.HyperInit;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.Linear;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.init.LayerInits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/** The registry, its checks, the config presets and per-scope seeding. */
class PoliciesTest {

    @Test
    void builtInsWithTheirFlags() {
        assertEquals(List.of("mlp", "rnn", "rnn+s", "rnn+hn", "multi", "multi+hn"),
                Policies.kinds().stream().map(Policies.Kind::id).toList().subList(0, 6));
        Map<String, Boolean> recurrent = Map.of("mlp", false, "rnn", true, "rnn+s", true, "rnn+hn", true,
                "multi", false, "multi+hn", false);
        Map<String, Boolean> task = Map.of("mlp", false, "rnn", false, "rnn+s", false, "rnn+hn", false,
                "multi", true, "multi+hn", true);
        recurrent.forEach((id, r) -> assertEquals(r, Policies.kind(id).recurrent(), id));
        task.forEach((id, u) -> assertEquals(u, Policies.kind(id).usesTask(), id));
        assertEquals(Policies.kinds().size(), Policies.descriptions().size());
    }

    @Test
    void unknownIdListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Policies.create("lstm",
                new Parameters(DataType.FLOAT, 1), "p", "p", PolicyConfig.small(), 3, 2, true, 0));
        assertTrue(e.getMessage().contains("'lstm'") && e.getMessage().contains("rnn+hn")
                && e.getMessage().contains("multi+hn"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"multi", "multi+hn"})
    void taskPoliciesNeedATaskWidth(String id) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Policies.create(id,
                new Parameters(DataType.FLOAT, 1), "p", "p", PolicyConfig.small(), 3, 2, false, 0));
        assertTrue(e.getMessage().contains(id) && e.getMessage().contains("task"), e.getMessage());
    }

    @Test
    void otherPoliciesIgnoreTheTaskWidth() {
        ActorCritic p = Policies.create("rnn", new Parameters(DataType.FLOAT, 1), "p", "p", PolicyConfig.small(), 3, 2,
                true, 5);
        assertFalse(p.inputWidths().containsKey(ActorCritic.TASK));
    }

    @Test
    void badDimensionsAreRefused() {
        Parameters ps = new Parameters(DataType.FLOAT, 1);
        assertThrows(IllegalArgumentException.class, () -> Policies.create("mlp", ps, "a", "p", PolicyConfig.small(),
                0, 2, true, 0));
        assertThrows(IllegalArgumentException.class, () -> Policies.create("mlp", ps, "b", "p", PolicyConfig.small(),
                3, 1, true, 0));
    }

    @Test
    void userPoliciesRegisterLikeBuiltIns() {
        Policies.register(new Policies.Kind("test-mlp", "the mlp under another name", false, false,
                Policies.kind("mlp").factory()));
        ActorCritic p = Policies.create("test-mlp", new Parameters(DataType.FLOAT, 1), "p", "p", PolicyConfig.small(),
                3, 2, true, 0);
        assertEquals(0, p.stateSize());
        assertTrue(Policies.descriptions().containsKey("test-mlp"));
    }

    @Test
    void recurrentInputsFollowTheEmbeddingWidths() {
        ActorCritic paper = Policies.create("rnn", new Parameters(DataType.FLOAT, 1), "p", "p", PolicyConfig.paper(),
                3, 5, true, 0);
        assertEquals(List.of(ActorCritic.OBS, ActorCritic.PREV_ACTION, ActorCritic.PREV_REWARD),
                List.copyOf(paper.inputWidths().keySet()));
        assertEquals(5, paper.inputWidths().get(ActorCritic.PREV_ACTION), "one-hot previous action");
        assertEquals(1, paper.inputWidths().get(ActorCritic.PREV_REWARD));
        assertEquals(256, paper.stateSize());
        ActorCritic grid = Policies.create("rnn+hn", new Parameters(DataType.FLOAT, 1), "p", "p", PolicyConfig.grid(),
                3, 5, true, 0);
        assertEquals(List.of(ActorCritic.OBS, ActorCritic.PREV_REWARD), List.copyOf(grid.inputWidths().keySet()),
                "the grid preset omits the previous action");
    }

    static List<String> everyPolicy() {
        return Policies.kinds().stream().map(Policies.Kind::id).toList();
    }

    @ParameterizedTest
    @MethodSource("everyPolicy")
    void sameSeedAndScopeGiveIdenticalParametersWhateverElseIsBuilt(String id) {
        Parameters a = new Parameters(DataType.FLOAT, 17);
        Parameters b = new Parameters(DataType.FLOAT, 17);
        // Another module built first in one store only must not shift the policy's initial values.
        new Linear(b, "other", "other", 4, 4, LayerInits.NORMC, 1.0);
        ActorCritic pa = Policies.create(id, a, "policy", "policy", PolicyConfig.small(), 3, 2, false, 2);
        ActorCritic pb = Policies.create(id, b, "policy", "policy", PolicyConfig.small(), 3, 2, false, 2);
        assertEquals(pa.parameters().size(), pb.parameters().size());
        for (int i = 0; i < pa.parameters().size(); i++) {
            Parameter x = pa.parameters().get(i);
            Parameter y = pb.parameters().get(i);
            assertEquals(x.name(), y.name());
            assertEquals(x.value(), y.value(), x.name());
        }
        Parameters c = new Parameters(DataType.FLOAT, 18);
        ActorCritic pc = Policies.create(id, c, "policy", "policy", PolicyConfig.small(), 3, 2, false, 2);
        assertFalse(pc.parameters().get(0).value().equals(pa.parameters().get(0).value()), "another seed differs");
    }

    static List<HyperInit> everyHyperInit() {
        return HyperInits.all();
    }

    @ParameterizedTest
    @MethodSource("everyHyperInit")
    void everyHypernetworkInitIsSelectableByName(HyperInit init) {
        for (String id : List.of("rnn+hn", "multi+hn")) {
            PolicyConfig c = PolicyConfig.small().withInit(init.name());
            assertEquals(init.name(), c.init().name());
            Parameters ps = new Parameters(DataType.FLOAT, 3);
            ActorCritic p = Policies.create(id, ps, "policy", "policy", c, 3, 4, true, 2);
            for (Parameter q : p.parameters()) {
                assertTrue(Double.isFinite(q.value().sumNumber().doubleValue()), q.name());
            }
        }
    }

    @Test
    void hyperPoliciesRefuseOtherActivations() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> Policies.create(
                "rnn+hn", new Parameters(DataType.FLOAT, 1), "p", "p", PolicyConfig.small().withActivation(
                        Activation.RELU), 3, 2, true, 0));
        assertTrue(e.getMessage().contains("activation"), e.getMessage());
        Policies.create("rnn", new Parameters(DataType.FLOAT, 1), "p", "p",
                PolicyConfig.small().withActivation(Activation.RELU), 3, 2, true, 0);
    }

    @Test
    void configPresetsAndPrinting() {
        PolicyConfig grid = PolicyConfig.grid();
        assertEquals(0, grid.actionEmbed());
        assertEquals(8, grid.rewardEmbed());
        assertEquals(32, grid.obsEmbed());
        assertEquals(PolicyConfig.paper().withEmbeddings(32, 0, 8), grid);
        assertEquals(PolicyConfig.small().withInit("naive_normc"), PolicyConfig.small().withInit("naive-normc"),
                "configs with the same init name are equal");
        String s = PolicyConfig.paper().toString();
        assertTrue(s.contains("hidden=[256, 128]") && s.contains("init=bias_hyperinit")
                && s.contains("generator=full"), s);
        assertThrows(IllegalArgumentException.class, () -> PolicyConfig.small().withHidden());
        assertThrows(IllegalArgumentException.class, () -> PolicyConfig.small().withEmbeddings(4, -1, 2));
    }
}
