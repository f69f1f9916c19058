package org.hyperrl.core.nn;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/** The identity map of a given width (e.g. a hypernetwork whose heads read the meta-variable directly). */
public record Identity(int width) implements Layer {
    @Override
    public SDVariable apply(Graph g, SDVariable x, WeightSource weights) {
        return x;
    }

    @Override
    public int inWidth() {
        return width;
    }

    @Override
    public int outWidth() {
        return width;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }
}
