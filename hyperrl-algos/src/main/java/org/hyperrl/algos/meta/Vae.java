package org.hyperrl.algos.meta;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.hyperrl.algos.common.GuardedStep;
import org.hyperrl.core.inference.TrajectoryEncoder;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.optim.AdamOptimizer;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * VariBAD's variational auto-encoder (Zintgraf et al. 2020), the task inference of Beck et al.'s VI and VI+HN: the
 * {@link TrajectoryEncoder} and the decoders, trained on whole trials from a {@link TrajectoryBuffer} by the negative
 * ELBO, averaged over the batch of trials:
 * <pre>
 * for every trial b of the batch, with posteriors q_t = N(mu_t, exp(logvar_t)), t = 0 .. T_b (q_0 the prior):
 *     KL     = sum_t KL(q_t || q_{t-1}),  q_{-1} = N(0, I)
 *     recon  = sum over ELBO terms t (all, or elboSubsample drawn uniformly) of
 *              sum over every transition j of the trial of  -log p(r_j [, s_{j+1}] | z_t),  z_t ~ q_t (reparameterised)
 * loss = mean over trials of  recon + klWeight * KL
 * </pre>
 * The whole trial, past and future, is decoded from every ELBO term. Decoders: {@code cells}, a multi-head Bernoulli
 * over the grid's cells, {@code p(cell c is the goal | z)}, scored at the cell each transition reaches (binary
 * cross-entropy); {@code mse}, reward regression from {@code (z, s', a, s)}; the state decoder, MSE of {@code s'} from
 * {@code (z, s, a)} (mean over state dimensions). Decoder hidden layers are ReLU.
 *
 * <p>The same learner trains Beck et al. 2023's task inference (TI Naive): {@code taskDecoder} adds, per ELBO term,
 * {@code ||c - P^c(z_t)||^2} for the trial's task description c (J_infer), and {@code klToPrior} makes every KL term
 * {@code KL(q_t || N(0, I))}, an information bottleneck (J_prior); the paper's TI Naive has no reward or state
 * reconstruction ({@link InferenceConfig#taskInference}).
 *
 * <p>The GRU runs outside the graph ({@link TrajectoryEncoder#encode}); the graph reads its hidden states, applies
 * the posterior head and the ELBO, and its gradient with respect to the hidden states continues through the GRU's
 * hand-written backward pass. The RL loss never reaches these parameters: they are trained only here,
 * by their own Adam optimiser over group {@value #GROUP}.
 */
public final class Vae {
    /** Group of the encoder's and decoders' parameters. */
    public static final String GROUP = "vae";

    private final TrajectoryEncoder encoder;
    private final InferenceConfig config;
    private final int obsDim;
    private final int actionWidth;
    private final int cells;
    private final int latent;
    private final Mlp cellDecoder;
    private final Mlp rewardDecoder;
    private final Mlp stateDecoder;
    private final Mlp taskDecoder;
    private final int taskDim;
    private java.util.function.UnaryOperator<float[]> taskTarget = c -> c;
    private final Graph graph;
    private final SDVariable loss;
    private final SDVariable klTerm;
    private final SDVariable reconTerm;
    private final AdamOptimizer optimiser;

    /**
     * @param encoder the agent's encoder (its parameters must be in group {@value #GROUP} of {@code ps})
     * @param cells   the env's cell count ({@link org.hyperrl.envs.meta.GoalCells}); needed by the {@code cells}
     *                decoder, else ignored
     * @param taskDim width of the env's task description; needed by the task decoder, else ignored
     * @throws IllegalArgumentException if the {@code cells} decoder is asked for on an env without cells, or the task
     *                                  decoder on an env without a task description
     */
    public Vae(Parameters ps, TrajectoryEncoder encoder, InferenceConfig config, int obsDim, int actionWidth,
               int cells, int taskDim) {
        this.encoder = encoder;
        this.config = config;
        this.obsDim = obsDim;
        this.actionWidth = actionWidth;
        this.latent = config.latentDim();
        boolean cellsDecoder = config.rewardDecoder().equals(InferenceConfig.CELLS);
        if (cellsDecoder && cells <= 0) {
            throw new IllegalArgumentException("the 'cells' reward decoder (multi-head Bernoulli over grid cells) needs"
                    + " an env that reports the cell reached and whether it is the goal (a GoalCells env such as "
                    + "GridWorld); this env does not. Set inference.rewardDecoder=mse");
        }
        this.cells = cellsDecoder ? cells : 0;
        if (config.taskDecoder() && taskDim <= 0) {
            throw new IllegalArgumentException("task inference that predicts the task description (TI) needs an env "
                    + "that reveals it at reset (a meta-RL task family such as GridWorld or CheetahDir); this env has "
                    + "none. Use a method without it (rnn, rnn+hn, vi, vi+hn) or such an env");
        }
        this.taskDim = config.taskDecoder() ? taskDim : 0;
        int[] hidden = config.decoderHidden();
        this.cellDecoder = cellsDecoder ? decoder(ps, "vae/reward_decoder", latent, hidden, cells) : null;
        this.rewardDecoder = config.rewardDecoder().equals(InferenceConfig.MSE)
                ? decoder(ps, "vae/reward_decoder", latent + 2 * obsDim + actionWidth, hidden, 1) : null;
        this.stateDecoder = config.stateDecoder()
                ? decoder(ps, "vae/state_decoder", latent + obsDim + actionWidth, hidden, obsDim) : null;
        this.taskDecoder = config.taskDecoder()
                ? decoder(ps, "vae/task_decoder", latent, config.taskDecoderHidden(), taskDim) : null;
        this.graph = new Graph(ps, p -> p.group().equals(GROUP)).checkInputs(false);
        SameDiff sd = graph.sd();
        // ND4J 1.0.0-M2.1 cannot differentiate graphs with several gathers, so rows are picked outside the graph: the
        // previous posterior's hidden states and the selected ELBO terms' are fed as inputs of their own, and their
        // gradients are added back onto the rows they came from (Batch.gradients).
        int gru = encoder.hiddenWidth();
        SDVariable post = encoder.head().apply(graph, graph.input("h", gru));
        SDVariable mu = post.get(SDIndex.all(), SDIndex.interval(0, latent));
        SDVariable lv = post.get(SDIndex.all(), SDIndex.interval(latent, 2 * latent));
        // KL(q_t || q_{t-1}), with q_{-1} = N(0, I) at t = 0 (the previous posterior zeroed there)
        SDVariable notFirst = graph.input("not_first", 1);
        SDVariable postP = encoder.head().apply(graph, graph.input("h_prev", gru));
        SDVariable muP = postP.get(SDIndex.all(), SDIndex.interval(0, latent)).mul(notFirst);
        SDVariable lvP = postP.get(SDIndex.all(), SDIndex.interval(latent, 2 * latent)).mul(notFirst);
        SDVariable diff = mu.sub(muP);
        SDVariable klRow = lvP.sub(lv).add(sd.math().exp(lv.sub(lvP))).add(diff.mul(diff).mul(sd.math().exp(lvP.neg())))
                .sum(true, 1).sub(latent).mul(0.5);
        SDVariable scale = graph.input("batch_scale", 1).sum();
        this.klTerm = klRow.mul(graph.input("kl_mask", 1)).sum().mul(scale);
        SDVariable recon;
        if (config.decodes()) {
            SDVariable postS = encoder.head().apply(graph, graph.input("h_sel", gru));
            SDVariable z = postS.get(SDIndex.all(), SDIndex.interval(0, latent)).add(sd.math().exp(
                    postS.get(SDIndex.all(), SDIndex.interval(latent, 2 * latent)).mul(0.5))
                    .mul(graph.input("eps", latent)));
            recon = null;
            if (taskDecoder != null) {
                SDVariable err = taskDecoder.apply(graph, z).sub(graph.input("task_target", taskDim));
                recon = add(recon, err.mul(err).sum());
            }
            if (cellDecoder != null) {
                SDVariable logits = cellDecoder.apply(graph, z);
                recon = add(recon, graph.input("cell_count", cells).mul(sd.nn().softplus(logits))
                        .sub(graph.input("cell_hits", cells).mul(logits)).sum());
            }
            if (rewardDecoder != null || stateDecoder != null) {
                // every selected term's z repeated over the T transitions it decodes: [E, 1, L] x ones [1, T, 1]
                SDVariable zRows = sd.reshape(sd.reshape(z, -1, 1, latent).mul(graph.input("dec_ones", 1, -1, 1)), -1,
                        latent);
                SDVariable mask = graph.input("dec_mask", 1);
                if (rewardDecoder != null) {
                    SDVariable err = rewardDecoder.apply(graph, sd.concat(1, zRows, graph.input("rew_in",
                            2 * obsDim + actionWidth))).sub(graph.input("rew_target", 1)).mul(mask);
                    recon = add(recon, err.mul(err).sum());
                }
                if (stateDecoder != null) {
                    SDVariable err = stateDecoder.apply(graph, sd.concat(1, zRows, graph.input("state_in",
                            obsDim + actionWidth))).sub(graph.input("state_target", obsDim)).mul(mask);
                    recon = add(recon, err.mul(err).sum().div(obsDim));
                }
            }
            recon = recon.mul(scale);
        } else {
            recon = sd.constant(Nd4j.scalar(graph.dataType(), 0.0));
        }
        this.reconTerm = recon;
        this.loss = reconTerm.add(klTerm.mul(config.klWeight()));
        graph.setLoss(loss);
        List<Parameter> trained = new ArrayList<>(encoder.parameters());
        for (Mlp d : new Mlp[]{cellDecoder, rewardDecoder, stateDecoder, taskDecoder}) {
            if (d != null) {
                trained.addAll(d.parameters());
            }
        }
        for (Parameter p : trained) {
            if (!p.group().equals(GROUP)) {
                throw new IllegalArgumentException("VAE parameter " + p.name() + " is in group '" + p.group()
                        + "', expected '" + GROUP + "'");
            }
        }
        this.optimiser = new AdamOptimizer(trained, new Adam(config.lr(), 0.9, 0.999, 1e-8), 0);
    }

    private static SDVariable add(SDVariable a, SDVariable b) {
        return a == null ? b : a.add(b);
    }

    private static Mlp decoder(Parameters ps, String scope, int in, int[] hidden, int out) {
        return new Mlp(ps, scope, GROUP, in, hidden, out, Activation.RELU, Activation.IDENTITY,
                LayerInits.TORCH_DEFAULT, 1.0);
    }

    /** The multi-head Bernoulli decoder, or {@code null}. */
    Mlp cellDecoder() {
        return cellDecoder;
    }

    /**
     * What the task decoder predicts for a trial with task description c: c itself by default (TI Naive); TI sets the
     * pre-trained representation g(c), computed outside the loss so that no gradient reaches g.
     */
    public void setTaskTarget(java.util.function.UnaryOperator<float[]> target) {
        this.taskTarget = target;
    }

    /** The task decoder's target for a trial with task description {@code c}. */
    public float[] taskTarget(float[] c) {
        return taskTarget.apply(c);
    }

    /** The task decoder's prediction for latents {@code z [1, L]}. */
    public double[] predictTask(INDArray z) {
        return taskDecoder.forward(z.castTo(encoder.head().weight().value().dataType())).toDoubleVector();
    }

    /** The task decoder, or {@code null}. */
    Mlp taskDecoder() {
        return taskDecoder;
    }

    /** The optimiser of the encoder and decoders (checkpointed by the trainer). */
    public AdamOptimizer optimiser() {
        return optimiser;
    }

    /** The encoder. */
    public TrajectoryEncoder encoder() {
        return encoder;
    }

    /** One ELBO evaluation's terms, averaged over the batch of trials. */
    public record Terms(double loss, double reconstruction, double kl) {
    }

    /**
     * A batch of trials with the randomness of one ELBO evaluation drawn (the ELBO terms used and the
     * reparameterisation noise), so that it can be evaluated repeatedly, e.g. by finite differences.
     */
    public Batch batch(List<Trajectory> trials, RandomGenerator rng) {
        return new Batch(trials, rng);
    }

    /** See {@link #batch}. */
    public final class Batch {
        private final List<Trajectory> trials;
        private final int steps;
        private final Map<String, INDArray> fixedFeeds = new HashMap<>();
        private final Map<String, INDArray> encoderInputs = new HashMap<>();
        /** For every row of the posterior, the row of its previous posterior ({@code t = 0}: itself, masked). */
        private int[] prevRow;
        /** The posterior rows of the ELBO terms decoded. */
        private int[] selected = new int[0];

        private Batch(List<Trajectory> trials, RandomGenerator rng) {
            if (trials.isEmpty()) {
                throw new IllegalArgumentException("a VAE batch needs at least one trial");
            }
            this.trials = List.copyOf(trials);
            int b = trials.size();
            int t = 0;
            for (Trajectory tr : trials) {
                if (tr.obsDim() != obsDim || tr.actionWidth() != actionWidth) {
                    throw new IllegalArgumentException("trial widths (" + tr.obsDim() + ", " + tr.actionWidth()
                            + ") do not match the VAE's (" + obsDim + ", " + actionWidth + ")");
                }
                t = Math.max(t, tr.length());
            }
            this.steps = t;
            int rows = (steps + 1) * b;
            float[][] act = new float[steps * b][actionWidth];
            float[][] rew = new float[steps * b][1];
            float[][] nxt = new float[steps * b][obsDim];
            int[] prevRow = new int[rows];
            float[] notFirst = new float[rows];
            float[] klMask = new float[rows];
            for (int i = 0; i < b; i++) {
                Trajectory tr = trials.get(i);
                for (int s = 0; s < tr.length(); s++) {
                    int row = s * b + i;
                    System.arraycopy(tr.actions(), s * actionWidth, act[row], 0, actionWidth);
                    rew[row][0] = tr.rewards()[s];
                    System.arraycopy(tr.nextObs(), s * obsDim, nxt[row], 0, obsDim);
                }
                for (int s = 0; s <= steps; s++) {
                    int row = s * b + i;
                    prevRow[row] = s == 0 ? i : (s - 1) * b + i;
                    // KL to N(0, I) at t = 0, and at every t for the information bottleneck
                    notFirst[row] = s == 0 || config.klToPrior() ? 0f : 1f;
                    klMask[row] = s <= tr.length() ? 1f : 0f;
                }
            }
            encoderInputs.put(TrajectoryEncoder.ACTION, Nd4j.create(act));
            encoderInputs.put(TrajectoryEncoder.REWARD, Nd4j.create(rew));
            encoderInputs.put(TrajectoryEncoder.NEXT_OBS, Nd4j.create(nxt));
            this.prevRow = prevRow;
            fixedFeeds.put("not_first", column(notFirst));
            fixedFeeds.put("kl_mask", column(klMask));
            fixedFeeds.put("batch_scale", Nd4j.create(new double[]{1.0 / b}, new long[]{1, 1}, 'c'));
            if (config.decodes()) {
                decodes(rng);
            }
        }

        /** The ELBO terms used (rows of the posterior) and, for each, the whole trial's decoding targets. */
        private void decodes(RandomGenerator rng) {
            int b = trials.size();
            List<Integer> sel = new ArrayList<>();
            List<Integer> owner = new ArrayList<>();
            for (int i = 0; i < b; i++) {
                int len = trials.get(i).length();
                if (config.elboSubsample() == 0) {
                    for (int s = 0; s <= len; s++) {
                        sel.add(s * b + i);
                        owner.add(i);
                    }
                } else {
                    for (int k = 0; k < config.elboSubsample(); k++) {
                        sel.add(rng.nextInt(len + 1) * b + i);
                        owner.add(i);
                    }
                }
            }
            int e = sel.size();
            float[][] eps = new float[e][latent];
            for (float[] row : eps) {
                for (int k = 0; k < latent; k++) {
                    row[k] = (float) rng.nextGaussian();
                }
            }
            this.selected = sel.stream().mapToInt(Integer::intValue).toArray();
            fixedFeeds.put("eps", Nd4j.create(eps));
            if (taskDecoder != null) {
                float[][] target = new float[e][];
                for (int k = 0; k < e; k++) {
                    float[] c = taskTarget.apply(trials.get(owner.get(k)).task());
                    if (c.length != taskDim) {
                        throw new IllegalArgumentException("a trial's task target has " + c.length
                                + " values, the task decoder predicts " + taskDim);
                    }
                    target[k] = c;
                }
                fixedFeeds.put("task_target", Nd4j.create(target));
            }
            if (cellDecoder != null) {
                float[][] count = new float[e][cells];
                float[][] hits = new float[e][cells];
                for (int k = 0; k < e; k++) {
                    Trajectory tr = trials.get(owner.get(k));
                    for (int j = 0; j < tr.length(); j++) {
                        int c = tr.cells()[j];
                        if (c < 0 || c >= cells) {
                            throw new IllegalArgumentException("transition " + j + " reached cell " + c + ", outside "
                                    + "[0, " + cells + "): the env does not report cells for the 'cells' decoder");
                        }
                        count[k][c] += 1;
                        hits[k][c] += tr.goals()[j];
                    }
                }
                fixedFeeds.put("cell_count", Nd4j.create(count));
                fixedFeeds.put("cell_hits", Nd4j.create(hits));
            }
            if (rewardDecoder != null || stateDecoder != null) {
                // rows k * T + j: term k decodes transition j of its trial (masked beyond the trial's length)
                int w = 2 * obsDim + actionWidth;
                float[][] rewIn = new float[e * steps][w];
                float[][] rewTarget = new float[e * steps][1];
                float[][] stateIn = new float[e * steps][obsDim + actionWidth];
                float[][] stateTarget = new float[e * steps][obsDim];
                float[] mask = new float[e * steps];
                for (int k = 0; k < e; k++) {
                    Trajectory tr = trials.get(owner.get(k));
                    for (int j = 0; j < tr.length(); j++) {
                        int row = k * steps + j;
                        mask[row] = 1f;
                        // reward decoder input (s', a, s); state decoder input (s, a)
                        System.arraycopy(tr.nextObs(), j * obsDim, rewIn[row], 0, obsDim);
                        System.arraycopy(tr.actions(), j * actionWidth, rewIn[row], obsDim, actionWidth);
                        System.arraycopy(tr.obs(), j * obsDim, rewIn[row], obsDim + actionWidth, obsDim);
                        rewTarget[row][0] = tr.rewards()[j];
                        System.arraycopy(tr.obs(), j * obsDim, stateIn[row], 0, obsDim);
                        System.arraycopy(tr.actions(), j * actionWidth, stateIn[row], obsDim, actionWidth);
                        System.arraycopy(tr.nextObs(), j * obsDim, stateTarget[row], 0, obsDim);
                    }
                }
                fixedFeeds.put("dec_ones", Nd4j.ones(DataType.FLOAT, 1, steps, 1));
                fixedFeeds.put("dec_mask", column(mask));
                if (rewardDecoder != null) {
                    fixedFeeds.put("rew_in", Nd4j.create(rewIn));
                    fixedFeeds.put("rew_target", Nd4j.create(rewTarget));
                }
                if (stateDecoder != null) {
                    fixedFeeds.put("state_in", Nd4j.create(stateIn));
                    fixedFeeds.put("state_target", Nd4j.create(stateTarget));
                }
            }
        }

        /** Runs the encoder with the current parameters and returns the graph's feeds (and the pass, for backward). */
        private TrajectoryEncoder.Pass encode(Map<String, INDArray> feeds) {
            int b = trials.size();
            TrajectoryEncoder.Pass pass = encoder.encode(encoderInputs, steps, encoder.zeroState(b));
            feeds.putAll(fixedFeeds);
            INDArray h = Nd4j.vstack(encoder.zeroState(b), pass.output());
            feeds.put("h", h);
            feeds.put("h_prev", rows(h, prevRow));
            if (config.decodes()) {
                feeds.put("h_sel", rows(h, selected));
            }
            return pass;
        }

        /** The posterior rows (ELBO terms, {@code t * B + b}) decoded in this batch. */
        int[] selectedRows() {
            return selected.clone();
        }

        /** The ELBO's terms with the current parameters. */
        public Terms evaluate() {
            Map<String, INDArray> feeds = new HashMap<>();
            encode(feeds);
            Map<String, INDArray> out = graph.run(feeds, loss, reconTerm, klTerm);
            return new Terms(out.get(loss.name()).getDouble(0), out.get(reconTerm.name()).getDouble(0),
                    out.get(klTerm.name()).getDouble(0));
        }

        /** The loss and its gradients with respect to {@code wrt} (any of the encoder's and decoders' parameters). */
        public Graph.Gradients gradients(List<Parameter> wrt) {
            Map<String, INDArray> feeds = new HashMap<>();
            TrajectoryEncoder.Pass pass = encode(feeds);
            List<Parameter> recurrent = encoder.recurrentParameters();
            List<Parameter> inGraph = new ArrayList<>(wrt);
            inGraph.removeAll(recurrent);
            List<String> inputs = config.decodes() ? List.of("h", "h_prev", "h_sel") : List.of("h", "h_prev");
            Graph.Gradients g = graph.gradients(feeds, inGraph, inputs, reconTerm, klTerm);
            INDArray dh = addRows(g.ofInput("h"), prevRow, g.ofInput("h_prev"));
            if (config.decodes()) {
                dh = addRows(dh, selected, g.ofInput("h_sel"));
            }
            int b = trials.size();
            Map<Parameter, INDArray> rec = pass.backward(dh.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(b,
                    dh.size(0)), org.nd4j.linalg.indexing.NDArrayIndex.all()));
            Map<Parameter, INDArray> grads = new LinkedHashMap<>();
            for (Parameter p : wrt) {
                grads.put(p, recurrent.contains(p) ? rec.get(p) : g.byParameter().get(p));
            }
            return new Graph.Gradients(g.loss(), grads, g.outputs());
        }
    }

    /**
     * One Adam step on the ELBO of {@code batchTrajectories} trials drawn from {@code buffer}.
     *
     * @param step the environment step, for errors
     * @throws org.hyperrl.algos.common.NonFiniteException on a non-finite loss or gradient (nothing is updated)
     */
    public Terms update(TrajectoryBuffer buffer, RandomGenerator rng, long step) {
        Batch batch = batch(buffer.sample(config.batchTrajectories(), rng), rng);
        Graph.Gradients g = GuardedStep.minimise(optimiser, batch::gradients, "VAE", step);
        return new Terms(g.loss(), g.outputs().get(reconTerm.name()).getDouble(0),
                g.outputs().get(klTerm.name()).getDouble(0));
    }

    /** Rows {@code idx} of {@code a}, as a new array (copied in plain Java: one ND4J op per row costs ~20 us). */
    private static INDArray rows(INDArray a, int[] idx) {
        int w = (int) a.size(1);
        double[] src = a.dup('c').data().asDouble();
        double[] out = new double[idx.length * w];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(src, idx[i] * w, out, i * w, w);
        }
        return Nd4j.create(out, new long[]{idx.length, w}, 'c').castTo(a.dataType());
    }

    /**
     * {@code target + scatter(g)} with {@code target[idx[i]] += g[i]}: the gradients of picked rows added back onto
     * the rows they came from.
     */
    private static INDArray addRows(INDArray target, int[] idx, INDArray g) {
        int w = (int) target.size(1);
        double[] t = target.dup('c').data().asDouble();
        double[] gs = g.dup('c').data().asDouble();
        for (int i = 0; i < idx.length; i++) {
            int base = idx[i] * w;
            for (int k = 0; k < w; k++) {
                t[base + k] += gs[i * w + k];
            }
        }
        return Nd4j.create(t, target.shape(), 'c').castTo(target.dataType());
    }

    private static INDArray column(float[] v) {
        return Nd4j.create(v, new long[]{v.length, 1}, 'c');
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int i = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }
}
