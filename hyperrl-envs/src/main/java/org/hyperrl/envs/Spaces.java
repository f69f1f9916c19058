package org.hyperrl.envs;

/** Validation helpers shared by environments and wrappers. */
public final class Spaces {

    private Spaces() {
    }

    /**
     * Checks that {@code action} fits {@code space} in length and is finite (and, for {@link Discrete},
     * integral and in range). Bounds of a {@link Box} are not checked, as in Gymnasium.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static void checkAction(Space space, double[] action, String envName) {
        if (action == null) {
            throw new IllegalArgumentException(envName + ": action is null; pass a double[" + space.dimension()
                    + "]");
        }
        if (action.length != space.dimension()) {
            throw new IllegalArgumentException(envName + ": action has length " + action.length
                    + " but the action space " + space + " needs length " + space.dimension());
        }
        for (int i = 0; i < action.length; i++) {
            if (!Double.isFinite(action[i])) {
                throw new IllegalArgumentException(envName + ": action[" + i + "] is " + action[i]
                        + "; actions must be finite (check the policy output for NaN/overflow)");
            }
        }
        if (space instanceof Discrete d && !d.contains(action)) {
            throw new IllegalArgumentException(envName + ": action " + action[0]
                    + " is not an integer in [0, " + d.n() + ")");
        }
    }
}
