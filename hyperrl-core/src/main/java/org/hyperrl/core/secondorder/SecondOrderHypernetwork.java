package org.hyperrl.core.secondorder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.hyperrl.core.hyper.PrimaryNetwork;
import org.hyperrl.core.init.BaseLayerShape;
import org.hyperrl.core.init.HeadInit;
import org.hyperrl.core.init.HyperInit;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.BaseNetworkSpec;
import org.hyperrl.core.nn.DynamicLayerSpec;
import org.hyperrl.core.nn.Linear;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sarafian et al.'s hypernetwork as a {@link SecondOrderNetwork} whose meta-variable is the task (one per batch):
 * the primary ResNet maps the task vector to a feature {@code z}, heads map {@code z} to the weights, biases and gains
 * of the dynamic network, and the dynamic network maps each input row to the output,
 * {@code h' = act((h W) * s + b)}. Because the task is shared by the batch, the primary network and the heads run
 * once per batch; the second derivatives flow through all three parts.
 *
 * <p>Parameter names follow {@link PrimaryNetwork} and {@link org.hyperrl.core.hyper.DynamicHeads}:
 * {@code scope/primary/up<k>}, {@code scope/primary/res<k>_<j>/l1|l2}, {@code scope/heads/<layer>/W|b|s}.
 */
public final class SecondOrderHypernetwork implements SecondOrderNetwork {

    /** One step of the primary network: an up-scaling linear or a residual block. */
    private record Stage(Linear up, Linear l1, Linear l2) {
        boolean residual() {
            return up == null;
        }
    }

    private record Heads(Linear weight, Linear bias, Linear gain) {
    }

    private final int taskWidth;
    private final BaseNetworkSpec spec;
    private final Activation primaryActivation;
    private final List<Stage> stages = new ArrayList<>();
    private final List<Heads> heads = new ArrayList<>();
    private final List<Parameter> params = new ArrayList<>();
    private final int dk;

    /**
     * @param taskWidth width of the task vector (the meta-variable)
     * @param primary   the primary network's widths, depth, activation and initialisation
     * @param spec      the dynamic network (its input width is the per-sample input)
     * @param init      the heads' initialisation
     */
    public SecondOrderHypernetwork(Parameters ps, String scope, String group, int taskWidth,
                                   PrimaryNetwork.Config primary, BaseNetworkSpec spec, HyperInit init) {
        if (taskWidth < 1) {
            throw new IllegalArgumentException("a hypernetwork on the task needs a task vector, got width " + taskWidth);
        }
        this.taskWidth = taskWidth;
        this.spec = spec;
        this.primaryActivation = primary.activation();
        int prev = taskWidth;
        for (int k = 0; k < primary.widths().length; k++) {
            int w = primary.widths()[k];
            Linear up = new Linear(ps, scope + "/primary/up" + k, group, prev, w, primary.init(), primary.gain());
            stages.add(new Stage(up, null, null));
            for (int j = 0; j < primary.blocksPerStage(); j++) {
                String s = scope + "/primary/res" + k + "_" + j;
                stages.add(new Stage(null, new Linear(ps, s + "/l1", group, w, w, primary.init(), primary.gain()),
                        new Linear(ps, s + "/l2", group, w, w, primary.init(), primary.gain())));
            }
            prev = w;
        }
        this.dk = prev;
        for (Stage s : stages) {
            for (Linear l : s.residual() ? List.of(s.l1(), s.l2()) : List.of(s.up())) {
                params.add(l.weight());
                params.add(l.bias());
            }
        }
        List<DynamicLayerSpec> layers = spec.layers();
        for (int i = 0; i < layers.size(); i++) {
            DynamicLayerSpec l = layers.get(i);
            BaseLayerShape shape = new BaseLayerShape(i, layers.size(), l.in(), l.out(), l.bias(), l.gain(),
                    l.baseInit(), l.initGain());
            String s = scope + "/heads/" + l.name();
            HeadInit h = init.init(shape, dk, 1.0, ps.rng(s));
            Heads hd = new Heads(new Linear(ps, s + "/W", group, h.weightHead(), true),
                    l.bias() ? new Linear(ps, s + "/b", group, h.biasHead(), true) : null,
                    l.gain() ? new Linear(ps, s + "/s", group, h.gainHead(), true) : null);
            heads.add(hd);
            for (Linear x : Arrays.asList(hd.weight(), hd.bias(), hd.gain())) {
                if (x != null) {
                    params.add(x.weight());
                    params.add(x.bias());
                }
            }
        }
    }

    @Override
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(params);
    }

    @Override
    public int inputWidth() {
        return spec.inWidth();
    }

    @Override
    public int taskWidth() {
        return taskWidth;
    }

    @Override
    public int outputWidth() {
        return spec.outWidth();
    }

    /** Width of the primary network's feature {@code z}. */
    public int featureWidth() {
        return dk;
    }

    /** The dynamic network. */
    public BaseNetworkSpec spec() {
        return spec;
    }

    @Override
    public Pass forward(List<Dual> p, INDArray input, INDArray task) {
        if (input.rank() != 2 || input.size(1) != inputWidth()) {
            throw new IllegalArgumentException("hypernetwork input must be [n, " + inputWidth() + "], got "
                    + Arrays.toString(input.shape()));
        }
        Generated gen = generate(p, task, input.dataType());
        Dual feature = gen.feature();
        List<Dual[]> primaryCache = gen.primaryCache();
        int headStart = gen.headStart();
        List<DynamicLayerSpec> layers = spec.layers();
        List<Dual[]> dyn = new ArrayList<>();
        Dual h = Dual.constant(input);
        for (int i = 0; i < layers.size(); i++) {
            DynamicLayerSpec l = layers.get(i);
            Dual w = gen.weights().get(i);
            Dual b = gen.biases().get(i);
            Dual s = gen.gains().get(i);
            Dual u = h.mmul(w);
            Dual y = s != null ? u.mulRow(s) : u;
            if (b != null) {
                y = y.addRow(b);
            }
            Dual next = DualLayers.activate(l.activation(), y);
            dyn.add(new Dual[]{h, w, s, u, y, next});
            h = next;
        }
        Dual output = h;
        return new Pass() {
            @Override
            public Dual output() {
                return output;
            }

            @Override
            public List<Dual> backward(Dual gradOutput) {
                Dual[] grads = new Dual[p.size()];
                // dynamic network and heads, from the last layer
                int[] headIndex = new int[layers.size()];
                int q = headStart;
                for (int i = 0; i < layers.size(); i++) {
                    headIndex[i] = q;
                    Heads hd = heads.get(i);
                    q += 2 + (hd.bias() != null ? 2 : 0) + (hd.gain() != null ? 2 : 0);
                }
                Dual gz = null;
                Dual g = gradOutput;
                for (int i = layers.size() - 1; i >= 0; i--) {
                    DynamicLayerSpec l = layers.get(i);
                    Heads hd = heads.get(i);
                    Dual[] c = dyn.get(i);
                    Dual hIn = c[0];
                    Dual w = c[1];
                    Dual s = c[2];
                    Dual u = c[3];
                    Dual gy = DualLayers.activationBackward(l.activation(), g, c[4], c[5]);
                    int j = headIndex[i];
                    Dual gu = s != null ? gy.mulRow(s) : gy;
                    Dual gw = hIn.transpose().mmul(gu).reshape(1, (long) l.in() * l.out());
                    gz = headBackward(feature, gw, p, j, grads, gz);
                    j += 2;
                    if (hd.bias() != null) {
                        gz = headBackward(feature, gy.sumRows(), p, j, grads, gz);
                        j += 2;
                    }
                    if (hd.gain() != null) {
                        gz = headBackward(feature, gy.mul(u).sumRows(), p, j, grads, gz);
                    }
                    if (i > 0) {
                        g = gu.mmul(w.transpose());
                    }
                }
                // primary network, from the last stage
                int m = headStart;
                for (int st = stages.size() - 1; st >= 0; st--) {
                    Stage s = stages.get(st);
                    Dual[] c = primaryCache.get(st);
                    if (s.residual()) {
                        m -= 4;
                        Dual x = c[0];
                        Dual a1 = c[1];
                        Dual h1 = c[2];
                        Dual a2 = c[3];
                        grads[m + 2] = a2.transpose().mmul(gz);
                        grads[m + 3] = gz;
                        Dual ga2 = gz.mmul(p.get(m + 2).transpose());
                        Dual gh1 = DualLayers.activationBackward(primaryActivation, ga2, h1, a2);
                        grads[m] = a1.transpose().mmul(gh1);
                        grads[m + 1] = gh1;
                        Dual ga1 = gh1.mmul(p.get(m).transpose());
                        gz = gz.add(DualLayers.activationBackward(primaryActivation, ga1, x, a1));
                    } else {
                        m -= 2;
                        Dual x = c[0];
                        grads[m] = x.transpose().mmul(gz);
                        grads[m + 1] = gz;
                        if (st > 0) {
                            gz = gz.mmul(p.get(m).transpose());
                        }
                    }
                }
                return Arrays.asList(grads);
            }
        };
    }

    /** The primary network's feature, what its backward pass needs, and the generated dynamic weights. */
    private record Generated(Dual feature, List<Dual[]> primaryCache, int headStart, List<Dual> weights,
                             List<Dual> biases, List<Dual> gains) {
    }

    private Generated generate(List<Dual> p, INDArray task, org.nd4j.linalg.api.buffer.DataType type) {
        if (task == null || task.length() != taskWidth) {
            throw new IllegalArgumentException("this hypernetwork reads a task vector of width " + taskWidth + ", got "
                    + (task == null ? "none" : Arrays.toString(task.shape())));
        }
        int k = 0;
        List<Dual[]> primaryCache = new ArrayList<>();
        Dual z = Dual.constant(task.reshape(1, taskWidth).castTo(type));
        for (Stage s : stages) {
            if (s.residual()) {
                Dual a1 = DualLayers.activate(primaryActivation, z);
                Dual h1 = DualLayers.affine(a1, p.get(k), p.get(k + 1));
                Dual a2 = DualLayers.activate(primaryActivation, h1);
                Dual h2 = DualLayers.affine(a2, p.get(k + 2), p.get(k + 3));
                primaryCache.add(new Dual[]{z, a1, h1, a2});
                z = z.add(h2);
                k += 4;
            } else {
                primaryCache.add(new Dual[]{z});
                z = DualLayers.affine(z, p.get(k), p.get(k + 1));
                k += 2;
            }
        }
        int headStart = k;
        List<Dual> ws = new ArrayList<>();
        List<Dual> bs = new ArrayList<>();
        List<Dual> gs = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            DynamicLayerSpec l = spec.layers().get(i);
            Heads hd = heads.get(i);
            ws.add(DualLayers.affine(z, p.get(k), p.get(k + 1)).reshape(l.in(), l.out()));
            k += 2;
            Dual b = null;
            Dual s = null;
            if (hd.bias() != null) {
                b = DualLayers.affine(z, p.get(k), p.get(k + 1));
                k += 2;
            }
            if (hd.gain() != null) {
                s = DualLayers.affine(z, p.get(k), p.get(k + 1)).add(1.0);
                k += 2;
            }
            bs.add(b);
            gs.add(s);
        }
        return new Generated(z, primaryCache, headStart, ws, bs, gs);
    }

    @Override
    public java.util.function.UnaryOperator<INDArray> bind(List<Dual> p, INDArray task) {
        org.nd4j.linalg.api.buffer.DataType type = p.get(0).value().dataType();
        Generated gen = generate(p, task, type);
        List<DynamicLayerSpec> layers = spec.layers();
        return x -> {
            INDArray h = x;
            for (int i = 0; i < layers.size(); i++) {
                INDArray y = h.mmul(gen.weights().get(i).value());
                if (gen.gains().get(i) != null) {
                    y.muliRowVector(gen.gains().get(i).value());
                }
                if (gen.biases().get(i) != null) {
                    y.addiRowVector(gen.biases().get(i).value());
                }
                h = layers.get(i).activation().applyInPlace(y);
            }
            return h;
        };
    }

    /** Adjoints of a head {@code y = z W + b} given {@code gy [1, width]}; returns the accumulated adjoint of z. */
    private static Dual headBackward(Dual z, Dual gy, List<Dual> p, int j, Dual[] grads, Dual gz) {
        grads[j] = z.transpose().mmul(gy);
        grads[j + 1] = gy;
        Dual back = gy.mmul(p.get(j).transpose());
        return gz == null ? back : gz.add(back);
    }
}
