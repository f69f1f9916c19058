package org.hyperrl.core.nn;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A group of parameters seen as one flat vector of length {@link #size()}, each parameter's entries in row-major
 * order at its {@link #offset}, for algorithms that work on all parameters at once (TRPO's conjugate gradient and line
 * search, gradient checks). Parameters stay separate arrays: {@link #get()} and {@link #flatten} return copies, and
 * {@link #set} and {@link #add} write back into the parameters' live values in place (so every graph sees them).
 */
public final class FlatParameters {
    private final List<Parameter> params;
    private final Map<Parameter, Long> offsets = new IdentityHashMap<>();
    private final DataType dataType;
    private final long size;

    /** @throws IllegalArgumentException if the list is empty, repeats a parameter or mixes data types */
    public FlatParameters(List<Parameter> params) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("a flat view needs at least one parameter");
        }
        this.params = List.copyOf(params);
        this.dataType = this.params.get(0).value().dataType();
        long n = 0;
        for (Parameter p : this.params) {
            if (offsets.put(p, n) != null) {
                throw new IllegalArgumentException("parameter " + p.name() + " appears twice");
            }
            if (p.value().dataType() != dataType) {
                throw new IllegalArgumentException(p.name() + " is " + p.value().dataType() + ", the others "
                        + dataType);
            }
            n += p.size();
        }
        this.size = n;
    }

    /** Total number of scalars. */
    public long size() {
        return size;
    }

    /** The parameters, in vector order. */
    public List<Parameter> parameters() {
        return params;
    }

    /** Where {@code p}'s entries start in the vector. */
    public long offset(Parameter p) {
        Long o = offsets.get(p);
        if (o == null) {
            throw new IllegalArgumentException(p.name() + " is not part of this flat view");
        }
        return o;
    }

    /** A new vector {@code [size]} holding the current values (a copy). */
    public INDArray get() {
        INDArray v = Nd4j.create(dataType, size);
        params.forEach(p -> segment(v, p).assign(p.value().reshape(p.size())));
        return v;
    }

    /**
     * Flattens arrays keyed by parameter (e.g. {@link Graph.Gradients#byParameter()}) into a new vector in this
     * layout.
     *
     * @throws IllegalArgumentException if one is missing or has the wrong number of entries
     */
    public INDArray flatten(Map<Parameter, INDArray> byParameter) {
        INDArray v = Nd4j.create(dataType, size);
        for (Parameter p : params) {
            INDArray a = byParameter.get(p);
            if (a == null || a.length() != p.size()) {
                throw new IllegalArgumentException("no array of " + p.size() + " entries for " + p.name());
            }
            segment(v, p).assign(a.reshape(p.size()));
        }
        return v;
    }

    /** Writes {@code v [size]} into the parameters, in place. */
    public void set(INDArray v) {
        requireSize(v);
        params.forEach(p -> p.value().assign(segment(v, p).reshape(p.shape())));
    }

    /** Adds {@code scale * v} to the parameters, in place. */
    public void add(INDArray v, double scale) {
        requireSize(v);
        params.forEach(p -> p.value().addi(segment(v, p).reshape(p.shape()).mul(scale)));
    }

    private static INDArray segment(INDArray v, long from, long length) {
        return v.get(NDArrayIndex.interval(from, from + length));
    }

    private INDArray segment(INDArray v, Parameter p) {
        return segment(v, offsets.get(p), p.size());
    }

    private void requireSize(INDArray v) {
        if (v.length() != size) {
            throw new IllegalArgumentException("flat vector has " + v.length() + " entries, the parameters " + size);
        }
    }
}
