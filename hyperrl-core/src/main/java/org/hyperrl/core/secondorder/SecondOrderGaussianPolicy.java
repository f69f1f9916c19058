package org.hyperrl.core.secondorder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.hyperrl.core.nn.FlatParameters;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A diagonal Gaussian policy {@code N(mean(s, task), exp(logStd)^2)} with a state-independent learned log standard
 * deviation (clamped below at {@code log(minStd)}), whose mean is a {@link SecondOrderNetwork}: the policy of
 * pytorch-maml-rl and of Sarafian et al.'s Hyper-MAML. It works on flat parameter vectors θ (the network's parameters,
 * then {@code logStd}), as MAML's inner step and TRPO need, and gives an objective's value, gradient and
 * Hessian-vector product at any θ in one pass.
 */
public final class SecondOrderGaussianPolicy {

    /**
     * One task's batch of samples.
     *
     * @param observations {@code [n, obs]}
     * @param actions      {@code [n, A]}
     * @param weights      {@code [n, 1]}, each sample's weight in the objectives
     * @param task         {@code [1, taskWidth]}, or null for a network without task input
     */
    public record Batch(INDArray observations, INDArray actions, INDArray weights, INDArray task) {
        public Batch {
            long n = observations.size(0);
            if (actions.size(0) != n || weights.size(0) != n || weights.rank() != 2 || weights.size(1) != 1) {
                throw new IllegalArgumentException("batch of " + n + " observations needs " + n + " actions and "
                        + "weights [n, 1], got " + Arrays.toString(actions.shape()) + " and "
                        + Arrays.toString(weights.shape()));
            }
        }

        /** Number of samples. */
        public long size() {
            return observations.size(0);
        }
    }

    /**
     * An objective's value, gradient {@code [P]} and, when a tangent was given, Hessian-vector product {@code [P]}
     * (else null).
     */
    public record Derivatives(double value, INDArray gradient, INDArray hessianVector) {
    }

    private final SecondOrderNetwork network;
    private final Parameter logStd;
    private final double minLogStd;
    private final FlatParameters flat;
    private final List<Parameter> all;

    /**
     * @param initStd the initial standard deviation (pytorch-maml-rl: 1)
     * @param minStd  the floor of the standard deviation (pytorch-maml-rl: 1e-6)
     */
    public SecondOrderGaussianPolicy(Parameters ps, String scope, String group, SecondOrderNetwork network,
                                     double initStd, double minStd) {
        if (!(initStd > 0) || !(minStd > 0) || minStd > initStd) {
            throw new IllegalArgumentException("need 0 < minStd <= initStd, got " + minStd + " and " + initStd);
        }
        this.network = network;
        int a = network.outputWidth();
        double[] init = new double[a];
        Arrays.fill(init, Math.log(initStd));
        this.logStd = ps.add(scope + "/log_std", group, new long[]{a}, init);
        this.minLogStd = Math.log(minStd);
        List<Parameter> list = new ArrayList<>(network.parameters());
        list.add(logStd);
        this.all = List.copyOf(list);
        this.flat = new FlatParameters(all);
    }

    /** The mean network. */
    public SecondOrderNetwork network() {
        return network;
    }

    /** Every parameter: the network's, then {@code log_std}. */
    public List<Parameter> parameters() {
        return all;
    }

    /** The flat layout of {@link #parameters()}. */
    public FlatParameters flat() {
        return flat;
    }

    /** The floor of the log standard deviation. */
    public double minLogStd() {
        return minLogStd;
    }

    /** Number of scalars in θ. */
    public long size() {
        return flat.size();
    }

    /** The per-parameter rank-2 {@link Dual}s of a flat θ (views, not copies) with an optional tangent. */
    public List<Dual> unflatten(INDArray theta, INDArray tangent) {
        requireVector(theta, "θ");
        if (tangent != null) {
            requireVector(tangent, "tangent");
        }
        List<Dual> out = new ArrayList<>(all.size());
        for (Parameter p : all) {
            out.add(new Dual(segment(theta, p), tangent != null ? segment(tangent, p) : null));
        }
        return out;
    }

    private INDArray segment(INDArray v, Parameter p) {
        long off = flat.offset(p);
        long[] shape = p.shape().length == 1 ? new long[]{1, p.shape()[0]} : p.shape();
        return v.get(NDArrayIndex.interval(off, off + p.size())).reshape('c', shape);
    }

    private void requireVector(INDArray v, String what) {
        if (v.length() != flat.size() || v.dataType() != flat.parameters().get(0).value().dataType()) {
            throw new IllegalArgumentException(what + " must hold " + flat.size() + " "
                    + flat.parameters().get(0).value().dataType() + " values, got " + v.length() + " " + v.dataType());
        }
    }

    /** The policy's mean {@code [n, A]} at θ. */
    public INDArray mean(INDArray theta, INDArray observations, INDArray task) {
        List<Dual> p = unflatten(theta, null);
        return network.forward(p.subList(0, p.size() - 1), observations, task).output().value();
    }

    /** The clamped log standard deviation {@code [1, A]} at θ. */
    public INDArray logStd(INDArray theta) {
        List<Dual> p = unflatten(theta, null);
        return p.get(p.size() - 1).clampMin(minLogStd).value();
    }

    /**
     * The mean function for one task at θ, prepared once for many calls (acting): the hypernetwork generates its
     * dynamic weights here, not at every step. The returned function must not outlive changes to θ.
     */
    public UnaryOperator<INDArray> meanFunction(INDArray theta, INDArray task) {
        List<Dual> p = unflatten(theta.dup(), null);
        return network.bind(p.subList(0, p.size() - 1), task);
    }

    /** An objective's value at θ (no derivatives). */
    public double value(INDArray theta, Batch batch, GaussianObjective objective) {
        List<Dual> p = unflatten(theta, null);
        Dual mean = network.forward(p.subList(0, p.size() - 1), batch.observations(), batch.task()).output();
        return objective.terms(mean, p.get(p.size() - 1).clampMin(minLogStd), batch).value();
    }

    /**
     * An objective's value and gradient at θ and, if {@code tangent} is not null, the Hessian-vector product
     * {@code H(θ) tangent}.
     */
    public Derivatives derivatives(INDArray theta, INDArray tangent, Batch batch, GaussianObjective objective) {
        List<Dual> p = unflatten(theta, tangent);
        int last = p.size() - 1;
        SecondOrderNetwork.Pass pass = network.forward(p.subList(0, last), batch.observations(), batch.task());
        Dual rawLogStd = p.get(last);
        Dual clamped = rawLogStd.clampMin(minLogStd);
        GaussianObjective.Terms terms = objective.terms(pass.output(), clamped, batch);
        List<Dual> grads = new ArrayList<>(pass.backward(terms.gradMean()));
        grads.add(terms.gradLogStd().mulConstant(rawLogStd.value().gt(minLogStd).castTo(theta.dataType())));
        INDArray g = Nd4j.create(theta.dataType(), flat.size());
        INDArray hv = tangent != null ? Nd4j.create(theta.dataType(), flat.size()) : null;
        for (int i = 0; i < all.size(); i++) {
            Parameter prm = all.get(i);
            Dual d = grads.get(i);
            long off = flat.offset(prm);
            g.get(NDArrayIndex.interval(off, off + prm.size())).assign(d.value().reshape(prm.size()));
            if (hv != null && d.hasTangent()) {
                hv.get(NDArrayIndex.interval(off, off + prm.size())).assign(d.tangent().reshape(prm.size()));
            }
        }
        return new Derivatives(terms.value(), g, hv);
    }
}
