package org.hyperrl.envs.classic;

import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.envs.AbstractEnv;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.ResetResult;
import org.hyperrl.envs.Space;
import org.hyperrl.envs.StepResult;

/**
 * Inverted pendulum swing-up with the dynamics of Gym's Pendulum-v1: max speed 8, max torque 2, dt 0.05,
 * g 10, m 1, l 1; reward {@code -(theta_norm^2 + 0.1 thdot^2 + 0.001 u^2)}; observation
 * {@code (cos theta, sin theta, thdot)}. Never terminates; the registry adds the 200-step time limit.
 * Torques outside [-2, 2] are clipped.
 */
public final class Pendulum extends AbstractEnv {

    public static final double MAX_SPEED = 8;
    public static final double MAX_TORQUE = 2;
    public static final double DT = 0.05;
    public static final double G = 10;
    public static final double M = 1;
    public static final double L = 1;

    private static final Box OBS = new Box(new double[] {-1, -1, -MAX_SPEED}, new double[] {1, 1, MAX_SPEED});
    private static final Box ACT = Box.uniform(1, -MAX_TORQUE, MAX_TORQUE);

    private double theta;
    private double thetaDot;

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
        theta = -Math.PI + 2 * Math.PI * rng.nextDouble();
        thetaDot = -1 + 2 * rng.nextDouble();
        return new ResetResult(observation(), Map.of());
    }

    @Override
    protected StepResult stepEpisode(double[] action) {
        double u = Math.max(-MAX_TORQUE, Math.min(MAX_TORQUE, action[0]));
        double cost = cost(theta, thetaDot, u);
        double newThetaDot = thetaDot + (3 * G / (2 * L) * Math.sin(theta) + 3.0 / (M * L * L) * u) * DT;
        newThetaDot = Math.max(-MAX_SPEED, Math.min(MAX_SPEED, newThetaDot));
        theta = theta + newThetaDot * DT;
        thetaDot = newThetaDot;
        return new StepResult(observation(), -cost, false, false, Map.of());
    }

    /** The per-step cost of Pendulum-v1 for angle {@code theta}, velocity {@code thetaDot}, torque {@code u}. */
    public static double cost(double theta, double thetaDot, double u) {
        double th = normalizeAngle(theta);
        return th * th + 0.1 * thetaDot * thetaDot + 0.001 * u * u;
    }

    /** Maps an angle to [-pi, pi). */
    public static double normalizeAngle(double x) {
        return ((x + Math.PI) % (2 * Math.PI) + 2 * Math.PI) % (2 * Math.PI) - Math.PI;
    }

    /** Sets the physical state (angle, angular velocity), e.g. to test the reward on a constructed state. */
    public void setState(double theta, double thetaDot) {
        this.theta = theta;
        this.thetaDot = thetaDot;
    }

    /** Current angle (radians, not normalised). */
    public double theta() {
        return theta;
    }

    /** Current angular velocity. */
    public double thetaDot() {
        return thetaDot;
    }

    private double[] observation() {
        return new double[] {Math.cos(theta), Math.sin(theta), thetaDot};
    }
}
