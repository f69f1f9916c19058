package org.hyperrl.core.init;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The base initialisations of the papers. Each constant documents its formula; {@code g} is the gain
 * passed to {@link LayerInit#sample}, {@code fan_in = in}, {@code fan_out = out}.
 */
public final class LayerInits {

    private LayerInits() {
    }

    /**
     * normc (Beck et al.'s default base init): {@code W ~ N(0,1)}, then every output unit's incoming weight
     * vector (a row of the paper's {@code out x in} matrix) is rescaled to L2 norm {@code g}; bias 0.
     */
    public static final LayerInit NORMC = new Named("normc", (in, out, g, rng) -> {
        double[] w = new double[in * out];
        for (int k = 0; k < w.length; k++) {
            w[k] = rng.nextGaussian();
        }
        for (int j = 0; j < out; j++) {
            double sq = 0;
            for (int i = 0; i < in; i++) {
                sq += w[i * out + j] * w[i * out + j];
            }
            double scale = g / Math.sqrt(sq);
            for (int i = 0; i < in; i++) {
                w[i * out + j] *= scale;
            }
        }
        return new DenseInit(in, out, w, new double[out]);
    });

    /**
     * Orthogonal with gain {@code g}: a (semi-)orthogonal matrix from the QR decomposition of a standard
     * normal matrix (signs fixed by the diagonal of R), times {@code g}; bias 0.
     */
    public static final LayerInit ORTHOGONAL = new Named("orthogonal", (in, out, g, rng) -> {
        double[] w = Orthogonal.sample(in, out, rng);
        for (int k = 0; k < w.length; k++) {
            w[k] *= g;
        }
        return new DenseInit(in, out, w, new double[out]);
    });

    /** Kaiming (He) uniform, fan-in mode: {@code W ~ U(+-g*sqrt(3/fan_in))}; bias 0. */
    public static final LayerInit KAIMING_UNIFORM = new Named("kaiming_uniform", (in, out, g, rng) ->
            new DenseInit(in, out, uniform(in * out, g * Math.sqrt(3.0 / in), rng), new double[out]));

    /** Kaiming (He) normal, fan-in mode: {@code W ~ N(0, g^2/fan_in)}; bias 0. */
    public static final LayerInit KAIMING_NORMAL = new Named("kaiming_normal", (in, out, g, rng) ->
            new DenseInit(in, out, normal(in * out, g / Math.sqrt(in), rng), new double[out]));

    /** Xavier (Glorot) uniform: {@code W ~ U(+-g*sqrt(6/(fan_in+fan_out)))}; bias 0. */
    public static final LayerInit XAVIER_UNIFORM = new Named("xavier_uniform", (in, out, g, rng) ->
            new DenseInit(in, out, uniform(in * out, g * Math.sqrt(6.0 / (in + out)), rng), new double[out]));

    /** Xavier (Glorot) normal: {@code W ~ N(0, g^2 * 2/(fan_in+fan_out))}; bias 0. */
    public static final LayerInit XAVIER_NORMAL = new Named("xavier_normal", (in, out, g, rng) ->
            new DenseInit(in, out, normal(in * out, g * Math.sqrt(2.0 / (in + out)), rng), new double[out]));

    /**
     * PyTorch's default {@code nn.Linear}: weight and bias {@code U(+-1/sqrt(fan_in))} (Kaiming uniform with
     * a = sqrt(5)); the gain is ignored.
     */
    public static final LayerInit TORCH_DEFAULT = new Named("torch_default", (in, out, g, rng) -> {
        double bound = 1.0 / Math.sqrt(in);
        double[] w = uniform(in * out, bound, rng);
        return new DenseInit(in, out, w, uniform(out, bound, rng));
    });

    /**
     * Sarafian et al.'s primary-network layers: weight {@code U(+-g/sqrt(fan_in) * sqrt(3))}, i.e.
     * Kaiming uniform; with {@code g = 1/sqrt(12)} this is {@code U(+-1/(2 sqrt(fan_in)))} (TD3 copy of
     * the reference) and with {@code g = 1/sqrt(6)} {@code U(+-1/sqrt(2 fan_in))} (SAC copy). Bias: PyTorch
     * default {@code U(+-1/sqrt(fan_in))}.
     */
    public static final LayerInit SARAFIAN_PRIMARY = new Named("sarafian_primary", (in, out, g, rng) -> {
        double[] w = uniform(in * out, g * Math.sqrt(3.0 / in), rng);
        return new DenseInit(in, out, w, uniform(out, 1.0 / Math.sqrt(in), rng));
    });

    /** Gain for {@link #SARAFIAN_PRIMARY} that gives {@code U(+-1/(2 sqrt(fan_in)))}. */
    public static final double SARAFIAN_PRIMARY_GAIN = 1.0 / Math.sqrt(12.0);

    /** All weights and biases zero. */
    public static final LayerInit ZEROS = new Named("zeros", (in, out, g, rng) -> DenseInit.zeros(in, out));

    private static final List<LayerInit> ALL = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(NORMC,
            ORTHOGONAL, KAIMING_UNIFORM, KAIMING_NORMAL, XAVIER_UNIFORM, XAVIER_NORMAL, TORCH_DEFAULT, SARAFIAN_PRIMARY,
            ZEROS));

    /** Every named base initialisation. */
    public static List<LayerInit> all() {
        return List.copyOf(ALL);
    }

    /**
     * Registers a user's base initialisation under its {@link LayerInit#name()}, after which configs and the command
     * line select it by that name (and {@code naive_NAME} as a hypernetwork init) like the built-in ones.
     *
     * @throws IllegalArgumentException if the name is taken or is not lower case without spaces
     */
    public static synchronized void register(LayerInit init) {
        String name = init.name();
        if (name == null || !name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("a layer init name must be lower case letters, digits and '_', got '"
                    + name + "'");
        }
        if (ALL.stream().anyMatch(i -> i.name().equals(name))) {
            throw new IllegalArgumentException("layer init name '" + name + "' is taken");
        }
        ALL.add(init);
    }

    /**
     * Looks a base initialisation up by name (case-insensitive, '-' and '_' equivalent).
     *
     * @throws IllegalArgumentException naming the unknown value and the valid names
     */
    public static LayerInit byName(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (LayerInit init : ALL) {
            if (init.name().equals(key)) {
                return init;
            }
        }
        throw new IllegalArgumentException("unknown layer initialisation '" + name + "'; valid names: "
                + ALL.stream().map(LayerInit::name).toList());
    }

    /** {@code n} draws from {@code U(-bound, bound)}. */
    public static double[] uniform(int n, double bound, RandomGenerator rng) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = (2.0 * rng.nextDouble() - 1.0) * bound;
        }
        return v;
    }

    /** {@code n} draws from {@code N(0, std^2)}. */
    public static double[] normal(int n, double std, RandomGenerator rng) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = rng.nextGaussian() * std;
        }
        return v;
    }

    private record Named(String name, LayerInit body) implements LayerInit {
        @Override
        public DenseInit sample(int in, int out, double gain, RandomGenerator rng) {
            return body.sample(in, out, gain, rng);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
