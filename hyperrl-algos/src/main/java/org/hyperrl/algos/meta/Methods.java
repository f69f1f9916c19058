package org.hyperrl.algos.meta;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hyperrl.core.Registry;
import org.hyperrl.core.policy.Policies;

/**
 * Beck et al. 2023's meta-RL methods by their paper names, each a policy of {@link Policies} plus the task inference
 * that feeds it. A method that infers the task gives its policy, in place of the true task, the posterior (mean and
 * log-variance) its inference computes from the trial so far; every policy of {@link Policies} is also a method of its
 * own, without inference ({@code rnn}, {@code rnn+hn}, {@code multi+hn}, ...).
 * <ul>
 *   <li>{@code vi}: VariBAD (Zintgraf et al. 2020), the {@code multi} policy on the VAE's posterior.</li>
 *   <li>{@code vi+hn}: VI+HN, the {@code multi+hn} hypernetwork policy on the VAE's posterior.</li>
 *   <li>{@code ti-naive}: TI Naive, the {@code multi} policy on {@code ReLU(P (mu, logvar))} of a posterior trained to
 *       predict the task description.</li>
 *   <li>{@code ti}, {@code ti+hn}: TI, a multi-task policy on a learned representation g(c) pre-trained first (its
 *       frames counted), then a fresh meta-policy on the posterior of an encoder trained to predict g(c);
 *       {@code multi} and {@code multi+hn} policies.</li>
 *   <li>{@code ti++}, {@code ti++hn}: TI++, the meta-policy starts from the pre-trained policy and task inference also
 *       trains on the pre-training's trials.</li>
 * </ul>
 */
public final class Methods {

    /** How a method infers the task. */
    public enum Inference {
        /** None: the policy reads what it reads (the true task, or its own recurrent state). */
        NONE,
        /** VariBAD's VAE: the ELBO trains the encoder; the RL loss does not reach it. */
        VI,
        /**
         * TI Naive (Beck et al. 2023): the encoder predicts the given task description through an information
         * bottleneck; the policy reads a learned projection of the stop-gradient posterior.
         */
        TI_NAIVE,
        /**
         * TI (Beck et al. 2023): a multi-task policy on a learned task representation g(c) is pre-trained first; then
         * the encoder predicts g(c) (a fixed target) and a fresh meta-policy is trained.
         */
        TI,
        /** TI++: as TI, the meta-policy starts from the pre-trained policy, and inference also trains on the trials of
         * the pre-training. */
        TI_PLUS;

        /** Whether the method pre-trains a multi-task policy first. */
        public boolean pretrains() {
            return this == TI || this == TI_PLUS;
        }

        /** Whether the encoder is trained to predict (a representation of) the task description. */
        public boolean predictsTask() {
            return this == TI_NAIVE || pretrains();
        }
    }

    /**
     * A method.
     *
     * @param id          paper name, the value of PPO's {@code policy} option
     * @param description one line for {@code hyperrl list}
     * @param policy      the policy id in {@link Policies}
     * @param inference   the task inference
     */
    public record Method(String id, String description, String policy, Inference inference) {
        /** Whether the policy reads an inferred posterior in place of the true task. */
        public boolean infers() {
            return inference != Inference.NONE;
        }
    }

    /** VariBAD. */
    public static final String VI = "vi";
    /** VariBAD with the hypernetwork policy. */
    public static final String VI_HN = "vi+hn";
    /** Beck et al. 2023's naive task inference. */
    public static final String TI_NAIVE = "ti-naive";
    /** TI. */
    public static final String TI = "ti";
    /** TI with the hypernetwork policy. */
    public static final String TI_HN = "ti+hn";
    /** TI++. */
    public static final String TI_PLUS = "ti++";
    /** TI++ with the hypernetwork policy. */
    public static final String TI_PLUS_HN = "ti++hn";

    private static final Registry<Method> METHODS = new Registry<>("method", Method::id, Method::description);

    static {
        register(new Method(VI, "VI (VariBAD): the multi policy on a VAE's task posterior; the ELBO trains the encoder",
                Policies.MULTI, Inference.VI));
        register(new Method(VI_HN, "VI+HN: VariBAD with the hypernetwork policy (multi+hn) on the posterior",
                Policies.MULTI_HN, Inference.VI));
        register(new Method(TI_NAIVE, "TI Naive: the encoder predicts the task description through an information "
                + "bottleneck; the multi policy reads ReLU(P (mu, logvar)) of its posterior", Policies.MULTI,
                Inference.TI_NAIVE));
        register(new Method(TI, "TI: pre-trains a multi-task policy on a learned task representation g(c), then a "
                + "fresh meta-policy on a posterior trained to predict g(c)", Policies.MULTI, Inference.TI));
        register(new Method(TI_HN, "TI+HN: TI with hypernetwork policies (multi+hn)", Policies.MULTI_HN,
                Inference.TI));
        register(new Method(TI_PLUS, "TI++: TI whose meta-policy starts from the pre-trained one and whose inference "
                + "also trains on the pre-training trials", Policies.MULTI, Inference.TI_PLUS));
        register(new Method(TI_PLUS_HN, "TI++HN: TI++ with hypernetwork policies (multi+hn)", Policies.MULTI_HN,
                Inference.TI_PLUS));
    }

    /**
     * The inference settings a method starts from, given the env family's VariBAD preset: TI Naive's task prediction
     * ({@link InferenceConfig#taskInference}) or the VariBAD preset itself.
     */
    public static InferenceConfig preset(String id, InferenceConfig variBad) {
        Inference kind = resolve(id).inference();
        if (kind.pretrains()) {
            return InferenceConfig.learnedTaskInference(variBad);
        }
        return kind == Inference.TI_NAIVE ? InferenceConfig.taskInference(variBad) : variBad;
    }

    private Methods() {
    }

    /** Registers (or replaces) a method. */
    public static void register(Method m) {
        Policies.kind(m.policy());
        METHODS.register(m);
    }

    /**
     * The method named {@code id}: a registered method, or a policy of {@link Policies} without inference.
     *
     * @throws IllegalArgumentException naming the known names if there is none
     */
    public static Method resolve(String id) {
        if (METHODS.contains(id)) {
            return METHODS.get(id);
        }
        try {
            Policies.Kind k = Policies.kind(id);
            return new Method(k.id(), k.description(), k.id(), Inference.NONE);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown policy or method '" + id + "'; known: "
                    + descriptions().keySet());
        }
    }

    /** Every name with its description: the policies, then the methods. */
    public static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>(Policies.descriptions());
        d.putAll(METHODS.descriptions());
        return d;
    }
}
