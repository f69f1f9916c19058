package org.hyperrl.algos.maml;

import java.util.List;
import org.hyperrl.core.secondorder.Dual;
import org.hyperrl.core.secondorder.GaussianObjective;
import org.hyperrl.core.secondorder.SecondOrderGaussianPolicy;
import org.hyperrl.core.secondorder.SecondOrderGaussianPolicy.Batch;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * MAML's meta-objective over a meta-batch of tasks, as TRPO sees it (Finn et al. 2017, pytorch-maml-rl). For task
 * {@code i} with train data {@code D_i} and validation data {@code D'_i}:
 * <pre>
 *   θ'_i(θ) = θ - α ∇ L_in(θ; D_i)                      (one policy-gradient step, REINFORCE with advantages)
 *   L(θ)    = mean_i L_surrogate(θ'_i(θ); D'_i)         (TRPO's surrogate at the adapted parameters)
 *   KL(θ)   = mean_i KL(π_θ'_i(θ) || π_old,i; D'_i)
 * </pre>
 * The derivatives go through the inner step. With {@code J_i = dθ'_i/dθ = I - α H_in,i(θ)} (symmetric):
 * <pre>
 *   ∇L(θ)   = mean_i J_i ∇L_surrogate(θ'_i)
 *   F(θ) v  = mean_i J_i F_i(θ'_i) J_i v               (at the current θ, where the KL's gradient vanishes)
 * </pre>
 * so every second-order term is a Hessian-vector product of the inner loss, which
 * {@link SecondOrderGaussianPolicy#derivatives} computes exactly. {@link Adaptation#FIRST_ORDER} takes
 * {@code J_i = I} (first-order MAML); {@link Adaptation#NONE} drops the inner step ({@code θ'_i = θ}: Sarafian et
 * al.'s multi-task objective, plain TRPO).
 */
public final class MetaObjective implements Trpo.Objective {

    /** How the adapted parameters depend on θ. */
    public enum Adaptation {
        /** The exact meta-gradient through the inner step. */
        EXACT("exact"),
        /** First-order MAML: the inner step's dependence on θ is ignored. */
        FIRST_ORDER("first-order"),
        /** No inner step: the multi-task objective at the current parameters. */
        NONE("none");

        private final String id;

        Adaptation(String id) {
            this.id = id;
        }

        /** The config value. */
        public String id() {
            return id;
        }

        /** Parses a config value. */
        public static Adaptation parse(String s) {
            for (Adaptation a : values()) {
                if (a.id.equals(s)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown adaptation '" + s + "'; valid: exact (second-order MAML), "
                    + "first-order (first-order MAML), none (multi-task objective, no adaptation step)");
        }
    }

    /**
     * One task's data: train batch and advantages for the inner step (unused without adaptation), validation batch
     * and advantages for the outer objective.
     */
    public record TaskData(Batch train, INDArray trainAdvantages, Batch validation, INDArray validationAdvantages) {
    }

    private final SecondOrderGaussianPolicy policy;
    private final Adaptation adaptation;
    private final double innerLr;
    private final List<TaskData> tasks;
    private final GaussianObjective[] surrogates;
    private final GaussianObjective[] kls;
    private final java.util.concurrent.ExecutorService pool;

    /**
     * Fixes the "old" policy of every task at {@code theta}: the adapted policy that collected the validation data.
     */
    public MetaObjective(SecondOrderGaussianPolicy policy, Adaptation adaptation, double innerLr, List<TaskData> tasks,
                         INDArray theta) {
        this(policy, adaptation, innerLr, tasks, theta, null);
    }

    /**
     * As {@link #MetaObjective(SecondOrderGaussianPolicy, Adaptation, double, List, INDArray)}, computing the tasks'
     * terms on {@code pool} (null: on the caller's thread). Results do not depend on the pool: per-task terms are summed
     * in task order.
     */
    public MetaObjective(SecondOrderGaussianPolicy policy, Adaptation adaptation, double innerLr, List<TaskData> tasks,
                         INDArray theta, java.util.concurrent.ExecutorService pool) {
        if (!(innerLr > 0) || !Double.isFinite(innerLr)) {
            throw new IllegalArgumentException("the inner (fast) learning rate must be positive, got " + innerLr);
        }
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a meta-batch needs at least one task");
        }
        this.policy = policy;
        this.adaptation = adaptation;
        this.innerLr = innerLr;
        this.tasks = List.copyOf(tasks);
        this.surrogates = new GaussianObjective[tasks.size()];
        this.kls = new GaussianObjective[tasks.size()];
        this.pool = pool;
        perTask(i -> {
            TaskData d = this.tasks.get(i);
            INDArray adapted = adapt(theta, d);
            Batch v = d.validation();
            INDArray mean = policy.mean(adapted, v.observations(), v.task());
            INDArray logStd = policy.logStd(adapted);
            INDArray logProb = GaussianObjective.logProb(Dual.constant(mean), Dual.constant(logStd), v.actions())
                    .value();
            surrogates[i] = GaussianObjective.surrogate(d.validationAdvantages(), logProb);
            kls[i] = GaussianObjective.klFrom(mean, logStd);
            return null;
        });
    }

    /** {@code f(i)} for every task, on the pool if there is one, results in task order. */
    private <T> List<T> perTask(java.util.function.IntFunction<T> f) {
        int n = tasks.size();
        List<T> out = new java.util.ArrayList<>(java.util.Collections.nCopies(n, null));
        if (pool == null || n == 1) {
            for (int i = 0; i < n; i++) {
                out.set(i, f.apply(i));
            }
            return out;
        }
        List<java.util.concurrent.Future<T>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            futures.add(pool.submit(() -> f.apply(k)));
        }
        try {
            for (int i = 0; i < n; i++) {
                out.set(i, futures.get(i).get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while computing per-task terms", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
        return out;
    }

    /** The mean over tasks of per-task vectors (fresh arrays), summed in task order. */
    private INDArray meanOverTasks(java.util.function.IntFunction<INDArray> f) {
        List<INDArray> parts = perTask(f);
        INDArray sum = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            sum.addi(parts.get(i));
        }
        return sum.divi(parts.size());
    }

    /** The adaptation mode. */
    public Adaptation adaptation() {
        return adaptation;
    }

    /** The inner step {@code θ - α ∇L_in(θ; D_i)}, or θ itself without adaptation. */
    public INDArray adapt(INDArray theta, TaskData d) {
        if (adaptation == Adaptation.NONE) {
            return theta;
        }
        return innerStep(policy, theta, d.train(), d.trainAdvantages(), innerLr);
    }

    /** {@code θ - α ∇ L_in(θ)} with the REINFORCE loss of a batch. */
    public static INDArray innerStep(SecondOrderGaussianPolicy policy, INDArray theta, Batch batch,
                                     INDArray advantages, double lr) {
        INDArray g = policy.derivatives(theta, null, batch, GaussianObjective.reinforce(advantages)).gradient();
        return theta.sub(g.muli(lr));
    }

    @Override
    public double[] lossAndKl(INDArray theta) {
        List<double[]> parts = perTask(i -> {
            TaskData d = tasks.get(i);
            INDArray adapted = adapt(theta, d);
            return new double[]{policy.value(adapted, d.validation(), surrogates[i]),
                    policy.value(adapted, d.validation(), kls[i])};
        });
        double loss = 0;
        double kl = 0;
        for (double[] p : parts) {
            loss += p[0];
            kl += p[1];
        }
        return new double[]{loss / tasks.size(), kl / tasks.size()};
    }

    @Override
    public INDArray gradient(INDArray theta) {
        return throughAdaptation(theta, surrogates);
    }

    /**
     * The gradient of the mean KL through the adaptation, {@code mean_i J_i ∇KL_i(θ'_i)} (zero at the θ the objective
     * was built at; {@link #fisherVector} is its derivative there).
     */
    public INDArray klGradient(INDArray theta) {
        return throughAdaptation(theta, kls);
    }

    private INDArray throughAdaptation(INDArray theta, GaussianObjective[] outer) {
        return meanOverTasks(i -> {
            TaskData d = tasks.get(i);
            INDArray adapted = adapt(theta, d);
            INDArray g = policy.derivatives(adapted, null, d.validation(), outer[i]).gradient();
            if (adaptation == Adaptation.EXACT) {
                g = g.sub(innerHessianVector(theta, d, g).muli(innerLr));
            }
            return g;
        });
    }

    @Override
    public INDArray fisherVector(INDArray theta, INDArray v) {
        return meanOverTasks(i -> {
            TaskData d = tasks.get(i);
            if (adaptation == Adaptation.NONE) {
                return policy.derivatives(theta, v, d.validation(), kls[i]).hessianVector();
            }
            SecondOrderGaussianPolicy.Derivatives inner = policy.derivatives(theta,
                    adaptation == Adaptation.EXACT ? v : null, d.train(),
                    GaussianObjective.reinforce(d.trainAdvantages()));
            INDArray adapted = theta.sub(inner.gradient().mul(innerLr));
            INDArray u = adaptation == Adaptation.EXACT ? v.sub(inner.hessianVector().mul(innerLr)) : v;
            INDArray fu = policy.derivatives(adapted, u, d.validation(), kls[i]).hessianVector();
            return adaptation == Adaptation.EXACT ? fu.sub(innerHessianVector(theta, d, fu).muli(innerLr)) : fu;
        });
    }

    /** {@code H_in(θ) v}: the Hessian of task {@code d}'s inner loss times {@code v}. */
    private INDArray innerHessianVector(INDArray theta, TaskData d, INDArray v) {
        return policy.derivatives(theta, v, d.train(), GaussianObjective.reinforce(d.trainAdvantages()))
                .hessianVector();
    }
}
