package org.hyperrl.core.policy;

import java.util.List;
import java.util.Map;
import org.hyperrl.core.Registry;
import org.hyperrl.core.nn.Parameters;

/**
 * The registry of actor-critic policies by id, named as in Beck et al. 2023. The built-ins are registered here the
 * same way a user's own policy is, with {@link #register} and a {@link Factory}; algorithms create policies by id only.
 * <ul>
 *   <li>{@code mlp}: feed-forward, observation only (single-task PPO).</li>
 *   <li>{@code rnn}: RL2, a GRU over observation, previous action and reward; the policy sees the state only through
 *       it.</li>
 *   <li>{@code rnn+s}: RNN+S, as {@code rnn} with the state embedding also passed to the actor and critic.</li>
 *   <li>{@code rnn+hn}: RNN+HN, the GRU output is the input of a {@link HyperPolicy}.</li>
 *   <li>{@code multi}: feed-forward on observation and true task (an upper bound).</li>
 *   <li>{@code multi+hn}: Multi+HN, a {@link HyperPolicy} conditioned on the true task.</li>
 * </ul>
 */
public final class Policies {

    /** Creates a policy whose parameters are {@code scope/...} in group {@code group}. */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param actionSize number of discrete actions or action dimensions
         * @param taskDim    width of the task description; 0 when there is none (only task-reading policies use it)
         */
        ActorCritic create(Parameters ps, String scope, String group, PolicyConfig config, int obsDim, int actionSize,
                           boolean discrete, int taskDim);
    }

    /**
     * A registered policy.
     *
     * @param id          the config and command-line name, e.g. {@code rnn+hn}
     * @param description one line for {@code hyperrl list}
     * @param recurrent   whether it carries a state from step to step ({@link ActorCritic#stateSize()} > 0)
     * @param usesTask    whether it reads the true task ({@link ActorCritic#TASK}), so it needs a task width
     * @param factory     creates it
     */
    public record Kind(String id, String description, boolean recurrent, boolean usesTask, Factory factory) {
        public Kind {
            if (id == null || id.isBlank() || !id.equals(id.trim())) {
                throw new IllegalArgumentException("a policy id must be a non-blank word, got '" + id + "'");
            }
            if (factory == null) {
                throw new IllegalArgumentException("policy '" + id + "' needs a factory");
            }
        }
    }

    /** Id of the feed-forward policy. */
    public static final String MLP = "mlp";
    /** Id of RL2's recurrent policy. */
    public static final String RNN = "rnn";
    /** Id of RNN+S. */
    public static final String RNN_S = "rnn+s";
    /** Id of the recurrent hypernetwork policy. */
    public static final String RNN_HN = "rnn+hn";
    /** Id of the multi-task policy. */
    public static final String MULTI = "multi";
    /** Id of the multi-task hypernetwork policy. */
    public static final String MULTI_HN = "multi+hn";

    private static final Registry<Kind> KINDS = new Registry<>("policy", Kind::id, Kind::description);

    static {
        register(new Kind(MLP, "feed-forward actor and critic MLPs on the observation (single-task)", false, false,
                (ps, scope, group, c, obs, act, discrete, task) -> new FeedForwardPolicy(
                        new MlpBody(ps, scope, group, MlpBody.Features.EMBEDDED_OBS, obs, 0, act, discrete, c),
                        obs, 0, act, discrete)));
        register(new Kind(RNN, "RL2: a GRU over observation, previous action and reward; actor and critic MLPs on its"
                + " output", true, false,
                (ps, scope, group, c, obs, act, discrete, task) -> new RecurrentPolicy(ps, scope, group, c, obs, act,
                        discrete, (p, s, gr, o, ctx, a, d, cf) -> new MlpBody(p, s, gr, MlpBody.Features.CONTEXT, o,
                        ctx, a, d, cf))));
        register(new Kind(RNN_S, "RNN+S: as rnn, the actor and critic also read a state embedding", true, false,
                (ps, scope, group, c, obs, act, discrete, task) -> new RecurrentPolicy(ps, scope, group, c, obs, act,
                        discrete, (p, s, gr, o, ctx, a, d, cf) -> new MlpBody(p, s, gr,
                        MlpBody.Features.CONTEXT_AND_EMBEDDED_OBS, o, ctx, a, d, cf))));
        register(new Kind(RNN_HN, "RNN+HN: the GRU output generates the actor and critic (hypernetwork)", true, false,
                (ps, scope, group, c, obs, act, discrete, task) -> new RecurrentPolicy(ps, scope, group, c, obs, act,
                        discrete, HyperBody::new)));
        register(new Kind(MULTI, "multi-task MLPs on observation and true task (an upper bound)", false, true,
                (ps, scope, group, c, obs, act, discrete, task) -> new FeedForwardPolicy(
                        new MlpBody(ps, scope, group, MlpBody.Features.EMBEDDED_OBS_AND_CONTEXT, obs, task, act,
                                discrete, c), obs, task, act, discrete)));
        register(new Kind(MULTI_HN, "Multi+HN: the true task generates the actor and critic (hypernetwork)", false,
                true, (ps, scope, group, c, obs, act, discrete, task) -> new FeedForwardPolicy(
                        new HyperBody(ps, scope, group, obs, task, act, discrete, c), obs, task, act, discrete)));
    }

    private Policies() {
    }

    /** Registers (or replaces) a policy. */
    public static void register(Kind kind) {
        KINDS.register(kind);
    }

    /**
     * The policy registered as {@code id}.
     *
     * @throws IllegalArgumentException naming the registered ids if there is none
     */
    public static Kind kind(String id) {
        return KINDS.get(id);
    }

    /** Every registered policy, in registration order. */
    public static List<Kind> kinds() {
        return KINDS.all();
    }

    /** Ids with their descriptions, in registration order. */
    public static Map<String, String> descriptions() {
        return KINDS.descriptions();
    }

    /**
     * Creates the policy registered as {@code id}.
     *
     * @param actionSize number of discrete actions (categorical head) or action dimensions (Gaussian head)
     * @param taskDim    width of the true task description; must be positive for policies that read it, ignored by
     *                   the others
     * @throws IllegalArgumentException for an unknown id, non-positive dimensions, fewer than two discrete actions,
     *                                  or a task-reading policy without a task width
     */
    public static ActorCritic create(String id, Parameters ps, String scope, String group, PolicyConfig config,
                                     int obsDim, int actionSize, boolean discrete, int taskDim) {
        Kind kind = kind(id);
        if (obsDim <= 0 || actionSize <= 0) {
            throw new IllegalArgumentException("observation and action sizes must be positive, got " + obsDim + " and "
                    + actionSize);
        }
        if (discrete && actionSize < 2) {
            throw new IllegalArgumentException("a categorical policy needs at least two actions, got " + actionSize);
        }
        if (kind.usesTask() && taskDim <= 0) {
            throw new IllegalArgumentException("policy '" + id + "' reads the true task, so it needs a task width > 0"
                    + " (got " + taskDim + "); use an environment that exposes its task description, or a policy"
                    + " that does not read it");
        }
        return kind.factory().create(ps, scope, group, config, obsDim, actionSize, discrete,
                kind.usesTask() ? taskDim : 0);
    }

    /**
     * A task-reading feed-forward policy ({@code multi} or {@code multi+hn}) whose task input is first projected:
     * {@code phi = act(P c)} with {@code P} a learned {@code Linear(taskDim -> width)}, the body then reading
     * {@code phi} as its task (Beck et al. 2023's task-inference policies, {@code phi = ReLU(P^phi (mu, sigma))}).
     *
     * @param activation {@link org.hyperrl.core.nn.Activation#RELU} (the paper) or {@code TANH} (the reference code)
     * @throws UnsupportedOperationException for any other policy id
     */
    public static ActorCritic createProjected(String id, Parameters ps, String scope, String group,
                                              PolicyConfig config, int obsDim, int actionSize, boolean discrete,
                                              int taskDim, int width, org.hyperrl.core.nn.Activation activation) {
        if (taskDim <= 0 || width <= 0) {
            throw new IllegalArgumentException("a projected task input needs taskDim > 0 and width > 0, got " + taskDim
                    + " and " + width);
        }
        PolicyBody inner = switch (id) {
            case MULTI -> new MlpBody(ps, scope, group, MlpBody.Features.EMBEDDED_OBS_AND_CONTEXT, obsDim, width,
                    actionSize, discrete, config);
            case MULTI_HN -> new HyperBody(ps, scope, group, obsDim, width, actionSize, discrete, config);
            default -> throw new UnsupportedOperationException("a projected task input is supported for the policies "
                    + MULTI + " and " + MULTI_HN + " only, not '" + id + "'");
        };
        return new FeedForwardPolicy(new ProjectedContextBody(ps, scope, group, taskDim, width, activation, inner),
                obsDim, taskDim, actionSize, discrete);
    }
}
