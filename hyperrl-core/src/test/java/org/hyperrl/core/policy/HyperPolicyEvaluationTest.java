package org.hyperrl.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.hyperrl.core.TestArrays;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link HyperPolicy}'s bilinear evaluation against the per-sample one, at Beck et al.'s XL structure shrunk
 * (embedding 16, hidden 12-8, d_k 5): the same parameters give the same actor and value outputs.
 */
class HyperPolicyEvaluationTest {
    private static final int STATE = 3;
    private static final int HYPER_INPUT = 7;

    private static INDArray[] outputs(HyperPolicy.Evaluation evaluation, DataType type, int batch, boolean discrete) {
        // Same seed and scope: both policies start from the same parameter values.
        Parameters ps = new Parameters(type, 11);
        HyperPolicy.Config c = new HyperPolicy.Config(16, new int[]{12, 8}, 5, HyperInits.HYPERFAN_IN,
                HyperPolicy.Generator.FULL, discrete, evaluation);
        HyperPolicy p = new HyperPolicy(ps, "policy", "policy", STATE, HYPER_INPUT, discrete ? 4 : 2, c);
        Graph g = new Graph(ps);
        HyperPolicy.Outputs o = p.apply(g, g.input("s", STATE), g.input("h", HYPER_INPUT));
        Map<String, INDArray> out = g.run(Map.of("s", TestArrays.normal(type, 1, batch, STATE),
                "h", TestArrays.normal(type, 2, batch, HYPER_INPUT)), o.actor(), o.value());
        return new INDArray[]{out.get(o.actor().name()), out.get(o.value().name())};
    }

    @ParameterizedTest(name = "{0} batch={1} discrete={2}")
    @CsvSource({"FLOAT, 1, false", "FLOAT, 6, true", "DOUBLE, 1, true", "DOUBLE, 6, false"})
    void bilinearEqualsPerSample(DataType type, int batch, boolean discrete) {
        INDArray[] bilinear = outputs(HyperPolicy.Evaluation.BILINEAR, type, batch, discrete);
        INDArray[] perSample = outputs(HyperPolicy.Evaluation.PER_SAMPLE, type, batch, discrete);
        double tol = type == DataType.DOUBLE ? 1e-12 : 1e-5;
        for (int i = 0; i < 2; i++) {
            assertEquals(batch, bilinear[i].rows());
            assertTrue(perSample[i].equalsWithEps(bilinear[i], tol), (i == 0 ? "actor: " : "value: ") + perSample[i]
                    + " vs " + bilinear[i]);
        }
    }

    @Test
    void bilinearIsTheDefault() {
        assertEquals(HyperPolicy.Evaluation.BILINEAR, HyperPolicy.Config.of(HyperPolicy.Size.XL).evaluation());
        assertEquals(HyperPolicy.Evaluation.BILINEAR, PolicyConfig.paper().hyperConfig(false).evaluation());
    }
}
