package org.hyperrl.core.nn;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Compares a graph's analytic gradients with central finite differences
 * {@code (L(p + eps) - L(p - eps)) / (2 eps)} on randomly chosen entries of every trainable parameter.
 * Needs {@link DataType#DOUBLE} parameters.
 */
public final class GradientCheck {

    /**
     * Outcome of a check.
     *
     * @param checked      number of entries compared
     * @param maxRelError  largest relative error {@code |a - n| / max(|a| + |n|, absFloor)}
     * @param worst        description of the worst entry
     */
    public record Result(int checked, double maxRelError, String worst) {
    }

    private GradientCheck() {
    }

    /**
     * Checks up to {@code perParameter} random entries of each trainable parameter of {@code g}.
     *
     * @param absFloor denominators below this are replaced by it, so tiny gradients do not inflate the error
     */
    public static Result check(Graph g, Map<String, INDArray> feeds, double eps, int perParameter, double absFloor,
                               long seed) {
        if (g.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("gradient checks need DOUBLE parameters, got " + g.dataType());
        }
        List<Parameter> params = g.trainableParameters();
        Graph.Gradients analytic = g.gradients(feeds);
        Map<Parameter, INDArray> grads = new java.util.HashMap<>();
        analytic.byParameter().forEach((p, a) -> grads.put(p, a.dup()));
        SplittableRandom rng = new SplittableRandom(seed);
        int checked = 0;
        double worstErr = 0;
        String worst = "none";
        for (Parameter p : params) {
            INDArray flat = p.value().reshape(p.value().length());
            INDArray gradFlat = grads.get(p).reshape(p.value().length());
            long n = flat.length();
            int count = (int) Math.min(n, perParameter);
            for (int k = 0; k < count; k++) {
                long idx = count == n ? k : rng.nextLong(n);
                double orig = flat.getDouble(idx);
                flat.putScalar(idx, orig + eps);
                double plus = g.run(feeds, g.loss()).getDouble(0);
                flat.putScalar(idx, orig - eps);
                double minus = g.run(feeds, g.loss()).getDouble(0);
                flat.putScalar(idx, orig);
                double numeric = (plus - minus) / (2 * eps);
                double a = gradFlat.getDouble(idx);
                double err = Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), absFloor);
                checked++;
                if (err > worstErr) {
                    worstErr = err;
                    worst = p.name() + "[" + idx + "]: analytic " + a + ", numeric " + numeric;
                }
            }
        }
        return new Result(checked, worstErr, worst);
    }
}
