package org.hyperrl.envs;

import java.util.SplittableRandom;

/**
 * An observation or action space. Values are always {@code double[]}; a {@link Discrete} value is an array
 * of length one holding the integer index.
 */
public sealed interface Space permits Box, Discrete {

    /** Length of the {@code double[]} that represents one element of this space. */
    int dimension();

    /** Whether {@code value} is an element of this space (right length, finite, within bounds). */
    boolean contains(double[] value);

    /** Draws a uniformly distributed element (for a {@link Box}, bounds must be finite). */
    double[] sample(SplittableRandom rng);
}
