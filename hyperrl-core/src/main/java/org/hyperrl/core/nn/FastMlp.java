package org.hyperrl.core.nn;

import java.util.Arrays;
import java.util.List;

/**
 * Plain-Java forward pass of an {@link Mlp} for acting: one observation at a time without ND4J op overhead
 * (a SameDiff call costs ~0.3-0.7 ms, this costs microseconds). Holds a float copy of the weights; call
 * {@link #refresh()} after the parameters change (e.g. after each training step, or before each episode).
 */
public final class FastMlp {
    private final List<Linear> layers;
    private final Activation[] activations;
    private final float[][] weights;
    private final float[][] biases;
    private final float[][] buffers;

    /** Every hidden layer followed by {@code hidden}, the output layer by {@code output}. */
    public FastMlp(Mlp mlp, Activation hidden, Activation output) {
        this(mlp.layers(), activations(mlp.layers().size(), hidden, output));
    }

    /** With the activations the MLP's {@link Mlp#spec()} declares. */
    public FastMlp(Mlp mlp) {
        this(mlp.layers(), mlp.spec().layers().stream().map(DynamicLayerSpec::activation).toArray(Activation[]::new));
    }

    /** One layer followed by {@code activation}, e.g. an embedding. */
    public FastMlp(Linear layer, Activation activation) {
        this(List.of(layer), new Activation[]{activation});
    }

    private FastMlp(List<Linear> layers, Activation[] activations) {
        this.layers = List.copyOf(layers);
        this.activations = activations;
        this.weights = new float[layers.size()][];
        this.biases = new float[layers.size()][];
        this.buffers = new float[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            buffers[l] = new float[layers.get(l).outWidth()];
        }
        refresh();
    }

    private static Activation[] activations(int layers, Activation hidden, Activation output) {
        Activation[] a = new Activation[layers];
        Arrays.fill(a, hidden);
        a[layers - 1] = output;
        return a;
    }

    /** Copies the current parameter values. */
    public void refresh() {
        for (int l = 0; l < layers.size(); l++) {
            Linear layer = layers.get(l);
            weights[l] = layer.weight().value().dup('c').data().asFloat();
            biases[l] = layer.bias() == null ? new float[layer.outWidth()] : layer.bias().value().data().asFloat();
        }
    }

    /**
     * Computes the output for one input; the returned array is reused by the next call.
     *
     * @throws IllegalArgumentException if the input has the wrong length
     */
    public float[] forward(float[] x) {
        if (x.length != layers.get(0).inWidth()) {
            throw new IllegalArgumentException("input has " + x.length + " values, expected " + layers.get(0).inWidth());
        }
        float[] h = x;
        for (int l = 0; l < layers.size(); l++) {
            int in = layers.get(l).inWidth();
            int out = layers.get(l).outWidth();
            float[] w = weights[l];
            float[] y = buffers[l];
            System.arraycopy(biases[l], 0, y, 0, out);
            for (int i = 0; i < in; i++) {
                float xi = h[i];
                if (xi == 0f) {
                    continue;
                }
                int row = i * out;
                for (int j = 0; j < out; j++) {
                    y[j] += xi * w[row + j];
                }
            }
            Activation act = activations[l];
            for (int j = 0; j < out; j++) {
                y[j] = apply(act, y[j]);
            }
            h = y;
        }
        return h;
    }

    private static float apply(Activation a, float v) {
        return switch (a) {
            case RELU -> Math.max(0f, v);
            case TANH -> (float) Math.tanh(v);
            case ELU -> v > 0 ? v : (float) Math.expm1(v);
            case IDENTITY -> v;
        };
    }
}
