package org.hyperrl.core.secondorder;

import java.util.List;
import org.hyperrl.core.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network whose backward pass is written with {@link Dual} ops, so that one pass gives a loss's gradient with
 * respect to the parameters and, when the parameters carry a tangent {@code v}, the Hessian-vector product
 * {@code H v} too (forward over reverse). MAML's exact meta-gradient and TRPO's Fisher-vector products are built on
 * it.
 *
 * <p>A batch belongs to one task: {@code task} is {@code [1, taskWidth]} (or null when {@link #taskWidth()} is 0).
 * Parameter values and gradients are rank-2 {@code Dual}s: a parameter of shape {@code [n]} is seen as {@code [1, n]}.
 */
public interface SecondOrderNetwork {

    /** The parameters, in the order of the lists {@link #forward} takes and {@link Pass#backward} returns. */
    List<Parameter> parameters();

    /** Width of the per-sample input. */
    int inputWidth();

    /** Width of the task vector the network reads, 0 if none. */
    int taskWidth();

    /** Width of the output. */
    int outputWidth();

    /**
     * The forward pass on {@code input [n, inputWidth]} for one task.
     *
     * @param params values (and tangents) of {@link #parameters()}, rank 2
     */
    Pass forward(List<Dual> params, INDArray input, INDArray task);

    /**
     * The output as a function of the input for one task and fixed parameter values, for many calls (acting).
     * Networks that can precompute per task (a hypernetwork's generated weights) override it.
     */
    default java.util.function.UnaryOperator<INDArray> bind(List<Dual> params, INDArray task) {
        return x -> forward(params, x, task).output().value();
    }

    /** A forward pass, keeping what its backward pass needs. */
    interface Pass {
        /** The output {@code [n, outputWidth]}. */
        Dual output();

        /**
         * The adjoints of the parameters, given the adjoint of the output: with a tangent on the parameters and on
         * {@code gradOutput}, their tangents are the directional derivatives of the gradient.
         */
        List<Dual> backward(Dual gradOutput);
    }
}
