package org.hyperrl.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.hyperrl.core.TestArrays;
import org.hyperrl.core.init.LayerInits;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class FastMlpTest {
    @Test
    void matchesTheGraphAndFollowsRefresh() {
        Parameters ps = new Parameters(DataType.FLOAT, 4);
        Mlp mlp = new Mlp(ps, "actor", "actor", 17, new int[]{256, 256}, 6, Activation.RELU, Activation.TANH,
                LayerInits.TORCH_DEFAULT, 1.0);
        Graph g = new Graph(ps);
        SDVariable out = mlp.apply(g, g.input("s", 17));
        FastMlp fast = new FastMlp(mlp, Activation.RELU, Activation.TANH);
        INDArray s = TestArrays.normal(DataType.FLOAT, 1, 1, 17);
        INDArray expected = g.run(Map.of("s", s), out);
        float[] got = fast.forward(s.data().asFloat());
        for (int j = 0; j < 6; j++) {
            assertEquals(expected.getFloat(0, j), got[j], 1e-5);
        }
        ps.get("actor/fc2/b").value().addi(0.5);
        fast.refresh();
        INDArray after = g.run(Map.of("s", s), out);
        float[] got2 = fast.forward(s.data().asFloat());
        assertEquals(after.getFloat(0, 0), got2[0], 1e-5);
        assertThrows(IllegalArgumentException.class, () -> fast.forward(new float[16]));
    }
}
