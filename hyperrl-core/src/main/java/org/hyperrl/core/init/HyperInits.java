package org.hyperrl.core.init;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The hypernetwork initialisations compared in Beck et al. 2022 and used in Sarafian et al. 2021.
 *
 * <p>Notation: base layer {@code d_out x d_in}, base init {@code f}, gain {@code g}, head input width
 * {@code d_k}, head input variance {@code Var_in}. Gain heads (if any) start at zero, so {@code s = 1},
 * except where a scheme says otherwise.
 */
public final class HyperInits {

    private HyperInits() {
    }

    /**
     * Bias-HyperInit (Beck et al. 2022, the default of the 2022/2023 papers): weight-head weights 0,
     * weight-head bias = vec(one sample of {@code f}); bias-head weights 0, bias-head bias = that sample's
     * bias (0 for normc/orthogonal/Kaiming). Every meta-input then generates exactly the base sample, so the
     * initial network is a standard, well-initialised network.
     */
    public static final HyperInit BIAS_HYPERINIT = new Named("bias_hyperinit") {
        @Override
        public HeadInit init(BaseLayerShape layer, int dk, double varIn, RandomGenerator rng) {
            return mixed(layer, dk, rng, 0.0, 1.0);
        }
    };

    /**
     * Weight-HyperInit (Beck et al. 2022 eq. 2): weight-head row {@code j} (the weights leaving feature
     * unit {@code j}) = vec(an independent sample of {@code f}); all head biases 0; bias head 0. With a
     * linear, bias-free hypernetwork and one-hot input {@code 1_i} the generated base layer is sample
     * {@code i}: an independent base network per task.
     */
    public static final HyperInit WEIGHT_HYPERINIT = new Named("weight_hyperinit") {
        @Override
        public HeadInit init(BaseLayerShape layer, int dk, double varIn, RandomGenerator rng) {
            return mixed(layer, dk, rng, 1.0, 0.0);
        }
    };

    /** Both: half Weight-HyperInit rows, half the Bias-HyperInit sample (each scaled by 0.5). */
    public static final HyperInit BOTH_HYPERINIT = new Named("both_hyperinit") {
        @Override
        public HeadInit init(BaseLayerShape layer, int dk, double varIn, RandomGenerator rng) {
            return mixed(layer, dk, rng, 0.5, 0.5);
        }
    };

    /**
     * Hyperfan-in (Chang et al. 2020): weight-head weights {@code U(+-sqrt(3 Var))} with
     * {@code Var = c / (c_bias * d_in * d_k * Var_in)}; bias-head weights with
     * {@code Var = c / (2 * d_k * Var_in)}; head biases 0. {@code c = g^2} (2 for ReLU), {@code c_bias = 2}
     * when the base layer has a bias, else 1. The generated weight then has variance
     * {@code c / (c_bias d_in)} for unit-variance heads inputs.
     */
    public static final HyperInit HYPERFAN_IN = new Named("hfi") {
        @Override
        public HeadInit init(BaseLayerShape layer, int dk, double varIn, RandomGenerator rng) {
            double c = layer.gain() * layer.gain();
            double cBias = layer.hasBias() ? 2.0 : 1.0;
            double varW = c / (cBias * layer.in() * dk * varIn);
            double varB = c / (2.0 * dk * varIn);
            return fan(layer, dk, rng, varW, varB);
        }
    };

    /**
     * Hyperfan-out (Chang et al. 2020): weight-head weights with {@code Var = c / (d_out * d_k * Var_in)};
     * bias-head weights with {@code Var = max(0, c (1 - d_in/d_out)) / (d_k * Var_in)}; head biases 0;
     * {@code c = g^2}.
     */
    public static final HyperInit HYPERFAN_OUT = new Named("hfo") {
        @Override
        public HeadInit init(BaseLayerShape layer, int dk, double varIn, RandomGenerator rng) {
            double c = layer.gain() * layer.gain();
            double varW = c / ((double) layer.out() * dk * varIn);
            double varB = Math.max(0.0, c * (1.0 - (double) layer.in() / layer.out())) / (dk * varIn);
            return fan(layer, dk, rng, varW, varB);
        }
    };

    /** Sarafian et al. 2021 with the paper's values: sigma 0.05 for the first base layer, 0.008 for the last. */
    public static final HyperInit SARAFIAN = sarafian(0.05, 0.008);

    /**
     * Sarafian et al. 2021 (supplementary D.3): every head's weights (weight, bias and gain heads)
     * {@code U(-sigma, sigma)}, head biases 0, with {@code sigmaFirst} for every base layer but the last
     * and {@code sigmaLast} for the last. Initially {@code s ~ 1}.
     */
    public static HyperInit sarafian(double sigmaFirst, double sigmaLast) {
        String name = sigmaFirst == 0.05 && sigmaLast == 0.008 ? "sarafian"
                : "sarafian(" + sigmaFirst + "," + sigmaLast + ")";
        return new Named(name) {
            @Override
            public HeadInit init(BaseLayerShape layer, int dk, double varIn, RandomGenerator rng) {
                double sigma = layer.isLast() ? sigmaLast : sigmaFirst;
                int n = layer.in() * layer.out();
                DenseInit w = new DenseInit(dk, n, LayerInits.uniform(dk * n, sigma, rng), new double[n]);
                DenseInit b = layer.hasBias() ? new DenseInit(dk, layer.out(),
                        LayerInits.uniform(dk * layer.out(), sigma, rng), new double[layer.out()]) : null;
                DenseInit s = layer.hasGain() ? new DenseInit(dk, layer.out(),
                        LayerInits.uniform(dk * layer.out(), sigma, rng), new double[layer.out()]) : null;
                return new HeadInit(w, b, s);
            }
        };
    }

    /**
     * The naive baseline of Beck et al. 2022 ("Kaiming", "Normc", "Orthogonal"): every head is initialised
     * as if it were an ordinary {@code d_k -> n} layer with scheme {@code kind} and the base layer's gain.
     */
    public static HyperInit naive(LayerInit kind) {
        return new Named("naive_" + kind.name()) {
            @Override
            public HeadInit init(BaseLayerShape layer, int dk, double varIn, RandomGenerator rng) {
                DenseInit w = kind.sample(dk, layer.in() * layer.out(), layer.gain(), rng);
                DenseInit b = layer.hasBias() ? kind.sample(dk, layer.out(), layer.gain(), rng) : null;
                DenseInit s = layer.hasGain() ? kind.sample(dk, layer.out(), layer.gain(), rng) : null;
                return new HeadInit(w, b, s);
            }
        };
    }

    private static final List<HyperInit> NAMED = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(BIAS_HYPERINIT, WEIGHT_HYPERINIT, BOTH_HYPERINIT,
            HYPERFAN_IN, HYPERFAN_OUT, SARAFIAN, naive(LayerInits.KAIMING_UNIFORM), naive(LayerInits.NORMC),
            naive(LayerInits.ORTHOGONAL)));

    /** The named schemes (the naive ones for Kaiming uniform, normc and orthogonal). */
    public static List<HyperInit> all() {
        return List.copyOf(NAMED);
    }

    /**
     * Registers a user's scheme under its {@link HyperInit#name()}, after which configs and the command line select it
     * by that name like the built-in ones.
     *
     * @throws IllegalArgumentException if the name is taken or is not lower case without spaces
     */
    public static synchronized void register(HyperInit init) {
        String name = init.name();
        if (name == null || !name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("a hypernetwork init name must be lower case letters, digits and '_', "
                    + "got '" + name + "'");
        }
        if (NAMED.stream().anyMatch(i -> i.name().equals(name)) || name.startsWith("naive_")) {
            throw new IllegalArgumentException("hypernetwork init name '" + name + "' is taken");
        }
        NAMED.add(init);
    }

    /**
     * Looks a scheme up by name: {@code bias_hyperinit}, {@code weight_hyperinit}, {@code both_hyperinit},
     * {@code hfi}, {@code hfo}, {@code sarafian}, {@code naive_<layer init>} (case-insensitive, '-' = '_').
     *
     * @throws IllegalArgumentException naming the unknown value and the valid names
     */
    public static HyperInit byName(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (HyperInit init : NAMED) {
            if (init.name().equals(key)) {
                return init;
            }
        }
        if (key.startsWith("naive_")) {
            try {
                return naive(LayerInits.byName(key.substring("naive_".length())));
            } catch (IllegalArgumentException e) {
                // fall through to the full message below
            }
        }
        throw new IllegalArgumentException("unknown hypernetwork initialisation '" + name + "'; valid names: "
                + NAMED.stream().map(HyperInit::name).toList() + " or naive_<" + LayerInits.all().stream()
                .map(LayerInit::name).toList() + ">");
    }

    /**
     * A scheme that carries its name, so that printing it (e.g. in a config record) shows the name {@link #byName}
     * accepts, as {@link LayerInits}' schemes do, rather than an anonymous class and hash.
     */
    private abstract static class Named implements HyperInit {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public final String name() {
            return name;
        }

        @Override
        public final String toString() {
            return name;
        }
    }

    /** weightScale x (independent samples of f as weight-head rows) + biasScale x (one sample as head bias). */
    private static HeadInit mixed(BaseLayerShape layer, int dk, RandomGenerator rng, double weightScale,
                                  double biasScale) {
        int n = layer.in() * layer.out();
        double[] headW = new double[dk * n];
        double[] biasHeadBias = new double[layer.out()];
        if (weightScale != 0.0) {
            for (int j = 0; j < dk; j++) {
                DenseInit sample = layer.baseInit().sample(layer.in(), layer.out(), layer.gain(), rng);
                for (int k = 0; k < n; k++) {
                    headW[j * n + k] = weightScale * sample.weight()[k];
                }
            }
        }
        double[] headB = new double[n];
        if (biasScale != 0.0) {
            DenseInit sample = layer.baseInit().sample(layer.in(), layer.out(), layer.gain(), rng);
            for (int k = 0; k < n; k++) {
                headB[k] = biasScale * sample.weight()[k];
            }
            for (int k = 0; k < layer.out(); k++) {
                biasHeadBias[k] = biasScale * sample.bias()[k];
            }
        }
        DenseInit w = new DenseInit(dk, n, headW, headB);
        DenseInit b = layer.hasBias() ? new DenseInit(dk, layer.out(), new double[dk * layer.out()], biasHeadBias) : null;
        return new HeadInit(w, b, HyperInit.unitGain(layer, dk));
    }

    private static HeadInit fan(BaseLayerShape layer, int dk, RandomGenerator rng, double varW, double varB) {
        int n = layer.in() * layer.out();
        DenseInit w = new DenseInit(dk, n, LayerInits.uniform(dk * n, Math.sqrt(3.0 * varW), rng), new double[n]);
        DenseInit b = layer.hasBias() ? new DenseInit(dk, layer.out(),
                LayerInits.uniform(dk * layer.out(), Math.sqrt(3.0 * varB), rng), new double[layer.out()]) : null;
        return new HeadInit(w, b, HyperInit.unitGain(layer, dk));
    }
}
