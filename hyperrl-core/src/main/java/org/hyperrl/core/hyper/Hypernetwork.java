package org.hyperrl.core.hyper;

import java.util.ArrayList;
import java.util.List;
import org.hyperrl.core.nn.BaseNetworkSpec;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Layer;
import org.hyperrl.core.nn.LayerWeights;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.WeightSource;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A hypernetwork: meta-variable {@code ->} trunk (any {@link Layer}: Sarafian's {@link PrimaryNetwork}, an
 * MLP, or Beck's single projection) {@code ->} {@link DynamicHeads} {@code ->} the base network evaluated per
 * sample on the base-variable ({@link BaseNetworkSpec#forward}). Every method has a variant whose trunk and head
 * weights come from a {@link WeightSource} (e.g. MAML-adapted hypernetwork weights).
 */
public final class Hypernetwork {
    private final Layer trunk;
    private final DynamicHeads heads;

    public Hypernetwork(Layer trunk, DynamicHeads heads) {
        if (trunk.outWidth() != heads.featureWidth()) {
            throw new IllegalArgumentException("trunk outputs " + trunk.outWidth() + " features but the heads read "
                    + heads.featureWidth());
        }
        this.trunk = trunk;
        this.heads = heads;
    }

    /** Generates the base parameters for every row of {@code meta [batch, metaWidth]}. */
    public List<LayerWeights> generate(Graph g, SDVariable meta) {
        return generate(g, meta, false, WeightSource.OWN);
    }

    /** Generates one base parameter set from a single-row {@code meta [1, metaWidth]}, shared by a batch. */
    public List<LayerWeights> generateShared(Graph g, SDVariable meta) {
        return generate(g, meta, true, WeightSource.OWN);
    }

    /**
     * Generates base parameters, per row of {@code meta} or ({@code shared}) one set from a single row, with the
     * hypernetwork's own weights taken from {@code weights}.
     */
    public List<LayerWeights> generate(Graph g, SDVariable meta, boolean shared, WeightSource weights) {
        return heads.generate(g, trunk.apply(g, meta, weights), shared, weights);
    }

    /** The base network's output for {@code base [batch, in]} with parameters generated from {@code meta}. */
    public SDVariable apply(Graph g, SDVariable meta, SDVariable base) {
        return apply(g, meta, base, WeightSource.OWN);
    }

    /** {@link #apply(Graph, SDVariable, SDVariable)} with the hypernetwork's weights taken from a source. */
    public SDVariable apply(Graph g, SDVariable meta, SDVariable base, WeightSource weights) {
        return evaluate(g, generate(g, meta, false, weights), base);
    }

    /** Evaluates the base network with already generated parameters (e.g. reused for an actor update). */
    public SDVariable evaluate(Graph g, List<LayerWeights> generated, SDVariable base) {
        return heads.spec().forward(g, base, generated);
    }

    public Layer trunk() {
        return trunk;
    }

    public DynamicHeads heads() {
        return heads;
    }

    /** The base network's declaration. */
    public BaseNetworkSpec baseSpec() {
        return heads.spec();
    }

    /** Trunk parameters followed by head parameters. */
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(trunk.parameters());
        ps.addAll(heads.parameters());
        return ps;
    }
}
