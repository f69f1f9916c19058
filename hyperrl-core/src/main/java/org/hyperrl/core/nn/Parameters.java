package org.hyperrl.core.nn;

import java.nio.charset.StandardCharsets;
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
 * The named, scoped parameters of one model, in creation order, with the seeded generators that draw
 * their initial values. Modules create their parameters here when constructed; {@link Graph}s bind them.
 *
 * <p>Initial values are drawn in Java, so they do not depend on the backend. Each module draws from its own
 * generator, {@link #rng(String)}, seeded from the root seed and the module's scope name: the same seed and scope
 * give bitwise identical values whatever else the model contains or in which order modules are built.
 */
public final class Parameters {
    private final DataType dataType;
    private final long seed;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();

    /**
     * @param dataType {@link DataType#FLOAT} for training, {@link DataType#DOUBLE} for gradient checks
     * @param seed     root seed of the initialisation generators
     */
    public Parameters(DataType dataType, long seed) {
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("parameters must be FLOAT or DOUBLE, got " + dataType);
        }
        this.dataType = dataType;
        this.seed = seed;
    }

    /** Floating-point type of every parameter. */
    public DataType dataType() {
        return dataType;
    }

    /** The root seed of the initialisation generators. */
    public long seed() {
        return seed;
    }

    /**
     * A fresh generator for the module with this scope (e.g. {@code critic/primary/up0}): seeded from a 64-bit hash
     * of the root seed and the scope's UTF-8 bytes, so adding, removing or reordering other modules leaves this one's
     * initial values unchanged. Two calls with the same scope give the same sequence; a module that draws several
     * arrays takes one generator and draws them in a fixed order, or derives a sub-scope per array.
     */
    public RandomGenerator rng(String scope) {
        return new SplittableRandom(scopeSeed(seed, scope));
    }

    /** FNV-1a over the UTF-8 bytes, then mixed with the root seed by two finalising rounds (Stafford's variant 13). */
    static long scopeSeed(long root, String scope) {
        long h = 0xcbf29ce484222325L;
        for (byte b : scope.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix64(root ^ mix64(h + 0x9e3779b97f4a7c15L));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
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

    /** A deep copy with the same names, groups, values and root seed (e.g. for target networks). */
    public Parameters copy() {
        Parameters c = new Parameters(dataType, seed);
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
