package org.hyperrl.core.nn;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * A computation over {@link Parameters}: one SameDiff graph with named inputs (placeholders of shape
 * {@code [batch, width]}), the parameters it binds, and at most one scalar loss.
 *
 * <p>A parameter is bound as a trainable variable when the graph's {@code trainable} predicate accepts
 * it and as a constant otherwise; either way the graph reads the parameter's live array, so several graphs
 * (a critic loss, an actor loss, a target network) can share one set of parameters and see every optimiser
 * update. {@link #gradients} returns gradients with respect to the trainable bound parameters only.
 *
 * <p>Not thread-safe: use one graph per thread.
 */
public final class Graph {
    private final SameDiff sd = SameDiff.create();
    private final Parameters params;
    private final Predicate<Parameter> trainable;
    private final Map<String, SDVariable> bound = new HashMap<>();
    private final Map<String, Parameter> trainableBound = new LinkedHashMap<>();
    private final Map<String, Integer> inputWidths = new LinkedHashMap<>();
    private final java.util.Set<String> indexInputs = new java.util.HashSet<>();
    private boolean checkInputs = true;
    private SDVariable loss;

    /** A graph in which every bound parameter is trainable. */
    public Graph(Parameters params) {
        this(params, p -> true);
    }

    /** A graph in which the bound parameters accepted by {@code trainable} get gradients. */
    public Graph(Parameters params, Predicate<Parameter> trainable) {
        this.params = params;
        this.trainable = trainable;
    }

    /** The underlying SameDiff instance (for building ops). */
    public SameDiff sd() {
        return sd;
    }

    /** The parameters this graph binds from. */
    public Parameters parameters() {
        return params;
    }

    /** Floating-point type of the graph. */
    public DataType dataType() {
        return params.dataType();
    }

    /**
     * Turns the checks of fed inputs (width, and finiteness) on or off; on by default. The width check is
     * cheap; the finiteness check scans every input once per call.
     */
    public Graph checkInputs(boolean on) {
        this.checkInputs = on;
        return this;
    }

    /** Declares an input of shape {@code [batch, width]}. */
    public SDVariable input(String name, int width) {
        if (inputWidths.containsKey(name)) {
            throw new IllegalArgumentException("input '" + name + "' declared twice");
        }
        inputWidths.put(name, width);
        return sd.placeHolder(name, dataType(), -1, width);
    }

    /** Declares an input of arbitrary shape (-1 for free dimensions); only its rank is checked. */
    public SDVariable input(String name, long... shape) {
        if (inputWidths.containsKey(name)) {
            throw new IllegalArgumentException("input '" + name + "' declared twice");
        }
        inputWidths.put(name, -shape.length);
        return sd.placeHolder(name, dataType(), shape);
    }

    /**
     * Declares an integer index input of shape {@code [n]} (e.g. the rows a {@code gather} picks); its feeds are cast
     * to INT32 rather than to the graph's floating type.
     */
    public SDVariable indexInput(String name) {
        if (inputWidths.containsKey(name)) {
            throw new IllegalArgumentException("input '" + name + "' declared twice");
        }
        inputWidths.put(name, -1);
        indexInputs.add(name);
        return sd.placeHolder(name, DataType.INT32, -1);
    }

    /** The graph variable of a parameter, created on first use. */
    public SDVariable bind(Parameter p) {
        SDVariable v = bound.get(p.name());
        if (v != null) {
            return v;
        }
        if (trainable.test(p)) {
            v = sd.var(p.name(), p.value());
            trainableBound.put(p.name(), p);
        } else {
            v = sd.constant(p.name(), p.value());
        }
        bound.put(p.name(), v);
        return v;
    }

    /** The parameters this graph computes gradients for (bound and trainable), in binding order. */
    public List<Parameter> trainableParameters() {
        return List.copyOf(trainableBound.values());
    }

    /** Sets the scalar loss that {@link #gradients} differentiates. */
    public void setLoss(SDVariable loss) {
        if (this.loss != null) {
            throw new IllegalStateException("graph already has the loss '" + this.loss.name()
                    + "'; build one graph per loss");
        }
        this.loss = loss;
        sd.setLossVariables(loss);
    }

    /** The loss variable, or {@code null}. */
    public SDVariable loss() {
        return loss;
    }

    /** Evaluates one output. */
    public INDArray run(Map<String, INDArray> feeds, SDVariable output) {
        return run(feeds, new SDVariable[]{output}).get(output.name());
    }

    /** Evaluates several outputs, keyed by variable name. */
    public Map<String, INDArray> run(Map<String, INDArray> feeds, SDVariable... outputs) {
        Map<String, INDArray> checked = checkFeeds(feeds);
        String[] names = Arrays.stream(outputs).map(SDVariable::name).toArray(String[]::new);
        return sd.output(checked, names);
    }

    /** Result of {@link #gradients}: the loss value, gradients per trainable parameter, extra outputs. */
    public record Gradients(double loss, Map<Parameter, INDArray> byParameter, Map<String, INDArray> outputs,
                            Map<String, INDArray> byInput) {
        /** Without input gradients. */
        public Gradients(double loss, Map<Parameter, INDArray> byParameter, Map<String, INDArray> outputs) {
            this(loss, byParameter, outputs, Map.of());
        }

        /** The gradient with respect to a graph input requested in {@link #gradients(Map, List, List, SDVariable...)}. */
        public INDArray ofInput(String name) {
            INDArray g = byInput.get(name);
            if (g == null) {
                throw new IllegalArgumentException("no gradient for input '" + name + "'; requested: "
                        + byInput.keySet());
            }
            return g;
        }

        /** The gradient of one parameter. */
        public INDArray of(Parameter p) {
            INDArray g = byParameter.get(p);
            if (g == null) {
                throw new IllegalArgumentException("no gradient for " + p.name());
            }
            return g;
        }
    }

    /**
     * Computes the loss and its gradients with respect to every trainable bound parameter, plus any extra
     * outputs, in one forward and one backward pass.
     */
    public Gradients gradients(Map<String, INDArray> feeds, SDVariable... extraOutputs) {
        return gradients(feeds, trainableParameters(), extraOutputs);
    }

    /**
     * Computes the loss and its gradients with respect to {@code wrt} only (each must be bound and
     * trainable in this graph), plus any extra outputs.
     */
    public Gradients gradients(Map<String, INDArray> feeds, List<Parameter> wrt, SDVariable... extraOutputs) {
        return gradients(feeds, wrt, List.of(), extraOutputs);
    }

    /**
     * {@link #gradients(Map, List, SDVariable...)} plus the gradients with respect to the named graph inputs (e.g. an
     * input computed outside the graph whose own backward pass continues from here). An input the loss does not depend
     * on gets a zero gradient.
     */
    public Gradients gradients(Map<String, INDArray> feeds, List<Parameter> wrt, List<String> inputs,
                               SDVariable... extraOutputs) {
        if (loss == null) {
            throw new IllegalStateException("graph has no loss; call setLoss first");
        }
        List<String> names = new ArrayList<>(wrt.size());
        for (Parameter p : wrt) {
            if (!trainableBound.containsKey(p.name())) {
                throw new IllegalArgumentException("parameter '" + p.name() + "' is not a trainable variable of this graph");
            }
            names.add(p.name());
        }
        List<String> outs = new ArrayList<>();
        outs.add(loss.name());
        for (SDVariable v : extraOutputs) {
            outs.add(v.name());
        }
        if (sd.getFunction("grad") == null) {
            createGradFunctionQuietly();
        }
        for (String in : inputs) {
            if (!inputWidths.containsKey(in)) {
                throw new IllegalArgumentException("unknown input '" + in + "'; this graph's inputs are "
                        + inputWidths.keySet());
            }
            names.add(in);
        }
        OutAndGrad r = sd.calculateGradientsAndOutputs(checkFeeds(feeds), outs, names);
        Map<Parameter, INDArray> grads = new LinkedHashMap<>();
        for (Parameter p : wrt) {
            grads.put(p, r.getGradients().get(p.name()));
        }
        Map<String, INDArray> byInput = new LinkedHashMap<>();
        for (String in : inputs) {
            INDArray gi = r.getGradients().get(in);
            byInput.put(in, gi != null ? gi : Nd4j.zeros(feeds.get(in).dataType(), feeds.get(in).shape()));
        }
        return new Gradients(r.getOutputs().get(loss.name()).getDouble(0), grads, r.getOutputs(), byInput);
    }

    /** SameDiff prints one line per differentiated op to standard output; keep the user's console clean. */
    private void createGradFunctionQuietly() {
        synchronized (System.class) {
            PrintStream out = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                sd.createGradFunction();
            } finally {
                System.setOut(out);
            }
        }
    }

    private Map<String, INDArray> checkFeeds(Map<String, INDArray> feeds) {
        Map<String, INDArray> out = new HashMap<>(feeds.size() * 2);
        for (Map.Entry<String, INDArray> e : feeds.entrySet()) {
            String name = e.getKey();
            INDArray arr = e.getValue();
            Integer width = inputWidths.get(name);
            if (width == null) {
                throw new IllegalArgumentException("unknown input '" + name + "'; this graph's inputs are "
                        + inputWidths.keySet());
            }
            if (arr == null) {
                throw new IllegalArgumentException("input '" + name + "' is null");
            }
            if (checkInputs) {
                if (width >= 0 && (arr.rank() != 2 || arr.size(1) != width)) {
                    throw new IllegalArgumentException("input '" + name + "' must have shape [batch, " + width
                            + "] but has shape " + Arrays.toString(arr.shape()));
                }
                if (width < 0 && arr.rank() != -width) {
                    throw new IllegalArgumentException("input '" + name + "' must have rank " + (-width)
                            + " but has shape " + Arrays.toString(arr.shape()));
                }
                if (arr.dataType().isFPType() && (BooleanIndexing.or(arr, Conditions.isNan())
                        || BooleanIndexing.or(arr, Conditions.isInfinite()))) {
                    throw new IllegalArgumentException("input '" + name + "' contains NaN or infinite values");
                }
            }
            DataType type = indexInputs.contains(name) ? DataType.INT32 : dataType();
            out.put(name, arr.dataType() == type ? arr : arr.castTo(type));
        }
        return out;
    }
}
