package org.hyperrl.bench.cli;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.hyperrl.algos.common.Trainer;
import org.hyperrl.algos.sac.Sac;
import org.hyperrl.algos.sac.SacConfig;
import org.hyperrl.algos.td3.Td3;
import org.hyperrl.algos.td3.Td3Config;
import org.hyperrl.core.critic.CriticConfig;
import org.hyperrl.core.critic.CriticType;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.envs.Env;

/**
 * The algorithms {@code hyperrl train} can run, by id. An algorithm is registered with its config record type, its
 * presets and a factory that builds a {@link Trainer} from a resolved config; everything else (overrides by field
 * name, config.json, checkpoints, resume, evaluation) is generic over the config record.
 *
 * <p>A config record must have a {@code critic} component of type {@link CriticType} (chosen with {@code --critic})
 * and a {@code totalSteps} component of type {@code long} or {@code int} (chosen with {@code --steps}); its other
 * components are set with {@code --set name=value} (nested records with {@code --set outer.inner=value}).
 */
public final class Algorithms {

    /** Builds a trainer from a resolved config; {@code Td3::new} is one. */
    @FunctionalInterface
    public interface TrainerFactory<C extends Record> {
        /**
         * @param env     training environment
         * @param evalEnv a separately created environment of the same id and options, for evaluation
         * @param seed    the run's root seed
         */
        Trainer create(Env env, Env evalEnv, C config, long seed);
    }

    /**
     * A named preset: the config values an algorithm starts from before overrides.
     *
     * @param name        preset id ({@code --preset})
     * @param description one line for {@code hyperrl list}
     * @param build       the config for a critic type and env id
     */
    public record Preset<C extends Record>(String name, String description, BiFunction<CriticType, String, C> build) {
    }

    /**
     * One registered algorithm.
     *
     * @param id          command-line id, e.g. {@code td3}
     * @param description one line for {@code hyperrl list}
     * @param configType  the config record
     * @param presets     presets by name, the first being the default
     * @param factory     builds the trainer
     * @param check       rejects contradictory values (an {@link IllegalArgumentException} naming them) beyond what the
     *                    record's own constructor checks
     */
    public record Algorithm<C extends Record>(String id, String description, Class<C> configType,
                                              List<Preset<C>> presets, TrainerFactory<C> factory, Consumer<C> check) {

        public Algorithm {
            presets = List.copyOf(presets);
            if (presets.isEmpty()) {
                throw new IllegalArgumentException("algorithm '" + id + "' needs at least one preset");
            }
            requireComponent(configType, "critic", CriticType.class);
            requireComponent(configType, "totalSteps", long.class, int.class);
        }

        /** The preset called {@code name}. */
        public Preset<C> preset(String name) {
            for (Preset<C> p : presets) {
                if (p.name().equals(name)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown preset '" + name + "' for " + id + "; valid presets: "
                    + String.join(", ", presets.stream().map(Preset::name).toList()));
        }

        /** The default preset (the first). */
        public Preset<C> defaultPreset() {
            return presets.get(0);
        }

        /** Checks a config of this algorithm for contradictions. */
        void checkConfig(Record config) {
            check.accept(configType.cast(config));
        }

        /** Builds the trainer for a config of this algorithm. */
        Trainer newTrainer(Env env, Env evalEnv, Record config, long seed) {
            return factory.create(env, evalEnv, configType.cast(config), seed);
        }

        private static void requireComponent(Class<?> type, String name, Class<?>... types) {
            for (RecordComponent c : type.getRecordComponents()) {
                if (c.getName().equals(name) && Arrays.asList(types).contains(c.getType())) {
                    return;
                }
            }
            throw new IllegalArgumentException(type.getSimpleName() + " needs a component '" + name + "' of type "
                    + Arrays.stream(types).map(Class::getSimpleName).toList() + " to be registered as an algorithm");
        }
    }

    private static final Map<String, Algorithm<?>> REGISTRY = new LinkedHashMap<>();

    static {
        register(td3());
        register(sac());
    }

    private Algorithms() {
    }

    /** Registers (or replaces) an algorithm. */
    public static synchronized void register(Algorithm<?> algorithm) {
        REGISTRY.put(algorithm.id(), algorithm);
    }

    /** The algorithm with this id. */
    public static synchronized Algorithm<?> get(String id) {
        Algorithm<?> a = REGISTRY.get(id);
        if (a == null) {
            throw new IllegalArgumentException("unknown algorithm '" + id + "'; valid algorithms: "
                    + String.join(", ", REGISTRY.keySet()));
        }
        return a;
    }

    /** Every registered algorithm, in registration order. */
    public static synchronized List<Algorithm<?>> all() {
        return new ArrayList<>(REGISTRY.values());
    }

    /**
     * The critic sizes of the {@code small} presets: Sarafian et al.'s structure with a primary network of widths
     * 64-64 (one residual block each) and a dynamic network of width 64; MLP-Standard/Small at the paper's width 256;
     * the large baselines shrunk (MLP-Large 512, ResNet35 as 4 blocks of 64) so that every critic trains on 2 cores.
     */
    public static CriticConfig smallCriticConfig() {
        return new CriticConfig(CriticConfig.paper().primary().withWidths(1, 64, 64), 64, HyperInits.SARAFIAN,
                LayerInits.TORCH_DEFAULT, 5, LayerInits.TORCH_DEFAULT, 256, 512, 10, 4, 64, 4);
    }

    /** Rejects a start phase longer than the run and a batch larger than the replay buffer. */
    static void checkOffPolicy(long startSteps, long totalSteps, int batchSize, int bufferSize) {
        if (startSteps > totalSteps) {
            throw new IllegalArgumentException("startSteps (" + startSteps + ") > totalSteps (" + totalSteps
                    + "): the run would never update its networks; lower startSteps or raise the steps");
        }
        if (batchSize > bufferSize) {
            throw new IllegalArgumentException("batchSize (" + batchSize + ") > bufferSize (" + bufferSize
                    + "): a minibatch cannot be larger than the replay buffer");
        }
    }

    private static Algorithm<Td3Config> td3() {
        return new Algorithm<>("td3", "Twin Delayed DDPG (Fujimoto et al. 2018) with twin critics of the chosen type",
                Td3Config.class,
                List.of(new Preset<>("paper", "Sarafian et al. 2021, supplementary Table 5: 1M steps, batch 100, "
                                + "hyper critic lr 5e-5, evaluation every 5K steps x 10 episodes",
                                (critic, env) -> Td3Config.paper(critic)),
                        new Preset<>("small", "quick runs on 2 cores: 20K steps, primary network 64-64 (one block), "
                                + "dynamic width 64, lr 3e-4, evaluation every 1K steps x 5 episodes",
                                (critic, env) -> Td3Config.paper(critic).withCriticConfig(smallCriticConfig())
                                        .withLearningRates(3e-4, 3e-4).withEvaluation(1_000, 5)
                                        .withTotalSteps(20_000))),
                Td3::new,
                c -> checkOffPolicy(c.startSteps(), c.totalSteps(), c.batchSize(), c.bufferSize()));
    }

    private static Algorithm<SacConfig> sac() {
        return new Algorithm<>("sac", "Soft Actor-Critic (Haarnoja et al. 2018) with twin critics of the chosen type",
                SacConfig.class,
                List.of(new Preset<>("paper", "Sarafian et al. 2021, supplementary Table 7: 1M steps, batch 256, reward "
                                + "scale 5, fixed alpha 1, hyper critic lr 5e-5, hyper actor lr 2e-5 (1e-4 on HalfCheetah), "
                                + "evaluation every 5K steps x 10 episodes",
                                SacConfig::paper),
                        new Preset<>("small", "quick runs on 2 cores: 20K steps, primary network 64-64 (one block), "
                                + "dynamic width 64, lr 3e-4, reward scale 1, auto-tuned alpha, evaluation every 1K steps "
                                + "x 5 episodes",
                                (critic, env) -> SacConfig.paper(critic, env).withCriticConfig(smallCriticConfig())
                                        .withLearningRates(3e-4, 3e-4).withEvaluation(1_000, 5).withRewardScale(1.0)
                                        .withAlpha(1.0, true).withTotalSteps(20_000))),
                Sac::new,
                c -> checkOffPolicy(c.startSteps(), c.totalSteps(), c.batchSize(), c.bufferSize()));
    }
}
