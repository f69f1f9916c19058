package org.hyperrl.core.secondorder;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A matrix with a tangent: the value {@code v} of an intermediate result and its directional derivative {@code t}
 * along a chosen direction of the parameters (forward mode). A null tangent means zero, and ops skip it, so a
 * computation without a direction costs what the plain computation costs.
 *
 * <p>Writing a network's forward pass <em>and its hand-written backward pass</em> with these ops gives the
 * gradient in the values and the Hessian-vector product in the tangents (Pearlmutter's R-operator, "forward over
 * reverse"). That is how {@link SecondOrderNetwork}s provide the second derivatives MAML and TRPO need without a
 * gradient of a gradient, which SameDiff 1.0.0-M2.1 cannot take. Inputs are never modified; a result may share
 * an input's tangent (or be a transposed view), so results must not be modified in place either. All matrices are rank 2; row vectors are {@code [1, n]}, column vectors {@code [n, 1]}.
 */
public final class Dual {
    private final INDArray v;
    private final INDArray t;

    /**
     * @param v the value
     * @param t the tangent, same shape as {@code v}, or null for zero
     */
    public Dual(INDArray v, INDArray t) {
        if (t != null && !java.util.Arrays.equals(v.shape(), t.shape())) {
            throw new IllegalArgumentException("tangent shape " + java.util.Arrays.toString(t.shape())
                    + " differs from value shape " + java.util.Arrays.toString(v.shape()));
        }
        this.v = v;
        this.t = t;
    }

    /** A constant (zero tangent). */
    public static Dual constant(INDArray v) {
        return new Dual(v, null);
    }

    /** The value. */
    public INDArray value() {
        return v;
    }

    /** The tangent, or null for zero. */
    public INDArray tangent() {
        return t;
    }

    /** The tangent, materialised as zeros if it is zero. */
    public INDArray tangentOrZeros() {
        return t != null ? t : v.like().assign(0);
    }

    /** Whether the tangent is non-zero (not null). */
    public boolean hasTangent() {
        return t != null;
    }

    private static INDArray sum(INDArray a, INDArray b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.addi(b);
    }

    /** Matrix product {@code this [n, k] x b [k, m]}. */
    public Dual mmul(Dual b) {
        INDArray tv = t != null ? t.mmul(b.v) : null;
        INDArray tb = b.t != null ? v.mmul(b.t) : null;
        return new Dual(v.mmul(b.v), sum(tv, tb));
    }

    /** Transposed (a view: matrix products read it without copying). */
    public Dual transpose() {
        return new Dual(v.transpose(), t != null ? t.transpose() : null);
    }

    /** Same entries in another shape (row-major). */
    public Dual reshape(long... shape) {
        return new Dual(v.dup('c').reshape('c', shape), t != null ? t.dup('c').reshape('c', shape) : null);
    }

    /** Elementwise sum, same shapes. */
    public Dual add(Dual b) {
        return new Dual(v.add(b.v), t == null ? b.t : b.t == null ? t : t.add(b.t));
    }

    /** Elementwise difference, same shapes. */
    public Dual sub(Dual b) {
        return new Dual(v.sub(b.v), t == null ? (b.t == null ? null : b.t.neg()) : b.t == null ? t : t.sub(b.t));
    }

    /** Adds a constant. */
    public Dual add(double c) {
        return new Dual(v.add(c), t);
    }

    /** Multiplies by a constant. */
    public Dual mul(double c) {
        return new Dual(v.mul(c), t != null ? t.mul(c) : null);
    }

    /** Elementwise product with a constant matrix of the same shape. */
    public Dual mulConstant(INDArray c) {
        return new Dual(v.mul(c), t != null ? t.mul(c) : null);
    }

    /** Elementwise product, same shapes. */
    public Dual mul(Dual b) {
        INDArray ta = t != null ? t.mul(b.v) : null;
        INDArray tb = b.t != null ? v.mul(b.t) : null;
        return new Dual(v.mul(b.v), sum(ta, tb));
    }

    /** Adds a row vector {@code [1, m]} to every row of {@code this [n, m]}. */
    public Dual addRow(Dual row) {
        INDArray tt;
        if (row.t == null) {
            tt = t;
        } else if (t == null) {
            tt = row.t.repeat(0, v.size(0));
        } else {
            tt = t.addRowVector(row.t);
        }
        return new Dual(v.addRowVector(row.v), tt);
    }

    /** Multiplies every row of {@code this [n, m]} by a row vector {@code [1, m]} elementwise. */
    public Dual mulRow(Dual row) {
        INDArray tv = t != null ? t.mulRowVector(row.v) : null;
        INDArray tr = row.t != null ? v.mulRowVector(row.t) : null;
        return new Dual(v.mulRowVector(row.v), sum(tv, tr));
    }

    /** Multiplies every column of {@code this [n, m]} by a column vector {@code [n, 1]} elementwise. */
    public Dual mulColumn(Dual column) {
        INDArray tv = t != null ? t.mulColumnVector(column.v) : null;
        INDArray tc = column.t != null ? v.mulColumnVector(column.t) : null;
        return new Dual(v.mulColumnVector(column.v), sum(tv, tc));
    }

    /** Sum over rows: {@code [n, m] -> [1, m]}. */
    public Dual sumRows() {
        return new Dual(v.sum(true, 0), t != null ? t.sum(true, 0) : null);
    }

    /** Sum over columns: {@code [n, m] -> [n, 1]}. */
    public Dual sumColumns() {
        return new Dual(v.sum(true, 1), t != null ? t.sum(true, 1) : null);
    }

    /** Elementwise {@code tanh}. */
    public Dual tanh() {
        INDArray y = Transforms.tanh(v, true);
        INDArray ty = null;
        if (t != null) {
            ty = y.mul(y).rsubi(1.0).muli(t);
        }
        return new Dual(y, ty);
    }

    /** Elementwise {@code exp}. */
    public Dual exp() {
        INDArray y = Transforms.exp(v, true);
        return new Dual(y, t != null ? t.mul(y) : null);
    }

    /** Elementwise {@code 1 - x^2} (the derivative of tanh at {@code tanh(z) = x}). */
    public Dual oneMinusSquare() {
        return new Dual(v.mul(v).rsubi(1.0), t != null ? v.mul(t).muli(-2.0) : null);
    }

    /** Elementwise square. */
    public Dual square() {
        return new Dual(v.mul(v), t != null ? t.mul(v).muli(2.0) : null);
    }

    /**
     * Elementwise {@code max(x, floor)} with the derivative of the identity above the floor and zero at or below it
     * (a clamp, e.g. of a log standard deviation).
     */
    public Dual clampMin(double floor) {
        INDArray mask = v.gt(floor).castTo(v.dataType());
        return new Dual(Transforms.max(v, floor, true), t != null ? t.mul(mask) : null);
    }

    /** The 0/1 mask where the value is positive (the derivative of ReLU), as a constant of the value's type. */
    public INDArray positiveMask() {
        return v.gt(0.0).castTo(v.dataType());
    }

    @Override
    public String toString() {
        return "Dual[v=" + v + ", t=" + t + "]";
    }
}
