package org.hyperrl.algos.sac;

import java.util.List;
import java.util.random.RandomGenerator;
import org.hyperrl.algos.api.Agent;
import org.hyperrl.algos.api.AgentState;
import org.hyperrl.algos.common.ActionScaling;
import org.hyperrl.algos.common.OffPolicyState;
import org.hyperrl.core.nn.FastMlp;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.Space;

/**
 * SAC's squashed Gaussian policy as an agent: deterministic actions are {@code tanh(mean)}, stochastic ones
 * {@code tanh(mean + std * eps)}, scaled to the env's box. Acting runs on a plain-Java copy of the weights.
 */
public final class SacAgent implements Agent {
    /** Scope and group of the policy's parameters. */
    static final String ACTOR = "actor";

    private final TanhGaussianPolicy policy;
    private final FastMlp fast;
    private final ActionScaling scaling;
    private final int obsDim;

    /** Creates the policy in {@code params} as {@code actor/...} in group {@code actor}. */
    public SacAgent(Parameters params, Space observationSpace, Space actionSpace, SacConfig config) {
        if (!(observationSpace instanceof Box ob)) {
            throw new IllegalArgumentException("SAC needs a Box observation space, got " + observationSpace);
        }
        this.scaling = ActionScaling.of(actionSpace);
        this.obsDim = ob.low().length;
        this.policy = new TanhGaussianPolicy(params, ACTOR, ACTOR, obsDim, config.actorHidden(), scaling.dim());
        this.fast = policy.fast();
    }

    /** The normalised action: {@code tanh(mean)}, or with {@code noise} a sample drawing one normal per dimension. */
    public float[] normalisedAction(double[] observation, RandomGenerator noise) {
        int actDim = scaling.dim();
        double[] normals = null;
        if (noise != null) {
            normals = new double[actDim];
            for (int i = 0; i < actDim; i++) {
                normals[i] = noise.nextGaussian();
            }
        }
        return TanhGaussianPolicy.squash(fast.forward(OffPolicyState.toFloat(observation, obsDim)), actDim, normals);
    }

    @Override
    public double[] act(double[] observation, AgentState state, boolean episodeStart, boolean deterministic) {
        return scaling.toEnv(normalisedAction(observation, deterministic ? null : state.rng()));
    }

    /** The policy network (for the training graphs). */
    public TanhGaussianPolicy policy() {
        return policy;
    }

    /** Scaling between the normalised and the env's action box. */
    public ActionScaling scaling() {
        return scaling;
    }

    @Override
    public List<Parameter> parameters() {
        return policy.parameters();
    }

    @Override
    public void refresh() {
        fast.refresh();
    }
}
