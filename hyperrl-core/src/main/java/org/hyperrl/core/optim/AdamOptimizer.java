package org.hyperrl.core.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.core.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Adam (ND4J's updater) over one parameter group with its own learning rate and optional gradient-norm
 * clipping. The step is {@code param -= adam(grad)}, applied in place, so every graph that binds these
 * parameters sees the update. The moment estimates and the step count are the optimiser's state
 * ({@link #state()}, {@link #restore}).
 */
public final class AdamOptimizer implements Optimizer {
    private final Adam config;
    private final double maxGradNorm;
    private final List<Parameter> params;
    private final Map<String, INDArray> stateViews = new LinkedHashMap<>();
    private final Map<String, AdamUpdater> updaters = new LinkedHashMap<>();
    private int iteration;
    private double lastGradNorm = Double.NaN;

    /**
     * @param lr          learning rate
     * @param maxGradNorm clip the group's global L2 gradient norm to this value; 0 or less disables clipping
     */
    public AdamOptimizer(List<Parameter> params, double lr, double maxGradNorm) {
        this(params, new Adam(lr, 0.9, 0.999, 1e-8), maxGradNorm);
    }

    public AdamOptimizer(List<Parameter> params, Adam config, double maxGradNorm) {
        if (!(config.getLearningRate() > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + config.getLearningRate());
        }
        this.config = config;
        this.maxGradNorm = maxGradNorm;
        this.params = List.copyOf(params);
        for (Parameter p : this.params) {
            INDArray view = Nd4j.zeros(p.value().dataType(), 1, config.stateSize(p.size()));
            AdamUpdater u = new AdamUpdater(config);
            u.setStateViewArray(view, p.shape(), 'c', true);
            stateViews.put(p.name(), view);
            updaters.put(p.name(), u);
        }
    }

    /** {@inheritDoc} Gradients are clipped and transformed in place. */
    @Override
    public void step(Map<Parameter, INDArray> grads) {
        double sq = 0;
        for (Parameter p : params) {
            INDArray g = grads.get(p);
            if (g == null) {
                throw new IllegalArgumentException("no gradient for parameter " + p.name());
            }
            double n = g.norm2Number().doubleValue();
            sq += n * n;
        }
        double norm = Math.sqrt(sq);
        lastGradNorm = norm;
        if (!Double.isFinite(norm)) {
            throw new NonFiniteGradientException("non-finite gradient norm " + norm + " for parameters "
                    + params.stream().map(Parameter::name).limit(3).toList() + "...; refusing to update");
        }
        double scale = maxGradNorm > 0 && norm > maxGradNorm ? maxGradNorm / norm : 1.0;
        for (Parameter p : params) {
            INDArray g = grads.get(p);
            if (scale != 1.0) {
                g.muli(scale);
            }
            updaters.get(p.name()).applyUpdater(g, iteration, 0);
            p.value().subi(g);
        }
        iteration++;
    }

    /** The group's global gradient norm before clipping at the last step. */
    public double lastGradNorm() {
        return lastGradNorm;
    }

    @Override
    public int iteration() {
        return iteration;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    /** Learning rate. */
    public double learningRate() {
        return config.getLearningRate();
    }

    /** The optimiser state: one moment array per parameter (keyed by parameter name) and the step count. */
    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> s = new LinkedHashMap<>(stateViews);
        s.put("#iteration", Nd4j.scalar((long) iteration));
        return s;
    }

    /**
     * Restores a state written by {@link #state()}.
     *
     * @throws IllegalArgumentException if it belongs to other parameters
     */
    @Override
    public void restore(Map<String, INDArray> state) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : stateViews.entrySet()) {
            INDArray saved = state.get(e.getKey());
            if (saved == null || saved.length() != e.getValue().length()) {
                missing.add(e.getKey());
            }
        }
        if (!missing.isEmpty() || !state.containsKey("#iteration")) {
            throw new IllegalArgumentException("optimiser state does not match these parameters; missing or resized: "
                    + missing);
        }
        for (Map.Entry<String, INDArray> e : stateViews.entrySet()) {
            e.getValue().assign(state.get(e.getKey()).reshape(e.getValue().shape()));
        }
        iteration = state.get("#iteration").getInt(0);
    }
}
