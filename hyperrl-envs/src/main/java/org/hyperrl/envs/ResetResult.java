package org.hyperrl.envs;

import java.util.Map;

/**
 * The outcome of {@link Env#reset()}.
 *
 * @param observation first observation of the episode
 * @param info        diagnostic values; never null
 */
public record ResetResult(double[] observation, Map<String, Object> info) {

    public ResetResult {
        info = info == null ? Map.of() : info;
    }
}
