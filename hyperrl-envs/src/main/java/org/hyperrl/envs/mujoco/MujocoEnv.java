package org.hyperrl.envs.mujoco;

import java.util.SplittableRandom;
import org.hyperrl.envs.AbstractEnv;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.ResetResult;
import org.hyperrl.envs.Space;

/**
 * Base of the MuJoCo locomotion envs, following gym's {@code MujocoEnv}: the action is written to
 * {@code ctrl} (MuJoCo clamps it to the actuator ranges) and {@code mj_step} runs {@code frameSkip} times per
 * env step, so {@code dt = timestep x frameSkip}. Reset resets the simulation as {@code mj_resetData} does
 * ({@link MujocoModel#resetState()}, bitwise-equivalent and ~100x cheaper) and then calls
 * {@link #resetModel(SplittableRandom)}, which adds the env's reset noise to the initial state.
 * The action space is the actuators' control range; the observation space is unbounded.
 */
public abstract class MujocoEnv extends AbstractEnv {

    /** The simulation owned by this env. */
    protected final MujocoModel sim;
    /** Physics steps per env step. */
    protected final int frameSkip;
    /** Env step duration, {@code timestep x frameSkip}. */
    protected final double dt;
    /** Initial state (the model's reference configuration and zero velocity). */
    protected final double[] initQpos;
    protected final double[] initQvel;
    private final boolean contactForces;
    private final Box actionSpace;
    private Box observationSpace;

    /**
     * @param sim           the model (this env takes ownership and closes it)
     * @param frameSkip     physics steps per env step
     * @param contactForces call {@code mj_rnePostConstraint} after the last substep so {@code cfrc_ext} is filled
     */
    protected MujocoEnv(MujocoModel sim, int frameSkip, boolean contactForces) {
        if (frameSkip < 1) {
            throw new IllegalArgumentException("frameSkip must be >= 1, got " + frameSkip);
        }
        this.sim = sim;
        this.frameSkip = frameSkip;
        this.dt = sim.timestep() * frameSkip;
        this.contactForces = contactForces;
        this.initQpos = sim.qpos0();
        this.initQvel = new double[sim.nv()];
        double[] range = sim.actuatorCtrlRange();
        double[] lo = new double[sim.nu()];
        double[] hi = new double[sim.nu()];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = range[2 * i];
            hi[i] = range[2 * i + 1];
        }
        this.actionSpace = new Box(lo, hi);
    }

    /** Loads one of the project's model resources, failing with an install hint if MuJoCo is missing. */
    protected static MujocoModel load(String resource) {
        return MujocoModel.fromResource(resource);
    }

    @Override
    public Space actionSpace() {
        return actionSpace;
    }

    @Override
    public Space observationSpace() {
        if (observationSpace == null) {
            observationSpace = Box.unbounded(observation().length);
        }
        return observationSpace;
    }

    /** The simulation, e.g. to read positions in tests or analysis. */
    public MujocoModel simulation() {
        return sim;
    }

    /** Env step duration in seconds. */
    public double dt() {
        return dt;
    }

    /** Physics steps per env step. */
    public int frameSkip() {
        return frameSkip;
    }

    /** Applies {@code ctrl} for {@code frameSkip} physics steps. */
    protected void doSimulation(double[] ctrl) {
        sim.step(ctrl, frameSkip, contactForces);
    }

    /**
     * Sets the physical state (and runs {@code mj_forward}); lets tests construct states with known velocities.
     */
    public void setState(double[] qpos, double[] qvel) {
        if (qpos.length != sim.nq() || qvel.length != sim.nv()) {
            throw new IllegalArgumentException("state needs qpos of length " + sim.nq() + " and qvel of length "
                    + sim.nv() + ", got " + qpos.length + " and " + qvel.length);
        }
        sim.setState(qpos, qvel);
    }

    @Override
    protected final ResetResult resetEpisode(SplittableRandom rng) {
        beforeReset(rng);
        sim.resetState();
        resetModel(rng);
        return new ResetResult(observation(), java.util.Map.of());
    }

    /** Hook run before the state is reset (e.g. choose a task); the default does nothing. */
    protected void beforeReset(SplittableRandom rng) {
    }

    /** Sets the initial state, with noise drawn from {@code rng}. */
    protected abstract void resetModel(SplittableRandom rng);

    /** The observation of the current state. */
    protected abstract double[] observation();

    /** {@code init + U(-scale, scale)} per element. */
    protected static double[] uniformNoise(double[] init, double scale, SplittableRandom rng) {
        double[] x = init.clone();
        for (int i = 0; i < x.length; i++) {
            x[i] += -scale + 2 * scale * rng.nextDouble();
        }
        return x;
    }

    /** {@code init + scale * N(0, 1)} per element. */
    protected static double[] normalNoise(double[] init, double scale, SplittableRandom rng) {
        double[] x = init.clone();
        for (int i = 0; i < x.length; i++) {
            x[i] += scale * rng.nextGaussian();
        }
        return x;
    }

    /** {@code sum a_i^2}. */
    protected static double sumSquares(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return s;
    }

    /** {@code sum clip(a_i, lo, hi)^2}. */
    protected static double sumSquaresClipped(double[] a, double lo, double hi) {
        double s = 0;
        for (double v : a) {
            double c = Math.max(lo, Math.min(hi, v));
            s += c * c;
        }
        return s;
    }

    /** Concatenates arrays. */
    protected static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int k = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }

    /** {@code a[from:]} as a new array. */
    protected static double[] tail(double[] a, int from) {
        return java.util.Arrays.copyOfRange(a, from, a.length);
    }

    /** Element-wise clip to [lo, hi] (new array). */
    protected static double[] clip(double[] a, double lo, double hi) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.max(lo, Math.min(hi, a[i]));
        }
        return out;
    }

    /** Whether every element is finite. */
    protected static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        sim.close();
    }
}
