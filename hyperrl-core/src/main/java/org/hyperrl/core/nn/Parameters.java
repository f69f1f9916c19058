package org.hyperrl.core.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.hyperrl.core.init.DenseInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The named, scoped parameters of one model, in creation order, with the seeded generator that draws
 * their initial values. Modules create their parameters here when constructed; {@link Graph}s bind them.
 *
 * <p>Initial values are drawn in Java from a {@link SplittableRandom} seeded at construction, so the same
 * seed and the same construction order give bitwise identical parameters on every backend.
 */
public final class Parameters {
    private final DataType dataType;
    private final SplittableRandom rng;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();

    /**
     * @param dataType {@link DataType#FLOAT} for training, {@link DataType#DOUBLE} for gradient checks
     * @param seed     seed of the initialisation generator
     */
    public Parameters(DataType dataType, long seed) {
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("parameters must be FLOAT or DOUBLE, got " + dataType);
        }
        this.dataType = dataType;
        this.rng = new SplittableRandom(seed);
    }

    /** Floating-point type of every parameter. */
    public DataType dataType() {
        return dataType;
    }

    /** The generator that initialisation schemes draw from. */
    public RandomGenerator rng() {
        return rng;
    }

    /**
     * Creates a parameter.
     *
     * @throws IllegalArgumentException if the name is taken or the values do not fit the shape
     */
    public Parameter add(String name, String group, long[] shape, double[] values) {
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("parameter '" + name + "' already exists; use a distinct module scope");
        }
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("parameter '" + name + "' has shape of " + n + " entries but "
                    + values.length + " values");
        }
        INDArray arr = Nd4j.create(values, shape, 'c').castTo(dataType);
        Parameter p = new Parameter(name, group, arr);
        byName.put(name, p);
        return p;
    }

    /**
     * Creates the weight {@code scope/W} ({@code [in, out]}) and, if {@code withBias}, the bias
     * {@code scope/b} ({@code [out]}) of a dense layer from an initialisation.
     *
     * @return the weight and (possibly) the bias
     */
    public List<Parameter> addDense(String scope, String group, DenseInit init, boolean withBias) {
        List<Parameter> out = new ArrayList<>(2);
        out.add(add(scope + "/W", group, new long[]{init.in(), init.out()}, init.weight()));
        if (withBias) {
            out.add(add(scope + "/b", group, new long[]{init.out()}, init.bias()));
        }
        return out;
    }

    /** The parameter with this name. */
    public Parameter get(String name) {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
        return p;
    }

    /** Whether a parameter with this name exists. */
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** All parameters in creation order. */
    public List<Parameter> all() {
        return List.copyOf(byName.values());
    }

    /** The parameters of one group, in creation order. */
    public List<Parameter> group(String group) {
        return byName.values().stream().filter(p -> p.group().equals(group)).toList();
    }

    /** The parameters whose name starts with {@code scope + "/"}, in creation order. */
    public List<Parameter> scope(String scope) {
        String prefix = scope + "/";
        return byName.values().stream().filter(p -> p.name().startsWith(prefix)).toList();
    }

    /** The distinct group names in creation order. */
    public List<String> groups() {
        return byName.values().stream().map(Parameter::group).distinct().toList();
    }

    /** Total number of scalar parameters. */
    public long count() {
        return count(byName.values());
    }

    /** Number of scalar parameters in a list. */
    public static long count(Iterable<Parameter> params) {
        long n = 0;
        for (Parameter p : params) {
            n += p.size();
        }
        return n;
    }

    /** A deep copy with the same names, groups and values (e.g. for target networks). */
    public Parameters copy() {
        Parameters c = new Parameters(dataType, rng.nextLong());
        for (Parameter p : byName.values()) {
            c.byName.put(p.name(), new Parameter(p.name(), p.group(), p.value().dup('c')));
        }
        return c;
    }

    /**
     * Copies every value of {@code other} into the parameter of the same name here.
     *
     * @throws IllegalArgumentException if names or shapes differ
     */
    public void assign(Parameters other) {
        requireSameLayout(other);
        for (Parameter p : byName.values()) {
            p.value().assign(other.get(p.name()).value());
        }
    }

    /** Throws unless {@code other} has exactly the same parameter names and shapes. */
    public void requireSameLayout(Parameters other) {
        if (!byName.keySet().equals(other.byName.keySet())) {
            List<String> missing = new ArrayList<>(byName.keySet());
            missing.removeAll(other.byName.keySet());
            List<String> extra = new ArrayList<>(other.byName.keySet());
            extra.removeAll(byName.keySet());
            throw new IllegalArgumentException("parameter sets differ: missing " + missing + ", unexpected " + extra);
        }
        for (Parameter p : byName.values()) {
            long[] a = p.shape();
            long[] b = other.get(p.name()).shape();
            if (!java.util.Arrays.equals(a, b)) {
                throw new IllegalArgumentException("parameter '" + p.name() + "' has shape "
                        + java.util.Arrays.toString(a) + " here but " + java.util.Arrays.toString(b) + " there");
            }
        }
    }

    /** The first parameter containing NaN or infinity, or {@code null} if all values are finite. */
    public Parameter firstNonFinite() {
        for (Parameter p : byName.values()) {
            double sum = p.value().sumNumber().doubleValue();
            if (!Double.isFinite(sum)) {
                // A finite sum proves finiteness; an infinite sum of finite values (overflow) is reported too, which
                // only happens for values far beyond any usable network.
                return p;
            }
        }
        return null;
    }

    /** Names in creation order (read-only). */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(byName.keySet()));
    }
}
