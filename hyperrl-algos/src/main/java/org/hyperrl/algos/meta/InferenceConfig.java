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
 */
public record InferenceConfig(int latentDim, int stateEmbed, int actionEmbed, int rewardEmbed, int gruSize,
                              String rewardDecoder, boolean stateDecoder, int[] decoderHidden, double klWeight,
                              double lr, int bufferTrajectories, int batchTrajectories, int updatesPerIteration,
                              long precollectFrames, int elboSubsample, boolean normaliseLatent) {

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
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid inference config: " + message);
        }
    }

    /** The encoder's sizes. */
    public TrajectoryEncoder.Sizes encoderSizes() {
        return new TrajectoryEncoder.Sizes(stateEmbed, actionEmbed, rewardEmbed, gruSize, latentDim);
    }

    /** Whether any decoder is on (the ELBO has a reconstruction term). */
    public boolean decodes() {
        return !rewardDecoder.equals(NONE) || stateDecoder;
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
                5000, 0, true);
    }

    /**
     * VariBAD on the MuJoCo tasks (Cheetah/Ant): latent 5, embeddings 32 / 16 / 16, GRU 256, reward MSE decoder 64-32,
     * KL weight 0.1, buffer 1e4 trajectories, 10 per update, 1 update per PPO update, 5000 frames precollected, 50
     * ELBO terms per trajectory.
     */
    public static InferenceConfig mujoco() {
        return new InferenceConfig(5, 32, 16, 16, 256, MSE, false, new int[]{64, 32}, 0.1, 1e-3, 10_000, 10, 1, 5000,
                50, true);
    }
}
