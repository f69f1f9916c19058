package org.hyperrl.core.nn;

import java.util.Arrays;
import java.util.List;

/**
 * Plain-Java step of a {@link Gru} for acting, with the same gates and formulas: a batch of rows per call without
 * ND4J op overhead. Holds a float copy of the weights; call {@link #refresh()} after the parameters change.
 */
public final class FastGru {
    private final Gru gru;
    private final int in;
    private final int hidden;
    private float[] wx;
    private float[] wh;
    private float[] b;
    private float[] xz = new float[0];
    private float[] hz = new float[0];
    private float[] rh = new float[0];

    public FastGru(Gru gru) {
        this.gru = gru;
        this.in = gru.inWidth();
        this.hidden = gru.hiddenWidth();
        refresh();
    }

    /** Copies the current parameter values. */
    public void refresh() {
        List<Parameter> p = gru.parameters();
        wx = p.get(0).value().dup('c').data().asFloat();
        wh = p.get(1).value().dup('c').data().asFloat();
        b = p.get(2).value().dup('c').data().asFloat();
    }

    /**
     * One step for {@code batch} rows: {@code x [batch * in]} and {@code h [batch * hidden]} row-major; writes the next
     * state to {@code out [batch * hidden]}, which may be {@code h} itself.
     *
     * @throws IllegalArgumentException if an array is shorter than {@code batch} rows
     */
    public void step(float[] x, float[] h, int batch, float[] out) {
        if (x.length < batch * in || h.length < batch * hidden || out.length < batch * hidden) {
            throw new IllegalArgumentException("a batch of " + batch + " needs x of " + batch * in + ", h and out of "
                    + batch * hidden + " values; got " + x.length + ", " + h.length + ", " + out.length);
        }
        int gates = 3 * hidden;
        if (xz.length < batch * gates) {
            xz = new float[batch * gates];
            hz = new float[batch * gates];
            rh = new float[batch * hidden];
        }
        for (int n = 0; n < batch; n++) {
            System.arraycopy(b, 0, xz, n * gates, gates);
        }
        product(x, in, wx, gates, 0, gates, batch, xz);
        Arrays.fill(hz, 0, batch * gates, 0f);
        // h Whr and h Whu first: the candidate's product needs r * h
        product(h, hidden, wh, gates, 0, 2 * hidden, batch, hz);
        for (int n = 0; n < batch; n++) {
            int g = n * gates;
            int s = n * hidden;
            for (int j = 0; j < hidden; j++) {
                float r = sigmoid(xz[g + j] + hz[g + j]);
                rh[s + j] = r * h[s + j];
            }
        }
        product(rh, hidden, wh, gates, 2 * hidden, hidden, batch, hz);
        for (int n = 0; n < batch; n++) {
            int g = n * gates;
            int s = n * hidden;
            for (int j = 0; j < hidden; j++) {
                float u = sigmoid(xz[g + hidden + j] + hz[g + hidden + j]);
                float c = (float) Math.tanh(xz[g + 2 * hidden + j] + hz[g + 2 * hidden + j]);
                out[s + j] = c + u * (h[s + j] - c);
            }
        }
    }

    /**
     * Adds {@code a [batch, k] x w[:, from .. from + cols - 1]} to the same columns of {@code y [batch, wStride]}.
     * Loops weight row outermost, so that each row of {@code w} is read once for the whole batch.
     */
    private static void product(float[] a, int k, float[] w, int wStride, int from, int cols, int batch, float[] y) {
        for (int i = 0; i < k; i++) {
            int row = i * wStride + from;
            for (int n = 0; n < batch; n++) {
                float ai = a[n * k + i];
                if (ai == 0f) {
                    continue;
                }
                int dst = n * wStride + from;
                for (int j = 0; j < cols; j++) {
                    y[dst + j] += ai * w[row + j];
                }
            }
        }
    }

    private static float sigmoid(float v) {
        return (float) (1.0 / (1.0 + Math.exp(-v)));
    }

    /** The GRU this step computes. */
    public Gru gru() {
        return gru;
    }
}
