package org.hyperrl.core.nn;

import java.util.List;
import org.hyperrl.core.init.DenseInit;
import org.hyperrl.core.init.LayerInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Dense layer {@code y = x W + b} with {@code W} of shape {@code [in, out]} and {@code b} of shape {@code [out]}. */
public final class Linear implements Layer {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    /** Creates {@code scope/W} and {@code scope/b} from an initialisation scheme and gain. */
    public Linear(Parameters ps, String scope, String group, int in, int out, LayerInit init, double gain) {
        this(ps, scope, group, init.sample(in, out, gain, ps.rng(scope)), true);
    }

    /** Creates the layer from explicit initial values; {@code withBias = false} gives {@code y = x W}. */
    public Linear(Parameters ps, String scope, String group, DenseInit init, boolean withBias) {
        this.in = init.in();
        this.out = init.out();
        List<Parameter> created = ps.addDense(scope, group, init, withBias);
        this.weight = created.get(0);
        this.bias = withBias ? created.get(1) : null;
    }

    @Override
    public SDVariable apply(Graph g, SDVariable x, WeightSource source) {
        return weights(g, source).affine(g.sd(), x, out);
    }

    /** {@code x W + b} on an array with the parameters' current values, as eager operations (no graph). */
    public INDArray forward(INDArray x) {
        INDArray y = x.mmul(weight.value());
        return bias == null ? y : y.addiRowVector(bias.value().reshape(1, out));
    }

    /** This layer's weight and bias under a weight source. */
    public LayerWeights weights(Graph g, WeightSource source) {
        return new LayerWeights(source.get(g, weight), bias == null ? null : source.get(g, bias), null,
                source.perSample(weight));
    }

    /** The weight {@code [in, out]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias {@code [out]}, or {@code null}. */
    public Parameter bias() {
        return bias;
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
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }
}
