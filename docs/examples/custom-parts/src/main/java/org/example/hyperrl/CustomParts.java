package org.example.hyperrl;

import java.util.List;
import org.hyperrl.algos.api.Extension;
import org.hyperrl.core.critic.Critics;
import org.hyperrl.envs.TimeLimit;
import org.hyperrl.envs.registry.EnvRegistry;
import org.hyperrl.envs.registry.EnvSpec;

/**
 * Registers this project's critic ({@code gated}) and env ({@code TargetReaching}). Listed in
 * {@code META-INF/services/org.hyperrl.algos.api.Extension}, so that HyperRL's registries, and the {@code hyperrl}
 * command line with this jar on its class path, find them without being told.
 */
public final class CustomParts implements Extension {
    @Override
    public void register() {
        Critics.register(new Critics.Kind("gated", "f(s, a) * sigmoid(g(s)), widths from criticConfig.mlpWidth", false,
                (ps, scope, group, s, a, config) -> new GatedCritic(ps, scope, group, s, a, config.mlpWidth())));
        EnvRegistry.register(new EnvSpec("TargetReaching", "a point moving to a target on a line (example)",
                List.of(new EnvSpec.OptionSpec(EnvRegistry.MAX_EPISODE_STEPS, 50, "episode length")),
                o -> new TimeLimit(new TargetReaching(), o.getInt(EnvRegistry.MAX_EPISODE_STEPS))));
    }
}
