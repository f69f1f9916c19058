package org.hyperrl.algos.pearl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.hyperrl.core.dist.TanhGaussian;
import org.hyperrl.core.hyper.DynamicHeads;
import org.hyperrl.core.hyper.PrimaryNetwork;
import org.hyperrl.core.init.BaseLayerShape;
import org.hyperrl.core.init.DenseInit;
import org.hyperrl.core.init.HeadInit;
import org.hyperrl.core.init.HyperInit;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.BaseNetworkSpec;
import org.hyperrl.core.nn.DynamicLayerSpec;
import org.hyperrl.core.nn.FastMlp;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.LayerWeights;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.critic.CriticConfig;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PEARL's tanh-Gaussian policy {@code pi(a | s, c)}, where the conditioning {@code c} is the task latent {@code z} (or
 * the true task for the oracle), one per task:
 * <ul>
 *   <li>{@code mlp}: oyster's MLP on {@code (s, c)} (ReLU) giving the pre-tanh mean and log standard deviation;</li>
 *   <li>{@code hyper}: Sarafian et al.'s hyper policy: the primary ResNet reads {@code c}, heads generate a dynamic
 *       network {@code s -> hidden (ReLU) -> (mean, log std)}; heads initialised {@code U(+-0.05)} for the first layer,
 *       {@code U(+-0.008)} for the mean outputs and {@code U(+-0.001)} for the log-std outputs of the last.</li>
 * </ul>
 * In training graphs every task's rows are consecutive ({@code tasks x rows per task}): the MLP reads {@code c}
 * expanded to the rows, the hypernetwork generates one weight set per task and evaluates it on the task's rows with one
 * batched product. For acting, the weights generated for a task's {@code c} are kept until {@code c} changes.
 */
final class PearlPolicy {
    private static final String GROUP = Pearl.ACTOR;

    private final int obsDim;
    private final int condDim;
    private final int actDim;
    private final Mlp mlp;
    private final FastMlp fastMlp;
    private final PrimaryNetwork primary;
    private final DynamicHeads heads;
    private final Parameters params;

    private Graph generator;
    private List<SDVariable[]> generatedVars;
    private float[] cachedCondition;
    private float[][][] cachedWeights;

    PearlPolicy(Parameters ps, String scope, PearlConfig c, int obsDim, int condDim, int actDim) {
        this.params = ps;
        this.obsDim = obsDim;
        this.condDim = condDim;
        this.actDim = actDim;
        if (c.policy().equals(PearlConfig.MLP)) {
            this.mlp = new Mlp(ps, scope, GROUP, obsDim + condDim, c.hidden(), 2 * actDim, Activation.RELU,
                    Activation.IDENTITY, LayerInits.TORCH_DEFAULT, 1.0);
            this.fastMlp = new FastMlp(mlp, Activation.RELU, Activation.IDENTITY);
            this.primary = null;
            this.heads = null;
        } else {
            CriticConfig h = c.hyperConfig();
            this.mlp = null;
            this.fastMlp = null;
            this.primary = new PrimaryNetwork(ps, scope + "/primary", GROUP, condDim, h.primary());
            BaseNetworkSpec base = BaseNetworkSpec.mlp(obsDim, new int[]{h.dynamicHidden()}, 2 * actDim,
                    Activation.RELU, Activation.IDENTITY, true, h.baseInit(), h.baseInit(), 1.0);
            this.heads = new DynamicHeads(ps, scope + "/heads", GROUP, base, primary.outWidth(), logStdHeads(actDim), 1.0);
        }
    }

    /** Sarafian's head init, with the log-std half of the last layer's heads at {@code U(+-0.001)}. */
    private static HyperInit logStdHeads(int actDim) {
        HyperInit paper = HyperInits.SARAFIAN;
        return new HyperInit() {
            @Override
            public HeadInit init(BaseLayerShape layer, int dk, double varIn, RandomGenerator rng) {
                HeadInit h = paper.init(layer, dk, varIn, rng);
                if (!layer.isLast()) {
                    return h;
                }
                double shrink = 0.001 / 0.008;
                return new HeadInit(shrinkColumns(h.weightHead(), layer.out(), actDim, shrink),
                        shrinkColumns(h.biasHead(), layer.out(), actDim, shrink),
                        shrinkColumns(h.gainHead(), layer.out(), actDim, shrink));
            }

            @Override
            public String name() {
                return "sarafian_pearl_policy";
            }
        };
    }

    /** Scales the head weights that generate base outputs {@code >= from} (of {@code out} per input row) by {@code f}. */
    private static DenseInit shrinkColumns(DenseInit d, int out, int from, double f) {
        if (d == null) {
            return null;
        }
        double[] w = d.weight().clone();
        int n = d.out();
        for (int k = 0; k < d.in(); k++) {
            for (int j = 0; j < n; j++) {
                if (j % out >= from) {
                    w[k * n + j] *= f;
                }
            }
        }
        return new DenseInit(d.in(), n, w, d.bias());
    }

    /**
     * The network output {@code [tasks * rows, 2 * actDim]} (pre-tanh mean, then unclamped log std).
     *
     * @param obs    observations, each task's rows consecutive
     * @param cond   one conditioning row per task {@code [tasks, condDim]}
     * @param expand {@code [tasks * rows, tasks]}: 1 where a row belongs to a task
     */
    SDVariable out(Graph g, SDVariable obs, SDVariable cond, SDVariable expand, int tasks) {
        SameDiff sd = g.sd();
        if (mlp != null) {
            return mlp.apply(g, sd.concat(1, obs, expand.mmul(cond)));
        }
        List<LayerWeights> w = heads.generate(g, primary.apply(g, cond), false);
        SDVariable h = sd.reshape(obs, tasks, -1, obsDim);
        List<DynamicLayerSpec> layers = heads.spec().layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerWeights lw = w.get(i);
            h = sd.mmul(h, lw.weight());
            if (lw.gain() != null) {
                h = h.mul(sd.expandDims(lw.gain(), 1));
            }
            if (lw.bias() != null) {
                h = h.add(sd.expandDims(lw.bias(), 1));
            }
            h = layers.get(i).activation().apply(sd, h);
        }
        return sd.reshape(h, -1, 2 * actDim);
    }

    /** A reparameterised sample and the quantities of the policy loss. */
    record Sample(SDVariable action, SDVariable logProb, SDVariable mean, SDVariable logStd) {
    }

    Sample sample(Graph g, SDVariable obs, SDVariable cond, SDVariable expand, int tasks, SDVariable eps) {
        SDVariable out = out(g, obs, cond, expand, tasks);
        TanhGaussian dist = TanhGaussian.fromMeanAndLogStd(g.sd(), out, actDim);
        TanhGaussian.Sample s = dist.sample(eps);
        SDVariable logStd = org.hyperrl.core.nn.SdOps.columns(g.sd(), out, 2 * actDim, actDim, actDim);
        return new Sample(s.action(), s.logProb(), dist.mean(), logStd);
    }

    /**
     * The normalised action for one observation under conditioning {@code cond}: {@code tanh(mean)}, or with
     * {@code normals} a sample.
     */
    float[] act(float[] obs, float[] cond, double[] normals) {
        float[] out;
        if (mlp != null) {
            float[] x = Arrays.copyOf(obs, obsDim + condDim);
            System.arraycopy(cond, 0, x, obsDim, condDim);
            out = fastMlp.forward(x);
        } else {
            out = forwardGenerated(generated(cond), obs);
        }
        return TanhGaussian.squash(out, actDim, normals);
    }

    private float[][][] generated(float[] cond) {
        if (cachedWeights != null && Arrays.equals(cond, cachedCondition)) {
            return cachedWeights;
        }
        if (generator == null) {
            generator = new Graph(params, p -> false).checkInputs(false);
            SDVariable c = generator.input("cond", condDim);
            generatedVars = new ArrayList<>();
            for (LayerWeights lw : heads.generate(generator, primary.apply(generator, c), true)) {
                generatedVars.add(new SDVariable[]{lw.weight(), lw.gain(), lw.bias()});
            }
        }
        List<SDVariable> outs = new ArrayList<>();
        generatedVars.forEach(v -> outs.addAll(Arrays.stream(v).filter(java.util.Objects::nonNull).toList()));
        Map<String, INDArray> r = generator.run(Map.of("cond", Nd4j.create(cond, new long[]{1, condDim}, 'c')
                .castTo(params.dataType())), outs.toArray(new SDVariable[0]));
        float[][][] w = new float[generatedVars.size()][3][];
        for (int i = 0; i < generatedVars.size(); i++) {
            for (int k = 0; k < 3; k++) {
                SDVariable v = generatedVars.get(i)[k];
                w[i][k] = v == null ? null : r.get(v.name()).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                        .data().asFloat();
            }
        }
        cachedCondition = cond.clone();
        cachedWeights = w;
        return w;
    }

    private float[] forwardGenerated(float[][][] w, float[] obs) {
        List<DynamicLayerSpec> layers = heads.spec().layers();
        float[] h = obs;
        for (int i = 0; i < layers.size(); i++) {
            DynamicLayerSpec l = layers.get(i);
            float[] y = new float[l.out()];
            float[] weight = w[i][0];
            for (int a = 0; a < l.in(); a++) {
                float x = h[a];
                if (x == 0f) {
                    continue;
                }
                int row = a * l.out();
                for (int j = 0; j < l.out(); j++) {
                    y[j] += x * weight[row + j];
                }
            }
            for (int j = 0; j < l.out(); j++) {
                float v = y[j];
                if (w[i][1] != null) {
                    v *= w[i][1][j];
                }
                if (w[i][2] != null) {
                    v += w[i][2][j];
                }
                y[j] = l.activation() == Activation.RELU ? Math.max(0f, v) : v;
            }
            h = y;
        }
        return h;
    }

    /** Re-reads the weights for acting after an update. */
    void refresh() {
        if (fastMlp != null) {
            fastMlp.refresh();
        }
        cachedWeights = null;
        cachedCondition = null;
    }

    List<Parameter> parameters() {
        if (mlp != null) {
            return mlp.parameters();
        }
        List<Parameter> ps = new ArrayList<>(primary.parameters());
        ps.addAll(heads.parameters());
        return ps;
    }

    int conditionDim() {
        return condDim;
    }

    int actionDim() {
        return actDim;
    }
}
