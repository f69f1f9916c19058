package org.hyperrl.core.nn;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Where a module's weights come from when it is applied to a graph: the module's own {@link Parameter}s
 * ({@link #OWN}), or other graph variables standing in for them, such as MAML's adapted weights
 * {@code theta' = theta - alpha * grad} built as graph ops ({@link #adapted}) or weights generated per sample by a
 * hypernetwork ({@link #perSample}, {@link #generated}). Gradients flow through the stand-ins to whatever
 * produced them.
 *
 * <p>A module asks for each of its parameters with {@link #get} and checks {@link #perSample} to pick the batched
 * product (see {@link LayerWeights#affine}). Parameters a source does not map fall back to their own value.
 */
public interface WeightSource {

    /** The module's own parameters, bound into the graph ({@link Graph#bind}). */
    WeightSource OWN = new WeightSource() {
        @Override
        public SDVariable get(Graph g, Parameter p) {
            return g.bind(p);
        }

        @Override
        public boolean perSample(Parameter p) {
            return false;
        }
    };

    /** The variable to use for {@code p} in {@code g}. */
    SDVariable get(Graph g, Parameter p);

    /**
     * Whether {@link #get} returns one value per sample for {@code p}: a weight {@code [in, out]} then arrives
     * as {@code [batch, in, out]} and a bias {@code [out]} as {@code [batch, out]}.
     */
    boolean perSample(Parameter p);

    /** Shared stand-ins of the parameters' own shapes (e.g. adapted weights); unmapped parameters are the own. */
    static WeightSource adapted(Map<Parameter, SDVariable> weights) {
        return new MappedWeights(Map.copyOf(weights), Set.of());
    }

    /** Per-sample stand-ins ({@code [batch, ...shape]}); unmapped parameters are the own, shared by the batch. */
    static WeightSource perSample(Map<Parameter, SDVariable> weights) {
        return new MappedWeights(Map.copyOf(weights), Set.copyOf(weights.keySet()));
    }

    /**
     * Runs dense layers (e.g. {@link Mlp#layers()}) on weights generated for a base network of the same shape,
     * such as {@code DynamicHeads.generate}'s output, shared or per sample as each generated layer says.
     *
     * @throws IllegalArgumentException if the layer counts differ, a generated layer has a gain (a
     *                                  {@link Linear} has none), or biases are present on one side only
     */
    static WeightSource generated(List<Linear> layers, List<LayerWeights> generated) {
        if (layers.size() != generated.size()) {
            throw new IllegalArgumentException(layers.size() + " layers but " + generated.size()
                    + " generated weight sets");
        }
        Map<Parameter, SDVariable> vars = new HashMap<>();
        Set<Parameter> perSample = new HashSet<>();
        for (int i = 0; i < layers.size(); i++) {
            Linear l = layers.get(i);
            LayerWeights w = generated.get(i);
            if (w.gain() != null) {
                throw new IllegalArgumentException("generated layer " + i + " has a gain, which a Linear cannot use;"
                        + " generate from a spec without gains");
            }
            if ((w.bias() == null) != (l.bias() == null)) {
                throw new IllegalArgumentException("layer " + i + (l.bias() == null ? " has no bias but one was"
                        : " has a bias but none was") + " generated");
            }
            vars.put(l.weight(), w.weight());
            if (l.bias() != null) {
                vars.put(l.bias(), w.bias());
            }
            if (w.perSample()) {
                perSample.add(l.weight());
                if (l.bias() != null) {
                    perSample.add(l.bias());
                }
            }
        }
        return new MappedWeights(Map.copyOf(vars), Set.copyOf(perSample));
    }
}
