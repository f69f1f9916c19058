package org.hyperrl.envs.meta;

import java.util.SplittableRandom;

/** Draws a task vector for a split; the train and test distributions may differ (out-of-distribution splits). */
@FunctionalInterface
public interface TaskSampler {

    /** A fresh task vector for {@code split}, using only {@code rng} for randomness. */
    double[] sample(SplittableRandom rng, Split split);
}
