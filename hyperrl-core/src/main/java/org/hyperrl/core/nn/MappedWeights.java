package org.hyperrl.core.nn;

import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;

/** A {@link WeightSource} backed by a map; keys are compared by identity, as parameters are. */
record MappedWeights(Map<Parameter, SDVariable> weights, Set<Parameter> perSampleParameters) implements WeightSource {

    @Override
    public SDVariable get(Graph g, Parameter p) {
        SDVariable v = weights.get(p);
        if (v == null) {
            return g.bind(p);
        }
        if (v.getSameDiff() != g.sd()) {
            throw new IllegalArgumentException("the stand-in for " + p.name()
                    + " belongs to another graph; build it in the graph the module is applied to");
        }
        return v;
    }

    @Override
    public boolean perSample(Parameter p) {
        return perSampleParameters.contains(p);
    }
}
