package org.hyperrl.core.optim;

import java.util.List;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.nd4j.linalg.factory.Nd4j;

/** Polyak averaging of target networks: {@code target <- (1 - tau) target + tau online}. */
public final class Polyak {

    private Polyak() {
    }

    /**
     * Updates every target parameter from the online parameter of the same name.
     *
     * @param tau in [0, 1]; 1 copies
     */
    public static void update(Parameters target, Parameters online, double tau) {
        update(target.all(), online, tau);
    }

    /**
     * Updates target parameters from source parameters paired by position (e.g. a target network built with
     * the same architecture under another scope).
     *
     * @throws IllegalArgumentException if the lists differ in length or a pair differs in shape
     */
    public static void update(List<Parameter> targets, List<Parameter> sources, double tau) {
        if (!(tau >= 0 && tau <= 1)) {
            throw new IllegalArgumentException("Polyak tau must be in [0, 1], got " + tau);
        }
        if (targets.size() != sources.size()) {
            throw new IllegalArgumentException("target has " + targets.size() + " parameters, source " + sources.size());
        }
        for (int i = 0; i < targets.size(); i++) {
            Parameter t = targets.get(i);
            Parameter o = sources.get(i);
            if (!java.util.Arrays.equals(t.shape(), o.shape())) {
                throw new IllegalArgumentException("cannot average " + o.name() + " into " + t.name() + ": shapes "
                        + java.util.Arrays.toString(o.shape()) + " and " + java.util.Arrays.toString(t.shape()));
            }
            average(t, o, tau);
        }
    }

    /** Updates the given target parameters from the online parameters of the same names. */
    public static void update(List<Parameter> targets, Parameters online, double tau) {
        if (!(tau >= 0 && tau <= 1)) {
            throw new IllegalArgumentException("Polyak tau must be in [0, 1], got " + tau);
        }
        for (Parameter t : targets) {
            Parameter o = online.get(t.name());
            average(t, o, tau);
        }
    }

    /** {@code t <- (1 - tau) t + tau o} in place, without temporaries (scale, then BLAS axpy). */
    private static void average(Parameter t, Parameter o, double tau) {
        if (tau == 1.0) {
            t.value().assign(o.value());
            return;
        }
        t.value().muli(1.0 - tau);
        Nd4j.getBlasWrapper().level1().axpy(t.size(), tau, o.value(), t.value());
    }
}
