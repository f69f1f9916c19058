package org.hyperrl.core.policy;

import java.util.List;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-step part of an actor-critic: from the observation and a context (the task, or the recurrent encoder's
 * output) to the actor's head and the value. Applied to all steps of an unroll at once ({@link TimeBatch}).
 */
interface PolicyBody {

    /** Head (logits or Gaussian mean) {@code [N, actions]} and value {@code [N, 1]}. */
    record Out(SDVariable head, SDVariable value) {
    }

    /** {@code obs [N, obsDim]}, {@code context [N, contextDim]} or {@code null} when the body reads none. */
    Out apply(Graph g, SDVariable obs, SDVariable context);

    /** The Gaussian head's log-std parameter, or {@code null} for categorical heads. */
    Parameter logStd();

    /** Every parameter, in creation order. */
    List<Parameter> parameters();

    /**
     * This body on arrays with the parameters' current values, as eager operations (no graph), or null if it has no
     * array form: {head [N, actions], value [N, 1]} for {@code obs [N, obsDim]} and {@code context [N, contextDim]} (or
     * null).
     */
    default INDArray[] applyArrays(INDArray obs, INDArray context) {
        return null;
    }

    /** Whether {@link #applyArrays} is available. */
    default boolean hasArrayForm() {
        return false;
    }

    /** A new plain-Java evaluation of this body on float copies of its parameters, or null if it has none. */
    default Fast fast() {
        return null;
    }

    /** A body evaluated in plain Java, one row at a time, for acting. */
    interface Fast {
        /**
         * Writes one row's head to {@code head} and returns its value.
         *
         * @param context the row's context, or {@code null} when the body reads none
         */
        float apply(float[] obs, float[] context, float[] head);

        /** Copies the current parameter values. */
        void refresh();
    }
}
