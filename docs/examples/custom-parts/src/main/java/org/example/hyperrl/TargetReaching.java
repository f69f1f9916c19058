package org.example.hyperrl;

import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.envs.AbstractEnv;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.ResetResult;
import org.hyperrl.envs.Space;
import org.hyperrl.envs.StepResult;

/**
 * A user's env: a point on a line moves by its action (at most 0.1 per step) towards a target drawn at reset.
 * Observation (position, target), action in [-1, 1], reward minus the distance after the step; no termination (a
 * time limit ends episodes). A policy that reads the target and heads for it earns about -5 per 50-step episode,
 * a policy that does not about -30.
 */
public final class TargetReaching extends AbstractEnv {
    private static final Box OBS = new Box(new double[]{-2, -1}, new double[]{2, 1});
    private static final Box ACT = Box.uniform(1, -1, 1);

    private double x;
    private double target;

    @Override
    public Space observationSpace() {
        return OBS;
    }

    @Override
    public Space actionSpace() {
        return ACT;
    }

    @Override
    protected ResetResult resetEpisode(SplittableRandom rng) {
        x = 0;
        target = -1 + 2 * rng.nextDouble();
        return new ResetResult(new double[]{x, target}, Map.of());
    }

    @Override
    protected StepResult stepEpisode(double[] action) {
        x = Math.max(-2, Math.min(2, x + 0.1 * action[0]));
        return new StepResult(new double[]{x, target}, -Math.abs(x - target), false, false, Map.of());
    }
}
