package org.hyperrl.algos.common;

import org.hyperrl.core.critic.QNetwork;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.optim.Polyak;
import org.nd4j.autodiff.samediff.SDVariable;

/** The clipped double-Q parts shared by TD3 and SAC: the twin critic loss and the target critics' averaging. */
public final class TwinCritics {

    private TwinCritics() {
    }

    /**
     * The critic-loss graph {@code mean((Q1(s, a) - y)^2) + mean((Q2(s, a) - y)^2)} with inputs {@code s}, {@code a},
     * {@code y}, in which only the parameters of {@code criticGroup} are trainable.
     */
    public static Graph lossGraph(Parameters params, String criticGroup, QNetwork q1, QNetwork q2) {
        Graph g = new Graph(params, p -> p.group().equals(criticGroup)).checkInputs(false);
        SDVariable s = g.input("s", q1.stateDim());
        SDVariable a = g.input("a", q1.actionDim());
        SDVariable y = g.input("y", 1);
        SDVariable e1 = q1.q(g, s, a).sub(y);
        SDVariable e2 = q2.q(g, s, a).sub(y);
        g.setLoss(e1.mul(e1).mean().add(e2.mul(e2).mean()));
        return g;
    }

    /** Polyak-averages both target critics towards the online ones ({@code tau = 1} copies). */
    public static void updateTargets(QNetwork q1Target, QNetwork q1, QNetwork q2Target, QNetwork q2, double tau) {
        Polyak.update(q1Target.parameters(), q1.parameters(), tau);
        Polyak.update(q2Target.parameters(), q2.parameters(), tau);
    }
}
