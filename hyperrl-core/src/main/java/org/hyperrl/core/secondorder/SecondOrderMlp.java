package org.hyperrl.core.secondorder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.hyperrl.core.init.DenseInit;
import org.hyperrl.core.init.LayerInit;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.Linear;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An MLP {@code in (+ task) -> hidden... -> out} with one activation after every hidden layer and none after the
 * output, as a {@link SecondOrderNetwork}. With {@code taskWidth > 0} the task vector is concatenated to every input
 * row (Context-MAML's oracle context). Layers are {@code scope/l0, scope/l1, ...}; weights from {@code init} with
 * the given gain, biases zero (pytorch-maml-rl's policy initialisation with Xavier-uniform weights).
 */
public final class SecondOrderMlp implements SecondOrderNetwork {
    private final int in;
    private final int taskWidth;
    private final int out;
    private final Activation activation;
    private final List<Linear> layers = new ArrayList<>();
    private final List<Parameter> params = new ArrayList<>();

    public SecondOrderMlp(Parameters ps, String scope, String group, int in, int taskWidth, int[] hidden, int out,
                          Activation activation, LayerInit init, double gain) {
        if (in < 1 || taskWidth < 0 || out < 1 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("MLP sizes must be positive (task width >= 0), got in " + in + ", task "
                    + taskWidth + ", hidden " + Arrays.toString(hidden) + ", out " + out);
        }
        this.in = in;
        this.taskWidth = taskWidth;
        this.out = out;
        this.activation = activation;
        int prev = in + taskWidth;
        int[] widths = Arrays.copyOf(hidden, hidden.length + 1);
        widths[hidden.length] = out;
        for (int k = 0; k < widths.length; k++) {
            String s = scope + "/l" + k;
            DenseInit sampled = init.sample(prev, widths[k], gain, ps.rng(s));
            Linear l = new Linear(ps, s, group, new DenseInit(prev, widths[k], sampled.weight(),
                    new double[widths[k]]), true);
            layers.add(l);
            params.add(l.weight());
            params.add(l.bias());
            prev = widths[k];
        }
    }

    @Override
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(params);
    }

    @Override
    public int inputWidth() {
        return in;
    }

    @Override
    public int taskWidth() {
        return taskWidth;
    }

    @Override
    public int outputWidth() {
        return out;
    }

    @Override
    public Pass forward(List<Dual> p, INDArray input, INDArray task) {
        if (input.rank() != 2 || input.size(1) != in) {
            throw new IllegalArgumentException("MLP input must be [n, " + in + "], got "
                    + Arrays.toString(input.shape()));
        }
        INDArray x = input;
        if (taskWidth > 0) {
            if (task == null || task.length() != taskWidth) {
                throw new IllegalArgumentException("this MLP reads a task vector of width " + taskWidth + ", got "
                        + (task == null ? "none" : Arrays.toString(task.shape())));
            }
            INDArray rows = task.reshape(1, taskWidth).castTo(input.dataType()).repeat(0, input.size(0));
            x = Nd4j.hstack(input, rows);
        }
        List<Dual> zs = new ArrayList<>();
        List<Dual> hs = new ArrayList<>();
        Dual h = Dual.constant(x);
        hs.add(h);
        for (int k = 0; k < layers.size(); k++) {
            Dual z = DualLayers.affine(h, p.get(2 * k), p.get(2 * k + 1));
            zs.add(z);
            h = k < layers.size() - 1 ? DualLayers.activate(activation, z) : z;
            hs.add(h);
        }
        Dual output = h;
        return new Pass() {
            @Override
            public Dual output() {
                return output;
            }

            @Override
            public List<Dual> backward(Dual gradOutput) {
                Dual[] grads = new Dual[p.size()];
                Dual g = gradOutput;
                for (int k = layers.size() - 1; k >= 0; k--) {
                    if (k < layers.size() - 1) {
                        g = DualLayers.activationBackward(activation, g, zs.get(k), hs.get(k + 1));
                    }
                    Dual xk = hs.get(k);
                    grads[2 * k] = xk.transpose().mmul(g);
                    grads[2 * k + 1] = g.sumRows();
                    if (k > 0) {
                        g = g.mmul(p.get(2 * k).transpose());
                    }
                }
                return Arrays.asList(grads);
            }
        };
    }
}
