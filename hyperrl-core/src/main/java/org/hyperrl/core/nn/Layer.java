package org.hyperrl.core.nn;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A module with one input and one output, of shapes {@code [batch, inWidth]} and {@code [batch, outWidth]}, that
 * can run on its own parameters or on weights from any {@link WeightSource}.
 */
public interface Layer {

    /** Adds this layer's computation to a graph, reading its weights from {@code weights}. */
    SDVariable apply(Graph g, SDVariable x, WeightSource weights);

    /** Adds this layer's computation to a graph, on its own parameters. */
    default SDVariable apply(Graph g, SDVariable x) {
        return apply(g, x, WeightSource.OWN);
    }

    /** Input width. */
    int inWidth();

    /** Output width. */
    int outWidth();

    /** The parameters this layer owns. */
    List<Parameter> parameters();
}
