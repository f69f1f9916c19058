package org.hyperrl.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.core.TestArrays;
import org.hyperrl.core.init.LayerInits;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FlatParametersTest {

    @Test
    void roundTripOffsetsAndInPlaceUpdates() {
        Parameters ps = new Parameters(DataType.DOUBLE, 1);
        Mlp mlp = new Mlp(ps, "net", "g", 3, new int[]{4}, 2, Activation.TANH, Activation.IDENTITY,
                LayerInits.TORCH_DEFAULT, 1.0);
        FlatParameters flat = new FlatParameters(mlp.parameters());
        assertEquals(3 * 4 + 4 + 4 * 2 + 2, flat.size());
        Parameter w1 = mlp.layers().get(1).weight();
        assertEquals(3 * 4 + 4, flat.offset(w1));

        INDArray v = flat.get();
        assertEquals(w1.value().getDouble(1, 0), v.getDouble(flat.offset(w1) + 2), "row-major entries");
        v.addi(1.0);
        assertEquals(w1.value().getDouble(1, 0) + 1.0, v.getDouble(flat.offset(w1) + 2), "get() is a copy");

        Graph g = new Graph(ps);
        SDVariable out = mlp.apply(g, g.input("x", 3));
        INDArray x = TestArrays.normal(DataType.DOUBLE, 2, 5, 3);
        INDArray before = g.run(Map.of("x", x), out).dup();
        flat.set(v);
        assertEquals(v, flat.get(), "set then get round trip");
        INDArray after = g.run(Map.of("x", x), out);
        assertFalse(before.equalsWithEps(after, 1e-9), "set writes into the live parameters");

        INDArray d = TestArrays.normal(DataType.DOUBLE, 3, 1, (int) flat.size()).reshape(flat.size());
        flat.add(d, -0.5);
        assertEquals(v.sub(d.mul(0.5)), flat.get());

        Map<Parameter, INDArray> grads = new LinkedHashMap<>();
        mlp.parameters().forEach(p -> grads.put(p, p.value().mul(3.0)));
        assertEquals(flat.get().mul(3.0), flat.flatten(grads));

        assertThrows(IllegalArgumentException.class, () -> flat.set(Nd4j.zeros(DataType.DOUBLE, flat.size() - 1)));
        assertThrows(IllegalArgumentException.class, () -> new FlatParameters(List.of(w1, w1)));
        assertThrows(IllegalArgumentException.class, () -> flat.offset(ps.add("other", "g", new long[]{1}, new double[1])));
    }
}
