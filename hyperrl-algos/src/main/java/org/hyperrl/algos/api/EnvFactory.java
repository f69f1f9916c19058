package org.hyperrl.algos.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.meta.Split;
import org.hyperrl.envs.registry.EnvRegistry;
import org.hyperrl.envs.registry.EnvSpec;

/** Creates fresh environments of one configuration, for the training tasks or the held-out test tasks. */
@FunctionalInterface
public interface EnvFactory {

    /** A new environment whose tasks come from {@code split} (envs without task splits ignore it). */
    Env create(Split split);

    /**
     * Environments of a registered id: {@link Split#TRAIN} uses {@code options} as given; {@link Split#TEST} also sets
     * the env's {@value EnvRegistry#SPLIT} option to {@code test} where the env declares one.
     */
    static EnvFactory of(String id, Map<String, ?> options) {
        EnvSpec spec = EnvRegistry.spec(id);
        boolean hasSplit = spec.options().stream().anyMatch(o -> o.name().equals(EnvRegistry.SPLIT));
        Map<String, Object> train = new LinkedHashMap<>(options);
        Map<String, Object> test = new LinkedHashMap<>(options);
        if (hasSplit) {
            test.put(EnvRegistry.SPLIT, "test");
        }
        return split -> EnvRegistry.create(id, split == Split.TEST ? test : train);
    }
}
