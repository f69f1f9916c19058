package org.hyperrl.algos.common;

/** Cross-field checks every off-policy config makes in its constructor. */
public final class OffPolicyChecks {
    private OffPolicyChecks() {
    }

    /** Rejects a start phase longer than the run and a minibatch larger than the replay buffer. */
    public static void check(long startSteps, long totalSteps, int batchSize, int bufferSize) {
        if (startSteps > totalSteps) {
            throw new IllegalArgumentException("startSteps (" + startSteps + ") > totalSteps (" + totalSteps
                    + "): the run would never update its networks; lower startSteps or raise the steps");
        }
        if (batchSize > bufferSize) {
            throw new IllegalArgumentException("batchSize (" + batchSize + ") > bufferSize (" + bufferSize
                    + "): a minibatch cannot be larger than the replay buffer");
        }
    }
}
