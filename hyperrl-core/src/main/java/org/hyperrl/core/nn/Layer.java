package org.hyperrl.core.nn;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/** A module with one input and one output, of shapes {@code [batch, inWidth]} and {@code [batch, outWidth]}. */
public interface Layer {

    /** Adds this layer's computation to a graph. */
    SDVariable apply(Graph g, SDVariable x);

    /** Input width. */
    int inWidth();

    /** Output width. */
    int outWidth();

    /** The parameters this layer owns. */
    List<Parameter> parameters();
}
