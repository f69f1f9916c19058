package org.hyperrl.algos.common;

import org.hyperrl.envs.Box;
import org.hyperrl.envs.Space;

/**
 * Maps a squashed action {@code u} in {@code [-1, 1]} to the environment's box {@code [low, high]}:
 * {@code a = bias + scale * u} with {@code scale = (high - low)/2} and {@code bias = (high + low)/2}.
 */
public record ActionScaling(double[] scale, double[] bias) {

    /** The scaling for a bounded Box action space. */
    public static ActionScaling of(Space space) {
        if (!(space instanceof Box box)) {
            throw new IllegalArgumentException("continuous-control algorithms need a Box action space, got " + space);
        }
        int n = box.low().length;
        double[] scale = new double[n];
        double[] bias = new double[n];
        for (int i = 0; i < n; i++) {
            double lo = box.low(i);
            double hi = box.high(i);
            if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
                throw new IllegalArgumentException("action dimension " + i + " is unbounded [" + lo + ", " + hi
                        + "]; wrap the env to bound its actions");
            }
            scale[i] = (hi - lo) / 2;
            bias[i] = (hi + lo) / 2;
        }
        return new ActionScaling(scale, bias);
    }

    /** Number of action dimensions. */
    public int dim() {
        return scale.length;
    }

    /** {@code bias + scale * u}, clipped to the box. */
    public double[] toEnv(float[] u) {
        double[] a = new double[scale.length];
        for (int i = 0; i < a.length; i++) {
            double v = Math.max(-1.0, Math.min(1.0, u[i]));
            a[i] = bias[i] + scale[i] * v;
        }
        return a;
    }

    /** The inverse map, from the box to {@code [-1, 1]}. */
    public double[] fromEnv(double[] a) {
        double[] u = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            u[i] = (a[i] - bias[i]) / scale[i];
        }
        return u;
    }
}
