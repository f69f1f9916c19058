package org.hyperrl.core.secondorder;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A scalar objective of a diagonal Gaussian policy on a batch: its value and its adjoints with respect to the mean
 * {@code [n, A]} and the (clamped) log standard deviation {@code [1, A]}, written in {@link Dual} ops so that tangents
 * flow through. Every objective is a weighted sum over the batch's samples, with the weights of
 * {@link SecondOrderGaussianPolicy.Batch#weights()} (pytorch-maml-rl's per-episode time average, then mean over
 * episodes, is the weight {@code 1 / (episode length x episodes)}).
 */
public interface GaussianObjective {

    /** The value and adjoints. */
    Terms terms(Dual mean, Dual logStd, SecondOrderGaussianPolicy.Batch batch);

    /**
     * @param value       the objective
     * @param gradMean    its adjoint with respect to the mean {@code [n, A]}
     * @param gradLogStd  its adjoint with respect to the log standard deviation {@code [1, A]}
     */
    record Terms(double value, Dual gradMean, Dual gradLogStd) {
    }

    /** {@code log N(a | mean, exp(logStd)^2)} summed over action dimensions: {@code [n, 1]}. */
    static Dual logProb(Dual mean, Dual logStd, INDArray actions) {
        Dual d = Dual.constant(actions).sub(mean);
        Dual invVar = logStd.mul(-2.0).exp();
        Dual z2 = d.square().mulRow(invVar);
        double c = 0.5 * Math.log(2 * Math.PI) * actions.size(1);
        return z2.mul(-0.5).addRow(logStd.mul(-1.0)).sumColumns().add(-c);
    }

    /** Adjoints of mean and log std for an objective whose adjoint with respect to {@code logProb} is {@code g}. */
    private static Terms throughLogProb(double value, Dual mean, Dual logStd, INDArray actions, Dual g) {
        Dual d = Dual.constant(actions).sub(mean);
        Dual invVar = logStd.mul(-2.0).exp();
        Dual dInv = d.mulRow(invVar);
        Dual gMean = dInv.mulColumn(g);
        Dual gLogStd = d.mul(dInv).add(-1.0).mulColumn(g).sumRows();
        return new Terms(value, gMean, gLogStd);
    }

    /**
     * MAML's inner (adaptation) loss, REINFORCE with advantages: {@code -sum_i w_i A_i log pi(a_i | s_i)}.
     *
     * @param advantages {@code [n, 1]}
     */
    static GaussianObjective reinforce(INDArray advantages) {
        return (mean, logStd, batch) -> {
            INDArray c = advantages.mul(batch.weights()).negi();
            Dual lp = logProb(mean, logStd, batch.actions());
            double value = lp.value().mul(c).sumNumber().doubleValue();
            return throughLogProb(value, mean, logStd, batch.actions(), Dual.constant(c));
        };
    }

    /**
     * TRPO's surrogate loss: {@code -sum_i w_i A_i exp(log pi(a_i | s_i) - log pi_old(a_i | s_i))}.
     *
     * @param advantages {@code [n, 1]}
     * @param oldLogProb {@code [n, 1]}, the log-probabilities under the policy that collected the data
     */
    static GaussianObjective surrogate(INDArray advantages, INDArray oldLogProb) {
        return (mean, logStd, batch) -> {
            INDArray c = advantages.mul(batch.weights()).negi();
            Dual lp = logProb(mean, logStd, batch.actions());
            Dual ratio = new Dual(lp.value().sub(oldLogProb), lp.tangent()).exp();
            double value = ratio.value().mul(c).sumNumber().doubleValue();
            return throughLogProb(value, mean, logStd, batch.actions(), ratio.mulConstant(c));
        };
    }

    /**
     * The weighted mean KL divergence {@code KL(pi || pi_old)} (pytorch-maml-rl's order) from a fixed old Gaussian.
     *
     * @param oldMean   {@code [n, A]}
     * @param oldLogStd {@code [1, A]} (clamped as the policy clamps it)
     */
    static GaussianObjective klFrom(INDArray oldMean, INDArray oldLogStd) {
        return (mean, logStd, batch) -> {
            INDArray w = batch.weights();
            INDArray invVarOld = org.nd4j.linalg.ops.transforms.Transforms.exp(oldLogStd.mul(-2.0), false);
            Dual diff = mean.sub(Dual.constant(oldMean));
            Dual var = logStd.mul(2.0).exp();
            // per sample and dimension: lo - l + (var + diff^2) / (2 varOld) - 1/2
            INDArray perDim = diff.value().mul(diff.value()).addiRowVector(var.value()).muliRowVector(invVarOld)
                    .muli(0.5).addiRowVector(oldLogStd.sub(logStd.value())).subi(0.5);
            double value = perDim.sum(true, 1).muli(w).sumNumber().doubleValue();
            Dual gMean = diff.mulRow(Dual.constant(invVarOld)).mulColumn(Dual.constant(w));
            double wSum = w.sumNumber().doubleValue();
            Dual gLogStd = var.mulRow(Dual.constant(invVarOld.mul(wSum))).add(-wSum);
            return new Terms(value, gMean, gLogStd);
        };
    }
}
