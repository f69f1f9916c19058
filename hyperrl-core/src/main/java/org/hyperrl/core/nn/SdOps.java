package org.hyperrl.core.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place for the ways around SameDiff 1.0.0-M2.1 problems that the rest of the code relies on. Each
 * method says which problem it avoids; {@code SdOpsTest} checks values and gradients of each for a batch of one
 * row and of several rows, so an ND4J upgrade can show which workarounds are still needed.
 *
 * <p>Elsewhere: {@link Gru} is unrolled from primitive ops because the fused {@code gru} op's gradient with respect
 * to the input weights failed a finite-difference check (wrong sign); {@link Graph} silences the line SameDiff
 * prints per differentiated op; there is no gradient of a gradient, so MAML-style inner steps are written as graph
 * ops ({@link WeightSource#adapted}).
 */
public final class SdOps {

    private SdOps() {
    }

    /**
     * {@code x W + b} as a matrix product followed by an add ({@code b} may be {@code null}). Not SameDiff's fused
     * {@code xw_plus_b}: in M2.1 its backward pass throws a {@code NullPointerException} for a batch of one row.
     */
    public static SDVariable affine(SDVariable x, SDVariable w, SDVariable b) {
        SDVariable h = x.mmul(w);
        return b == null ? h : h.add(b);
    }

    /**
     * Per-sample matrix product {@code y[n] = x[n] W[n]} for {@code x [B, in]}, {@code W [B, in, out]}, giving
     * {@code [B, out]}: a rank-3 {@code mmul} of {@code [B, 1, in] x [B, in, out]}, reshaped. In the M2.1 jar
     * {@code batchMmul} takes arrays of rank-2 matrices (unlike its documentation), so it cannot take a generated
     * {@code [B, in, out]} tensor; the rank-3 product is differentiated correctly.
     */
    public static SDVariable perSampleProduct(SameDiff sd, SDVariable x, SDVariable w, int out) {
        return sd.reshape(sd.mmul(sd.expandDims(x, 1), w), -1, out);
    }

    /**
     * Row sums {@code [batch, width] -> [batch, 1]} as a product with a constant column of ones. SameDiff M2.1's
     * keep-dims reduction along one axis failed (a null input at execution) inside larger graphs for batches of more
     * than one row.
     */
    public static SDVariable rowSum(SameDiff sd, SDVariable x, int width) {
        return x.mmul(sd.constant(Nd4j.ones(x.dataType(), width, 1)));
    }

    /**
     * Columns {@code offset .. offset + count - 1} of {@code x [batch, width]} as a product with a constant 0/1
     * selection matrix {@code [width, count]}, one matrix product, instead of a strided slice of a graph output.
     * Introduced with SAC's policy head (mean and log-std from one output); the failure the slice showed there was not
     * recorded. Column slices of parameters and of graph outputs in {@link Gru} (the gate blocks of the input
     * projection and of the gates) pass {@code GruTest}'s finite-difference check.
     *
     * @throws IllegalArgumentException if the columns do not fit in {@code width}
     */
    public static SDVariable columns(SameDiff sd, SDVariable x, int width, int offset, int count) {
        if (offset < 0 || count <= 0 || offset + count > width) {
            throw new IllegalArgumentException("columns " + offset + ".." + (offset + count - 1)
                    + " do not fit in width " + width);
        }
        INDArray m = Nd4j.zeros(x.dataType(), width, count);
        for (int i = 0; i < count; i++) {
            m.putScalar(offset + i, i, 1.0);
        }
        return x.mmul(sd.constant(m));
    }
}
