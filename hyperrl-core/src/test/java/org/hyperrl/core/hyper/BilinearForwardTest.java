package org.hyperrl.core.hyper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Function;
import org.hyperrl.core.TestArrays;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.BaseNetworkSpec;
import org.hyperrl.core.nn.GradientCheck;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.nn.WeightSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link DynamicHeads#forward} (bilinear, no per-sample weights) against generating the weights and evaluating
 * {@link BaseNetworkSpec#forward} per sample: equal outputs and gradients, and gradients that match finite
 * differences. Base network: Beck et al.'s XL policy shrunk (embedding 12, hidden 10-8, 3 outputs, tanh), with
 * Sarafian's gains where asked; naive head init so that every generated parameter depends on {@code z}. With
 * {@code d_k = 5} the two hidden layers are evaluated bilinearly and the output layer ({@code out = 3 <= d_k}) from
 * generated weights, so both forms and their junction are covered.
 */
class BilinearForwardTest {
    private static final int META = 4;
    private static final int DK = 5;
    private static final int IN = 12;

    private record Setup(Parameters ps, Mlp trunk, DynamicHeads heads) {
    }

    private static Setup setup(DataType type, boolean gains) {
        Parameters ps = new Parameters(type, 17);
        Mlp trunk = new Mlp(ps, "trunk", "h", META, new int[0], DK, Activation.TANH, Activation.TANH,
                LayerInits.KAIMING_UNIFORM, 1.0);
        BaseNetworkSpec spec = BaseNetworkSpec.mlp(IN, new int[]{10, 8}, 3, Activation.TANH, Activation.IDENTITY, gains,
                LayerInits.NORMC, LayerInits.NORMC, 1.0);
        DynamicHeads heads = new DynamicHeads(ps, "heads", "h", spec, DK, HyperInits.naive(LayerInits.KAIMING_UNIFORM),
                1.0);
        return new Setup(ps, trunk, heads);
    }

    private static Map<String, INDArray> feeds(DataType type, int batch) {
        return Map.of("meta", TestArrays.normal(type, 3, batch, META), "x", TestArrays.normal(type, 4, batch, IN));
    }

    /** The base output of one path, with a loss {@code sum(tanh(y))} for gradients. */
    private static Graph graph(Setup s, boolean bilinear, WeightSource heads) {
        Graph g = new Graph(s.ps());
        SDVariable z = s.trunk().apply(g, g.input("meta", META));
        SDVariable x = g.input("x", IN);
        SDVariable y = bilinear ? s.heads().forward(g, z, x, heads)
                : s.heads().spec().forward(g, x, s.heads().generate(g, z, false, heads));
        g.setLoss(g.sd().math().tanh(y).sum());
        return g;
    }

    @ParameterizedTest(name = "{0} batch={1} gains={2}")
    @CsvSource({"FLOAT, 1, false", "FLOAT, 7, false", "FLOAT, 7, true", "DOUBLE, 1, false", "DOUBLE, 7, false",
            "DOUBLE, 1, true", "DOUBLE, 7, true"})
    void bilinearEqualsPerSampleInValueAndGradient(DataType type, int batch, boolean gains) {
        Setup s = setup(type, gains);
        Map<String, INDArray> feeds = feeds(type, batch);
        Graph.Gradients bilinear = graph(s, true, WeightSource.OWN).gradients(feeds);
        Graph.Gradients perSample = graph(s, false, WeightSource.OWN).gradients(feeds);
        double tol = type == DataType.DOUBLE ? 1e-12 : 1e-5;
        assertEquals(perSample.loss(), bilinear.loss(), tol * batch * 3);
        assertEquals(s.ps().all().size(), bilinear.byParameter().size());
        for (Parameter p : s.ps().all()) {
            assertTrue(perSample.of(p).equalsWithEps(bilinear.of(p), tol * 10), p.name() + ": per sample "
                    + perSample.of(p) + ", bilinear " + bilinear.of(p));
        }
    }

    @ParameterizedTest(name = "batch={0} gains={1}")
    @CsvSource({"1, false", "5, false", "5, true"})
    void bilinearGradientsMatchFiniteDifferences(int batch, boolean gains) {
        Setup s = setup(DataType.DOUBLE, gains);
        // eps 1e-5: the loss sums up to 15 tanh terms of O(1), whose rounding divided by 2 eps reaches ~1e-9 at
        // eps 1e-6, visible against the 1e-4 floor; the O(eps^2) truncation error stays far below.
        GradientCheck.Result r = GradientCheck.check(graph(s, true, WeightSource.OWN), feeds(DataType.DOUBLE, batch),
                1e-5, 12, 1e-4, 8);
        assertTrue(r.checked() > 0);
        assertTrue(r.maxRelError() < 1e-5, "max relative error " + r.maxRelError() + " at " + r.worst());
    }

    @ParameterizedTest(name = "per-sample head weight={0}")
    @CsvSource({"false", "true"})
    void headWeightsFromASourceAreUsed(boolean perSampleHead) {
        Setup s = setup(DataType.DOUBLE, true);
        int batch = 3;
        Map<String, INDArray> feeds = feeds(DataType.DOUBLE, batch);
        Parameter headW = s.ps().get("heads/l1/W/W");
        INDArray changed = headW.value().mul(-2.0);
        // A shared stand-in, or the same value per sample ([batch, d_k, in*out]), which has no shared Hw.
        Function<Graph, WeightSource> source = g -> perSampleHead
                ? WeightSource.perSample(Map.of(headW, g.sd().constant(changed.reshape(1, DK, 10 * 8).repeat(0, batch))))
                : WeightSource.adapted(Map.of(headW, g.sd().constant(changed)));
        INDArray bilinear = output(s, true, source, feeds);
        assertTrue(bilinear.equalsWithEps(output(s, false, source, feeds), 1e-12));
        assertTrue(bilinear.sub(output(s, true, g -> WeightSource.OWN, feeds)).amaxNumber().doubleValue() > 1e-3,
                "the stand-in changes the output");
    }

    private static INDArray output(Setup s, boolean bilinear, Function<Graph, WeightSource> source,
                                  Map<String, INDArray> feeds) {
        Graph g = new Graph(s.ps());
        SDVariable z = s.trunk().apply(g, g.input("meta", META));
        SDVariable x = g.input("x", IN);
        WeightSource heads = source.apply(g);
        SDVariable y = bilinear ? s.heads().forward(g, z, x, heads)
                : s.heads().spec().forward(g, x, s.heads().generate(g, z, false, heads));
        return g.run(feeds, y);
    }
}
