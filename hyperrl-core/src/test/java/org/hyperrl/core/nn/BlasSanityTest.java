package org.hyperrl.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hyperrl.core.TestArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's matrix products against a plain Java triple loop, in float and double, with and without transposed
 * operands. Guards the native BLAS kernel choice (e.g. OPENBLAS_CORETYPE set by the launcher): old OpenBLAS
 * builds are known to compute wrong results on some new CPUs.
 */
class BlasSanityTest {

    @ParameterizedTest
    @CsvSource({"1,17,256", "100,6,256", "100,1024,1536", "37,129,65", "256,256,1"})
    void productsMatchAReferenceLoop(int m, int k, int n) {
        for (DataType t : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = TestArrays.normal(t, 1, m, k);
            INDArray b = TestArrays.normal(t, 2, k, n);
            double[][] ad = a.castTo(DataType.DOUBLE).toDoubleMatrix();
            double[][] bd = b.castTo(DataType.DOUBLE).toDoubleMatrix();
            double tol = t == DataType.FLOAT ? 1e-4 * Math.sqrt(k) : 1e-10 * Math.sqrt(k);
            check(a.mmul(b), ad, bd, tol, t + " NN " + m + "x" + k + "x" + n);
            INDArray at = a.transpose().dup('c');
            check(Nd4j.gemm(at, b, true, false), ad, bd, tol, t + " TN");
            INDArray bt = b.transpose().dup('c');
            check(Nd4j.gemm(a, bt, false, true), ad, bd, tol, t + " NT");
        }
    }

    private static void check(INDArray c, double[][] a, double[][] b, double tol, String what) {
        int m = a.length;
        int k = b.length;
        int n = b[0].length;
        for (int i = 0; i < m; i += Math.max(1, m / 7)) {
            for (int j = 0; j < n; j += Math.max(1, n / 7)) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i][p] * b[p][j];
                }
                assertEquals(s, c.getDouble(i, j), tol, what + " at " + i + "," + j);
            }
        }
    }
}
