package org.hyperrl.core.policy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameters;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs an {@link ActorCritic} one step at a time, for acting: one graph of the policy unrolled over a single step,
 * built once, in which every parameter is a constant reading the live array (so optimiser updates are seen at once).
 * Feeding a sequence step by step, passing each returned state to the next call, gives the outputs of
 * {@link ActorCritic#unroll} over the whole sequence. Not thread-safe: one stepper per thread.
 */
public final class ActorCriticStepper implements PolicyStepper {
    private static final String START = "start";
    private static final String STATE = "state";

    /**
     * One step's outputs for a batch of B.
     *
     * @param head  logits {@code [B, n]} or Gaussian mean {@code [B, A]}
     * @param value {@code [B, 1]}
     * @param state the recurrent state after the step {@code [B, H]}, or null for feed-forward policies
     */
    public record Step(INDArray head, INDArray value, INDArray state) {
    }

    private final ActorCritic policy;
    private final Graph graph;
    private final SDVariable head;
    private final SDVariable value;
    private final SDVariable state;

    /** Builds the one-step graph of {@code policy}, whose parameters live in {@code ps}. */
    public ActorCriticStepper(ActorCritic policy, Parameters ps) {
        this.policy = policy;
        this.graph = new Graph(ps, p -> false);
        Map<String, List<SDVariable>> inputs = new LinkedHashMap<>();
        policy.inputWidths().forEach((name, width) -> inputs.put(name, List.of(graph.input(name, width))));
        SDVariable start = graph.input(START, 1);
        SDVariable h0 = policy.stateSize() > 0 ? graph.input(STATE, policy.stateSize()) : null;
        ActorCritic.Unrolled u = policy.unroll(graph, inputs, List.of(start), h0);
        this.head = u.heads().get(0);
        this.value = u.values().get(0);
        this.state = u.finalState();
    }

    @Override
    public INDArray initialState(int batch) {
        return policy.stateSize() == 0 ? null : Nd4j.zeros(graph.dataType(), batch, policy.stateSize());
    }

    @Override
    public Step step(Map<String, INDArray> inputs, INDArray starts, INDArray state) {
        Map<String, INDArray> feeds = new HashMap<>();
        for (String name : policy.inputWidths().keySet()) {
            INDArray x = inputs.get(name);
            if (x == null) {
                throw new IllegalArgumentException("input '" + name + "' is missing; the policy reads "
                        + policy.inputWidths().keySet());
            }
            feeds.put(name, x);
        }
        feeds.put(START, starts);
        if (this.state == null) {
            Map<String, INDArray> out = graph.run(feeds, head, value);
            return new Step(out.get(head.name()), out.get(value.name()), null);
        }
        if (state == null) {
            throw new IllegalArgumentException("a recurrent policy needs the previous state [B, " + policy.stateSize()
                    + "]; start from initialState(batch)");
        }
        feeds.put(STATE, state);
        Map<String, INDArray> out = graph.run(feeds, head, value, this.state);
        return new Step(out.get(head.name()), out.get(value.name()), out.get(this.state.name()));
    }

    /** Nothing to do: the graph reads the parameters' live arrays. */
    @Override
    public void refresh() {
    }

    @Override
    public ActorCritic policy() {
        return policy;
    }
}
