package org.hyperrl.core.policy;

import java.util.Arrays;
import org.hyperrl.core.init.HyperInit;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.nn.Activation;

/**
 * Sizes and initialisations of the actor-critic policies of {@link Policies}. {@link #paper()} holds Beck et al.'s
 * values (the "XL" policy, GRU 256), {@link #grid()} the grid-world encoder widths, {@link #small()} a tiny
 * configuration of the same structure for tests.
 *
 * @param obsEmbed         width of the recurrent encoder's observation embedding {@code Linear + ReLU} (32)
 * @param actionEmbed      width of the encoder's previous-action embedding; 0 omits the previous action (16; 0 on grid)
 * @param rewardEmbed      width of the encoder's previous-reward embedding; 0 omits the previous reward (16; 8 on grid)
 * @param gruSize          width of the single GRU layer (256)
 * @param hidden           hidden widths of the actor and critic networks, plain or generated (256-128)
 * @param stateEmbed       width of the policy's state embedding {@code Linear(obs -> .) + tanh} (256)
 * @param latentProjection {@code d_k}: width of the hypernetwork input's projection (25; 10 on Ant-Dir)
 * @param init             hypernetwork head initialisation of the hyper policies (Bias-HyperInit in the papers); any
 *                         {@link HyperInits#byName} scheme
 * @param generator        how the hyper policies produce base weights: full generation or FiLM
 * @param activation       hidden activation of the plain actor and critic networks (tanh); the hypernetwork base
 *                         networks are tanh only
 */
public record PolicyConfig(int obsEmbed, int actionEmbed, int rewardEmbed, int gruSize, int[] hidden, int stateEmbed,
                           int latentProjection, HyperInit init, HyperPolicy.Generator generator,
                           Activation activation) {

    public PolicyConfig {
        hidden = hidden == null ? null : hidden.clone();
        if (hidden == null || hidden.length == 0 || Arrays.stream(hidden).anyMatch(w -> w <= 0)) {
            throw new IllegalArgumentException("policy hidden widths must be positive and at least one, got "
                    + Arrays.toString(hidden));
        }
        requirePositive("obsEmbed", obsEmbed);
        requirePositive("gruSize", gruSize);
        requirePositive("stateEmbed", stateEmbed);
        requirePositive("latentProjection", latentProjection);
        if (actionEmbed < 0 || rewardEmbed < 0) {
            throw new IllegalArgumentException("actionEmbed and rewardEmbed must be >= 0 (0 omits the input), got "
                    + actionEmbed + " and " + rewardEmbed);
        }
        if (init == null || generator == null || activation == null) {
            throw new IllegalArgumentException("init, generator and activation are required, got " + init + ", "
                    + generator + ", " + activation);
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("policy option " + name + " must be positive, got " + value);
        }
    }

    /**
     * Beck et al. 2022/2023 on MuJoCo: encoder embeddings obs 32, action 16, reward 16; GRU 256; state embedding 256,
     * hidden 256-128 (XL); projection 25; Bias-HyperInit; full generation; tanh.
     */
    public static PolicyConfig paper() {
        return new PolicyConfig(32, 16, 16, 256, new int[]{256, 128}, 256, 25, HyperInits.BIAS_HYPERINIT,
                HyperPolicy.Generator.FULL, Activation.TANH);
    }

    /** {@link #paper()} with the grid-world encoder widths: no action embedding, reward 8, obs 32. */
    public static PolicyConfig grid() {
        return paper().withEmbeddings(32, 0, 8);
    }

    /** A tiny configuration of the same structure for tests: embeddings 4/3/2, GRU 6, state 6, hidden 5-4, d_k 3. */
    public static PolicyConfig small() {
        return new PolicyConfig(4, 3, 2, 6, new int[]{5, 4}, 6, 3, HyperInits.BIAS_HYPERINIT,
                HyperPolicy.Generator.FULL, Activation.TANH);
    }

    /** The encoder's observation, previous-action and previous-reward embedding widths. */
    public PolicyConfig withEmbeddings(int obs, int action, int reward) {
        return new PolicyConfig(obs, action, reward, gruSize, hidden, stateEmbed, latentProjection, init, generator,
                activation);
    }

    public PolicyConfig withGruSize(int size) {
        return new PolicyConfig(obsEmbed, actionEmbed, rewardEmbed, size, hidden, stateEmbed, latentProjection, init,
                generator, activation);
    }

    /** Hidden widths and state embedding of one of Beck et al.'s base sizes (XS ... XXL). */
    public PolicyConfig withSize(HyperPolicy.Size size) {
        return new PolicyConfig(obsEmbed, actionEmbed, rewardEmbed, gruSize, size.hidden(), size.embed(),
                latentProjection, init, generator, activation);
    }

    public PolicyConfig withHidden(int... widths) {
        return new PolicyConfig(obsEmbed, actionEmbed, rewardEmbed, gruSize, widths, stateEmbed, latentProjection, init,
                generator, activation);
    }

    public PolicyConfig withStateEmbed(int width) {
        return new PolicyConfig(obsEmbed, actionEmbed, rewardEmbed, gruSize, hidden, width, latentProjection, init,
                generator, activation);
    }

    public PolicyConfig withLatentProjection(int dk) {
        return new PolicyConfig(obsEmbed, actionEmbed, rewardEmbed, gruSize, hidden, stateEmbed, dk, init, generator,
                activation);
    }

    public PolicyConfig withInit(HyperInit i) {
        return new PolicyConfig(obsEmbed, actionEmbed, rewardEmbed, gruSize, hidden, stateEmbed, latentProjection, i,
                generator, activation);
    }

    /** The hypernetwork init by its {@link HyperInits#byName} name. */
    public PolicyConfig withInit(String name) {
        return withInit(HyperInits.byName(name));
    }

    public PolicyConfig withGenerator(HyperPolicy.Generator g) {
        return new PolicyConfig(obsEmbed, actionEmbed, rewardEmbed, gruSize, hidden, stateEmbed, latentProjection, init,
                g, activation);
    }

    public PolicyConfig withActivation(Activation a) {
        return new PolicyConfig(obsEmbed, actionEmbed, rewardEmbed, gruSize, hidden, stateEmbed, latentProjection, init,
                generator, a);
    }

    /** The hidden widths (a copy). */
    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** The configuration of a {@link HyperPolicy} with these sizes. */
    HyperPolicy.Config hyperConfig(boolean discrete) {
        return new HyperPolicy.Config(stateEmbed, hidden, latentProjection, init, generator, discrete);
    }

    /** Equal sizes, options and init names (schemes such as {@code naive_normc} are rebuilt on every look-up). */
    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyConfig c && obsEmbed == c.obsEmbed && actionEmbed == c.actionEmbed
                && rewardEmbed == c.rewardEmbed && gruSize == c.gruSize && Arrays.equals(hidden, c.hidden)
                && stateEmbed == c.stateEmbed && latentProjection == c.latentProjection && init.name().equals(c.init.name())
                && generator == c.generator && activation == c.activation;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(hidden) + java.util.Objects.hash(obsEmbed, actionEmbed, rewardEmbed, gruSize,
                stateEmbed, latentProjection, init.name(), generator, activation);
    }

    @Override
    public String toString() {
        return "PolicyConfig[obsEmbed=" + obsEmbed + ", actionEmbed=" + actionEmbed + ", rewardEmbed=" + rewardEmbed
                + ", gruSize=" + gruSize + ", hidden=" + Arrays.toString(hidden) + ", stateEmbed=" + stateEmbed
                + ", latentProjection=" + latentProjection + ", init=" + init.name() + ", generator="
                + generator.name().toLowerCase(java.util.Locale.ROOT) + ", activation="
                + activation.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }
}
