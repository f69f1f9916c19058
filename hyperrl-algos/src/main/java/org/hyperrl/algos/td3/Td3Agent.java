package org.hyperrl.algos.td3;

import java.util.List;
import java.util.random.RandomGenerator;
import org.hyperrl.algos.api.Agent;
import org.hyperrl.algos.api.AgentState;
import org.hyperrl.algos.common.ActionScaling;
import org.hyperrl.algos.common.OffPolicyState;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.FastMlp;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.Space;

/**
 * TD3's deterministic policy {@code pi(s) = tanh(MLP(s))} in the normalised action box, scaled to the env's box when
 * acting. Exploration adds {@code N(0, sigma_explore)} per dimension and clips to {@code [-1, 1]}. Acting runs on a
 * plain-Java copy of the weights ({@link FastMlp}).
 */
public final class Td3Agent implements Agent {
    /** Scope and group of the actor's parameters. */
    static final String ACTOR = "actor";

    private final Mlp actor;
    private final FastMlp fast;
    private final ActionScaling scaling;
    private final int obsDim;
    private final double explorationNoise;

    /** Creates the actor in {@code params} as {@code actor/fc0/W ...} in group {@code actor}. */
    public Td3Agent(Parameters params, Space observationSpace, Space actionSpace, Td3Config config) {
        if (!(observationSpace instanceof Box ob)) {
            throw new IllegalArgumentException("TD3 needs a Box observation space, got " + observationSpace);
        }
        this.scaling = ActionScaling.of(actionSpace);
        this.obsDim = ob.low().length;
        this.explorationNoise = config.explorationNoise();
        this.actor = new Mlp(params, ACTOR, ACTOR, obsDim, config.actorHidden(), scaling.dim(), Activation.RELU,
                Activation.TANH, LayerInits.TORCH_DEFAULT, 1.0);
        this.fast = new FastMlp(actor, Activation.RELU, Activation.TANH);
    }

    /**
     * The normalised action: {@code pi(s)}, or with {@code noise} given {@code clip(pi(s) + sigma * N(0, 1), -1, 1)}
     * drawing one normal per dimension in order.
     */
    public float[] normalisedAction(double[] observation, RandomGenerator noise) {
        float[] u = fast.forward(OffPolicyState.toFloat(observation, obsDim)).clone();
        if (noise != null) {
            for (int i = 0; i < u.length; i++) {
                u[i] = (float) Math.max(-1.0, Math.min(1.0, u[i] + explorationNoise * noise.nextGaussian()));
            }
        }
        return u;
    }

    @Override
    public double[] act(double[] observation, AgentState state, boolean episodeStart, boolean deterministic) {
        return scaling.toEnv(normalisedAction(observation, deterministic ? null : state.rng()));
    }

    /** The actor network (for the training graphs). */
    public Mlp actor() {
        return actor;
    }

    /** Scaling between the normalised and the env's action box. */
    public ActionScaling scaling() {
        return scaling;
    }

    @Override
    public List<Parameter> parameters() {
        return actor.parameters();
    }

    @Override
    public void refresh() {
        fast.refresh();
    }
}
