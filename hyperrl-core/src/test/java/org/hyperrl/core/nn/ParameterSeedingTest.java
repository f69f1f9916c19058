package org.hyperrl.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.random.RandomGenerator;
import org.hyperrl.core.critic.CriticConfig;
import org.hyperrl.core.critic.CriticType;
import org.hyperrl.core.critic.Critics;
import org.hyperrl.core.init.LayerInits;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Initial values depend on (root seed, scope) only, not on what else a model builds first. */
class ParameterSeedingTest {

    private static Mlp mlp(Parameters ps, String scope) {
        return new Mlp(ps, scope, "g", 4, new int[]{8}, 2, Activation.RELU, Activation.IDENTITY,
                LayerInits.TORCH_DEFAULT, 1.0);
    }

    @Test
    void anExtraModuleBuiltEarlierLeavesLaterModulesUnchanged() {
        Parameters alone = new Parameters(DataType.FLOAT, 11);
        mlp(alone, "actor");
        new Gru(alone, "rnn", "g", 3, 4);
        Parameters withExtra = new Parameters(DataType.FLOAT, 11);
        new Linear(withExtra, "extra", "g", 4, 8, LayerInits.TORCH_DEFAULT, 1.0);
        new Gru(withExtra, "rnn", "g", 3, 4);
        mlp(withExtra, "actor");
        for (String name : alone.names()) {
            assertEquals(alone.get(name).value(), withExtra.get(name).value(), name);
        }
    }

    @Test
    void aSecondCriticDoesNotDependOnTheFirst() {
        Parameters both = new Parameters(DataType.FLOAT, 5);
        Critics.create(CriticType.SA_HYPER, both, "critic1", "critic", 5, 2, CriticConfig.small());
        Critics.create(CriticType.SA_HYPER, both, "critic2", "critic", 5, 2, CriticConfig.small());
        Parameters second = new Parameters(DataType.FLOAT, 5);
        Critics.create(CriticType.SA_HYPER, second, "critic2", "critic", 5, 2, CriticConfig.small());
        for (String name : second.names()) {
            assertEquals(second.get(name).value(), both.get(name).value(), name);
        }
        Parameters emb = new Parameters(DataType.FLOAT, 5);
        Critics.create(CriticType.EMB_HYPER, emb, "critic2", "critic", 5, 2, CriticConfig.small());
        Parameters embAfter = new Parameters(DataType.FLOAT, 5);
        mlp(embAfter, "actor");
        Critics.create(CriticType.EMB_HYPER, embAfter, "critic2", "critic", 5, 2, CriticConfig.small());
        assertEquals(emb.get("critic2/embedding").value(), embAfter.get("critic2/embedding").value());
    }

    @Test
    void sameSeedAndScopeGiveTheSameValuesOtherScopesOrSeedsDoNot() {
        Parameters a = new Parameters(DataType.DOUBLE, 3);
        Parameters b = new Parameters(DataType.DOUBLE, 3);
        mlp(a, "net");
        mlp(b, "net");
        mlp(a, "other");
        assertEquals(a.get("net/fc0/W").value(), b.get("net/fc0/W").value());
        assertNotEquals(a.get("net/fc0/W").value(), a.get("other/fc0/W").value());
        Parameters c = new Parameters(DataType.DOUBLE, 4);
        mlp(c, "net");
        assertNotEquals(a.get("net/fc0/W").value(), c.get("net/fc0/W").value());

        RandomGenerator r1 = a.rng("x/y");
        RandomGenerator r2 = b.rng("x/y");
        for (int i = 0; i < 5; i++) {
            assertEquals(r1.nextLong(), r2.nextLong());
        }
        // "Aa" and "BB" share String.hashCode; the scope hash must still tell them apart.
        assertEquals("Aa".hashCode(), "BB".hashCode());
        assertNotEquals(Parameters.scopeSeed(3, "Aa"), Parameters.scopeSeed(3, "BB"));
        assertNotEquals(Parameters.scopeSeed(3, "net"), Parameters.scopeSeed(4, "net"));
    }
}
