package org.hyperrl.algos.meta;

import org.hyperrl.algos.api.Configs;
import org.hyperrl.core.inference.TrajectoryEncoder;

/**
 * The task-inference part of a meta-RL method (used by the methods of {@link Methods} that infer the task, such as
 * VI and VI+HN; ignored by the others): VariBAD's trajectory encoder, its decoders and ELBO, and the VAE's training
 * schedule (Zintgraf et al. 2020 as used by Beck et al. 2022/2023; {@code docs/algorithms.md}).
 *
 * @param latentDim             latent task dimension L; the policy reads the posterior mean and log-variance (2L)
 * @param stateEmbed            encoder's next-state embedding width (0 omits the state)
 * @param actionEmbed           encoder's action embedding width (0 omits the action, as on the grid)
 * @param rewardEmbed           encoder's reward embedding width
 * @param gruSize               encoder GRU width
 * @param rewardDecoder         {@code cells}: multi-head Bernoulli over the grid's cells ("is this cell the goal?");
 *                              {@code mse}: reward regression from (latent, s', a, s); {@code none}
 * @param stateDecoder          also decode the next state from (latent, s, a) by MSE (VariBAD on Walker)
 * @param decoderHidden         hidden widths (ReLU) of every decoder
 * @param klWeight              weight of the KL terms of the ELBO
 * @param lr                    Adam learning rate of the encoder and decoders
 * @param bufferTrajectories    capacity of the VAE's trajectory buffer (oldest replaced first)
 * @param batchTrajectories     trajectories per VAE update
 * @param updatesPerIteration   VAE updates after each PPO update
 * @param precollectFrames      frames collected before the first update of either the policy or the VAE (they count
 *                              in the frame budget)
 * @param elboSubsample         ELBO terms (time steps of the posterior) per trajectory per update, drawn uniformly
 *                              with replacement; 0 uses every term
 * @param normaliseLatent       the policy reads the posterior normalised by running statistics (updated once per
 *                              PPO update)
 * @param taskDecoder           also predict the env's task description from z by MSE (TI Naive's J_infer)
 * @param taskDecoderHidden     hidden widths (ReLU) of the task decoder; empty: the paper's linear projection P^c
 *                              (the reference code uses 64-32)
 * @param klToPrior             the KL terms are KL(q_t || N(0, I)) for every t, an information bottleneck (TI);
 *                              otherwise KL(q_t || q_{t-1}) as VariBAD's ELBO
 * @param contextProjection     0: the policy reads the (normalised) posterior; k > 0: it reads
 *                              {@code act(P (mu, logvar))}, a learned projection to k units trained by the RL loss on
 *                              the stop-gradient posterior (TI: the paper's phi = ReLU(P^phi stopgrad(mu, sigma)))
 * @param contextActivation     the projection's activation: {@code relu} (the paper) or {@code tanh} (the reference
 *                              code)
 * @param pretrainUpdates       PPO updates of the multi-task pre-training of TI methods, counted in the frame budget
 *                              (100 on the grid, 563 on MuJoCo); ignored by the others
 * @param endToEndTaskWeight    for the recurrent methods without inference (rnn, rnn+s, rnn+hn): w of Beck et al.
 *                              2023's combined objective {@code (1 - w) L_PPO + w ||c - R phi||^2}, the GRU output phi
 *                              read out linearly as the task estimate (no bottleneck); 0: PPO alone
 */
public record InferenceConfig(int latentDim, int stateEmbed, int actionEmbed, int rewardEmbed, int gruSize,
                              String rewardDecoder, boolean stateDecoder, int[] decoderHidden, double klWeight,
                              double lr, int bufferTrajectories, int batchTrajectories, int updatesPerIteration,
                              long precollectFrames, int elboSubsample, boolean normaliseLatent, boolean taskDecoder,
                              int[] taskDecoderHidden, boolean klToPrior, int contextProjection,
                              String contextActivation, int pretrainUpdates, double endToEndTaskWeight) {

    /** Multi-head Bernoulli reward decoder over grid cells. */
    public static final String CELLS = "cells";
    /** Reward regression decoder. */
    public static final String MSE = "mse";
    /** No reward decoder. */
    public static final String NONE = "none";

    public InferenceConfig {
        try {
            new TrajectoryEncoder.Sizes(stateEmbed, actionEmbed, rewardEmbed, gruSize, latentDim);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid inference config: " + e.getMessage(), e);
        }
        require(rewardDecoder != null && java.util.List.of(CELLS, MSE, NONE).contains(rewardDecoder),
                "rewardDecoder must be one of cells, mse, none; got '" + rewardDecoder + "'");
        require(decoderHidden != null && java.util.Arrays.stream(decoderHidden).allMatch(w -> w > 0),
                "decoderHidden widths must be positive");
        decoderHidden = decoderHidden.clone();
        require(klWeight >= 0, "klWeight must be >= 0");
        require(lr > 0, "lr must be positive");
        require(bufferTrajectories > 0 && batchTrajectories > 0, "bufferTrajectories and batchTrajectories must be "
                + "positive");
        require(updatesPerIteration >= 0 && precollectFrames >= 0 && elboSubsample >= 0,
                "updatesPerIteration, precollectFrames and elboSubsample must be >= 0");
        require(taskDecoderHidden != null && java.util.Arrays.stream(taskDecoderHidden).allMatch(w -> w > 0),
                "taskDecoderHidden widths must be positive (empty: a linear projection)");
        taskDecoderHidden = taskDecoderHidden.clone();
        require(contextProjection >= 0, "contextProjection must be >= 0 (0: none)");
        require(pretrainUpdates >= 0, "pretrainUpdates must be >= 0");
        require(endToEndTaskWeight >= 0 && endToEndTaskWeight < 1, "endToEndTaskWeight must be in [0, 1), got "
                + endToEndTaskWeight);
        require(RELU.equals(contextActivation) || TANH.equals(contextActivation),
                "contextActivation must be relu or tanh, got '" + contextActivation + "'");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid inference config: " + message);
        }
    }

    /** The context projection's activation: the paper's. */
    public static final String RELU = "relu";
    /** The context projection's activation: the reference code's. */
    public static final String TANH = "tanh";

    @Override
    public int[] taskDecoderHidden() {
        return taskDecoderHidden.clone();
    }

    /** A copy with {@code pretrainUpdates} changed. */
    public InferenceConfig withPretrainUpdates(int n) {
        return Configs.with(this, "pretrainUpdates", n);
    }

    /** The encoder's sizes. */
    public TrajectoryEncoder.Sizes encoderSizes() {
        return new TrajectoryEncoder.Sizes(stateEmbed, actionEmbed, rewardEmbed, gruSize, latentDim);
    }

    /** Whether any decoder is on (the loss decodes sampled latents). */
    public boolean decodes() {
        return !rewardDecoder.equals(NONE) || stateDecoder || taskDecoder;
    }

    @Override
    public int[] decoderHidden() {
        return decoderHidden.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InferenceConfig c && toString().equals(c.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return Configs.describe(this);
    }

    /**
     * The default, {@link #grid()}: what a PPO config written before task inference existed reads back with (see
     * {@link Configs#defaultOf}).
     */
    public static InferenceConfig defaultValue() {
        return grid();
    }

    /**
     * VariBAD on Beck et al.'s Grid-World: latent 5, embeddings state 32 / action 0 / reward 8, GRU 256, multi-head
     * Bernoulli reward decoder 32-32, KL weight 1, Adam 1e-3, buffer 1e5 trajectories, 25 per update, 3 updates per PPO
     * update, 5000 frames precollected, every ELBO term.
     */
    public static InferenceConfig grid() {
        return new InferenceConfig(5, 32, 0, 8, 256, CELLS, false, new int[]{32, 32}, 1.0, 1e-3, 100_000, 25, 3,
                5000, 0, true, false, new int[0], false, 0, RELU, 100, 0.0);
    }

    /**
     * Task inference as Beck et al. 2023 state it for TI Naive, on the schedule of {@code base} (a VariBAD preset): the
     * encoder predicts the task description by a linear decoder through an information bottleneck (KL of every
     * posterior to N(0, I)), no reconstruction of rewards or states, and the policy reads ReLU(P (mu, logvar)) with
     * 25 units. The reference code's variant is reachable by configuration: {@code rewardDecoder} and
     * {@code stateDecoder} on, {@code taskDecoderHidden=64,32}, {@code contextActivation=tanh}.
     */
    public static InferenceConfig taskInference(InferenceConfig base) {
        return new InferenceConfig(base.latentDim, base.stateEmbed, base.actionEmbed, base.rewardEmbed, base.gruSize,
                NONE, false, base.decoderHidden, base.klWeight, base.lr, base.bufferTrajectories,
                base.batchTrajectories, base.updatesPerIteration, base.precollectFrames, base.elboSubsample,
                base.normaliseLatent, true, new int[0], true, 25, RELU, base.pretrainUpdates, 0.0);
    }

    /**
     * TI and TI++ (Beck et al. 2023): {@link #taskInference} predicting the learned representation g(c) of the
     * pre-trained multi-task policy (25 units, the width of the meta-policy's projection), after
     * {@code pretrainUpdates} updates of pre-training, which also stand for VariBAD's precollection (none here).
     */
    public static InferenceConfig learnedTaskInference(InferenceConfig base) {
        InferenceConfig t = taskInference(base);
        return new InferenceConfig(t.latentDim, t.stateEmbed, t.actionEmbed, t.rewardEmbed, t.gruSize, t.rewardDecoder,
                t.stateDecoder, t.decoderHidden, t.klWeight, t.lr, t.bufferTrajectories, t.batchTrajectories,
                t.updatesPerIteration, 0, t.elboSubsample, t.normaliseLatent, true, t.taskDecoderHidden, true,
                t.contextProjection, t.contextActivation, t.pretrainUpdates, 0.0);
    }

    /**
     * VariBAD on the MuJoCo tasks (Cheetah/Ant): latent 5, embeddings 32 / 16 / 16, GRU 256, reward MSE decoder 64-32,
     * KL weight 0.1, buffer 1e4 trajectories, 10 per update, 1 update per PPO update, 5000 frames precollected, 50
     * ELBO terms per trajectory.
     */
    public static InferenceConfig mujoco() {
        return new InferenceConfig(5, 32, 16, 16, 256, MSE, false, new int[]{64, 32}, 0.1, 1e-3, 10_000, 10, 1, 5000,
                50, true, false, new int[0], false, 0, RELU, 563, 0.0);
    }
}
