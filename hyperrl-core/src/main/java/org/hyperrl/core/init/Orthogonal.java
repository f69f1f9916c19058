package org.hyperrl.core.init;

import java.util.random.RandomGenerator;

/** Draws (semi-)orthogonal matrices by modified Gram-Schmidt on a standard normal matrix. */
final class Orthogonal {

    private Orthogonal() {
    }

    /**
     * Returns an {@code [in, out]} row-major matrix whose shorter dimension is orthonormal: orthonormal
     * columns when {@code in >= out}, orthonormal rows otherwise. Gram-Schmidt of a Gaussian matrix gives
     * the Q of its QR decomposition with a positive diagonal of R, which is Haar-distributed.
     */
    static double[] sample(int in, int out, RandomGenerator rng) {
        int rows = Math.max(in, out);
        int cols = Math.min(in, out);
        // q holds `cols` vectors of length `rows`, vector c at q[c].
        double[][] q = new double[cols][rows];
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                q[c][r] = rng.nextGaussian();
            }
        }
        for (int c = 0; c < cols; c++) {
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int r = 0; r < rows; r++) {
                    dot += q[c][r] * q[p][r];
                }
                for (int r = 0; r < rows; r++) {
                    q[c][r] -= dot * q[p][r];
                }
            }
            double norm = 0;
            for (int r = 0; r < rows; r++) {
                norm += q[c][r] * q[c][r];
            }
            norm = Math.sqrt(norm);
            for (int r = 0; r < rows; r++) {
                q[c][r] /= norm;
            }
        }
        double[] w = new double[in * out];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                // in >= out: columns (index j) are the orthonormal vectors; otherwise rows (index i) are.
                w[i * out + j] = in >= out ? q[j][i] : q[i][j];
            }
        }
        return w;
    }
}
