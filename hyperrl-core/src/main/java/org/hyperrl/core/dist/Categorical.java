package org.hyperrl.core.dist;

import org.hyperrl.core.nn.SdOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A categorical distribution over {@code k} classes per row, from unnormalised logits {@code [batch, k]}. Actions
 * enter graphs one-hot encoded ({@code [batch, k]}), which keeps gathers out of the graph; every per-sample quantity
 * is {@code [batch, 1]}. Sampling is not reparameterisable and happens in plain Java ({@link #sample}).
 */
public final class Categorical {
    private final SameDiff sd;
    private final SDVariable logits;
    private final int k;
    private SDVariable logProbs;

    public Categorical(SameDiff sd, SDVariable logits, int k) {
        if (k <= 1) {
            throw new IllegalArgumentException("a categorical distribution needs at least two classes, got " + k);
        }
        this.sd = sd;
        this.logits = logits;
        this.k = k;
    }

    /** Log-probabilities of every class, {@code [batch, k]} (log-softmax of the logits; built once). */
    public SDVariable logProbs() {
        if (logProbs == null) {
            logProbs = sd.nn().logSoftmax(logits);
        }
        return logProbs;
    }

    /** Probabilities of every class, {@code [batch, k]}. */
    public SDVariable probs() {
        return sd.math().exp(logProbs());
    }

    /** Log-probability of one-hot actions {@code [batch, k]}. */
    public SDVariable logProb(SDVariable oneHot) {
        return SdOps.rowSum(sd, oneHot.mul(logProbs()), k);
    }

    /** Entropy {@code -sum p log p}. */
    public SDVariable entropy() {
        return SdOps.rowSum(sd, probs().mul(logProbs()), k).neg();
    }

    /**
     * {@code KL(this || other) = sum p (log p - log q)}.
     *
     * @throws IllegalArgumentException if the numbers of classes differ
     */
    public SDVariable kl(Categorical other) {
        if (other.k != k) {
            throw new IllegalArgumentException("KL between categoricals over " + k + " and " + other.k + " classes");
        }
        return SdOps.rowSum(sd, probs().mul(logProbs().sub(other.logProbs())), k);
    }

    public SDVariable logits() {
        return logits;
    }

    public int classes() {
        return k;
    }

    /** Plain-Java probabilities {@code softmax(logits)}, computed stably (the maximum logit subtracted). */
    public static double[] probabilities(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * Plain-Java sample by inverting the cumulative distribution at {@code uniform} in {@code [0, 1)}.
     *
     * @throws IllegalArgumentException if {@code uniform} is outside {@code [0, 1)}
     */
    public static int sample(float[] logits, double uniform) {
        if (!(uniform >= 0 && uniform < 1)) {
            throw new IllegalArgumentException("uniform noise must be in [0, 1), got " + uniform);
        }
        double[] p = probabilities(logits);
        double c = 0;
        for (int i = 0; i < p.length; i++) {
            c += p[i];
            if (uniform < c) {
                return i;
            }
        }
        // Rounding can leave the cumulative sum just below 1; the last class with positive mass takes the rest.
        for (int i = p.length - 1; i > 0; i--) {
            if (p[i] > 0) {
                return i;
            }
        }
        return 0;
    }

    /** Plain-Java mode: the index of the largest logit (the first on ties). */
    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
