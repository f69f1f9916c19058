package org.hyperrl.algos.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.hyperrl.algos.api.AgentCheckpoint;
import org.hyperrl.algos.api.Algorithm;
import org.hyperrl.algos.api.Algorithms;
import org.hyperrl.algos.api.Columns;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.EnvFactory;
import org.hyperrl.algos.api.EnvInfo;
import org.hyperrl.algos.api.Trainer;
import org.hyperrl.algos.api.TrainingContext;
import org.hyperrl.algos.common.Evaluator;
import org.hyperrl.algos.td3.Td3Config;
import org.hyperrl.core.critic.CriticConfig;
import org.hyperrl.core.critic.Critics;
import org.hyperrl.core.critic.QNetwork;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.WeightSource;
import org.hyperrl.envs.meta.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The README's "Use as a library" program, kept here so that it compiles and runs: a user registers a critic of their
 * own (no HyperRL source edited), trains TD3 with it through the Java API, saves the agent and evaluates it alone.
 */
class LibraryUsageTest {
    @TempDir
    Path dir;

    /** A user's critic: an MLP on concat(state, action) with ELU activations. */
    static final class EluCritic implements QNetwork {
        private final Mlp net;
        private final int stateDim;
        private final int actionDim;

        EluCritic(org.hyperrl.core.nn.Parameters ps, String scope, String group, int s, int a) {
            this.net = new Mlp(ps, scope, group, s + a, new int[]{32, 32}, 1, Activation.ELU, Activation.IDENTITY,
                    LayerInits.TORCH_DEFAULT, 1.0);
            this.stateDim = s;
            this.actionDim = a;
        }

        @Override
        public SDVariable q(Graph g, SDVariable state, SDVariable action, WeightSource weights) {
            return net.apply(g, g.sd().concat(1, state, action), weights);
        }

        @Override
        public java.util.List<Parameter> parameters() {
            return net.parameters();
        }

        @Override
        public int stateDim() {
            return stateDim;
        }

        @Override
        public int actionDim() {
            return actionDim;
        }
    }

    @Test
    void readmeProgramTrainsAUserCriticAndEvaluatesTheAgentAlone() throws Exception {
        // --- as in README.md, "Use as a library" ---
        Critics.register(new Critics.Kind("elu-mlp", "my ELU critic", false,
                (ps, scope, group, s, a, config) -> new EluCritic(ps, scope, group, s, a)));
        Algorithm<?> td3 = Algorithms.get("td3");
        Td3Config config = Configs.with(Td3Config.paper("elu-mlp"), Map.of("criticConfig", CriticConfig.small(),
                "totalSteps", 600, "startSteps", 200, "batchSize", 32, "evalEvery", 300, "evalEpisodes", 2));
        EnvFactory envs = EnvFactory.of("Pendulum", Map.of("maxEpisodeSteps", 100));
        Trainer trainer = td3.newTrainer(new TrainingContext(envs, 42), config);
        trainer.train((step, row) -> {
            if (row.containsKey(Columns.EVAL_RETURN)) {
                System.out.println(step + ": eval return " + row.get(Columns.EVAL_RETURN));
            }
        }, step -> { });
        AgentCheckpoint.save(dir.resolve("agent.ckpt"), trainer.agent(), Map.of(), trainer.step());
        // --- end ---

        var env = envs.create(Split.TEST);
        var agent = td3.newAgent(config, EnvInfo.of(env));
        AgentCheckpoint.load(dir.resolve("agent.ckpt"), agent);
        double mean = new Evaluator(env, 1).evaluate(agent, 2).mean();
        assertEquals(600, trainer.step());
        assertTrue(Double.isFinite(mean) && mean <= 0, "a Pendulum return, got " + mean);
        assertTrue(trainer.parameters().contains("critic1/fc0/W"), "the user's critic is the one trained");
    }
}
