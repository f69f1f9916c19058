package org.hyperrl.core.hyper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hyperrl.core.init.LayerInit;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Layer;
import org.hyperrl.core.nn.Linear;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.nn.ResidualBlock;
import org.hyperrl.core.nn.WeightSource;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The primary network of Sarafian et al. 2021: for each stage width {@code w} (default 256, 512, 1024), an
 * up-scaling {@code Linear(prev -> w)} followed by {@code blocksPerStage} pre-activation residual blocks of
 * width {@code w}; no activation after the last block. Scopes: {@code scope/up<k>}, {@code scope/res<k>_<j>}.
 */
public final class PrimaryNetwork implements Layer {

    /**
     * Configuration.
     *
     * @param widths         stage widths
     * @param blocksPerStage residual blocks after each up-scaling layer
     * @param activation     activation inside the residual blocks
     * @param init           initialisation of every linear layer
     * @param gain           gain passed to {@code init}
     */
    public record Config(int[] widths, int blocksPerStage, Activation activation, LayerInit init, double gain) {
        public Config {
            if (widths.length == 0 || Arrays.stream(widths).anyMatch(w -> w <= 0) || blocksPerStage < 0) {
                throw new IllegalArgumentException("primary network needs positive widths and blocks >= 0, got "
                        + Arrays.toString(widths) + " / " + blocksPerStage);
            }
            widths = widths.clone();
        }

        /** The values with the widths written out (a record's own {@code toString} prints arrays as {@code [I@...}). */
        @Override
        public String toString() {
            return "Config[widths=" + Arrays.toString(widths) + ", blocksPerStage=" + blocksPerStage + ", activation="
                    + activation + ", init=" + init + ", gain=" + gain + "]";
        }

        /** The paper's network: 256 -> 512 -> 1024, two ReLU residual blocks each, Sarafian init. */
        public static Config paper() {
            return new Config(new int[]{256, 512, 1024}, 2, Activation.RELU, LayerInits.SARAFIAN_PRIMARY,
                    LayerInits.SARAFIAN_PRIMARY_GAIN);
        }

        /** Same layout with other widths and depth (for tests and small experiments). */
        public Config withWidths(int blocks, int... newWidths) {
            return new Config(newWidths, blocks, activation, init, gain);
        }
    }

    private final int in;
    private final int out;
    private final List<Layer> layers = new ArrayList<>();

    public PrimaryNetwork(Parameters ps, String scope, String group, int in, Config config) {
        this.in = in;
        int prev = in;
        for (int k = 0; k < config.widths().length; k++) {
            int w = config.widths()[k];
            layers.add(new Linear(ps, scope + "/up" + k, group, prev, w, config.init(), config.gain()));
            for (int j = 0; j < config.blocksPerStage(); j++) {
                layers.add(new ResidualBlock(ps, scope + "/res" + k + "_" + j, group, w, config.activation(),
                        config.init(), config.gain()));
            }
            prev = w;
        }
        this.out = prev;
    }

    @Override
    public SDVariable apply(Graph g, SDVariable x, WeightSource weights) {
        SDVariable h = x;
        for (Layer l : layers) {
            h = l.apply(g, h, weights);
        }
        return h;
    }

    @Override
    public int inWidth() {
        return in;
    }

    @Override
    public int outWidth() {
        return out;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        layers.forEach(l -> ps.addAll(l.parameters()));
        return ps;
    }
}
