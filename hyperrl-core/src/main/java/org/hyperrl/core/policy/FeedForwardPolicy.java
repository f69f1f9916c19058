package org.hyperrl.core.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A policy without memory ({@code mlp}, {@code multi}, {@code multi+hn}): each step's output depends on that step's
 * observation (and task) only; trial starts are ignored and there is no state.
 */
final class FeedForwardPolicy implements ActorCritic {
    private final PolicyBody body;
    private final LinkedHashMap<String, Integer> widths = new LinkedHashMap<>();
    private final int obsDim;
    private final int taskDim;
    private final int actionSize;
    private final boolean discrete;

    /**
     * @param taskDim width of the task input the body reads as its context, or 0 for none
     */
    FeedForwardPolicy(PolicyBody body, int obsDim, int taskDim, int actionSize, boolean discrete) {
        this.body = body;
        this.obsDim = obsDim;
        this.taskDim = taskDim;
        this.actionSize = actionSize;
        this.discrete = discrete;
        widths.put(OBS, obsDim);
        if (taskDim > 0) {
            widths.put(TASK, taskDim);
        }
    }

    @Override
    public int stateSize() {
        return 0;
    }

    @Override
    public LinkedHashMap<String, Integer> inputWidths() {
        return new LinkedHashMap<>(widths);
    }

    @Override
    public int actionSize() {
        return actionSize;
    }

    @Override
    public boolean discrete() {
        return discrete;
    }

    @Override
    public Unrolled unroll(Graph g, Map<String, List<SDVariable>> inputs, List<SDVariable> starts, SDVariable h0) {
        int steps = starts.size();
        if (steps == 0) {
            throw new IllegalArgumentException("an unroll needs at least one step");
        }
        SameDiff sd = g.sd();
        SDVariable obs = TimeBatch.flatten(sd, TimeBatch.steps(inputs, OBS, steps), obsDim);
        SDVariable task = taskDim == 0 ? null : TimeBatch.flatten(sd, TimeBatch.steps(inputs, TASK, steps), taskDim);
        PolicyBody.Out o = body.apply(g, obs, task);
        return new Unrolled(TimeBatch.split(sd, o.head(), steps, actionSize), TimeBatch.split(sd, o.value(), steps, 1),
                null);
    }

    /** Plain Java when the body has a plain-Java form ({@code mlp}, {@code multi}), else null. */
    @Override
    public PolicyStepper fastStepper() {
        PolicyBody.Fast fastBody = body.fast();
        return fastBody == null ? null : PlainJavaStepper.feedForward(this, taskDim == 0 ? null : TASK, fastBody);
    }

    @Override
    public PolicyStepper arrayStepper() {
        if (!body.hasArrayForm()) {
            return null;
        }
        return new ArrayStepper(this, batch -> null, (inputs, starts, state) -> {
            DataType type = body.parameters().get(0).value().dataType();
            INDArray[] out = body.applyArrays(inputs.get(OBS).castTo(type),
                    taskDim == 0 ? null : inputs.get(TASK).castTo(type));
            return new ActorCriticStepper.Step(out[0], out[1], null);
        });
    }

    @Override
    public Parameter logStd() {
        return body.logStd();
    }

    @Override
    public List<Parameter> parameters() {
        return body.parameters();
    }
}
