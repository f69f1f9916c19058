package org.hyperrl.envs.meta;

/** Which task set a task comes from: meta-training or meta-testing (held-out). */
public enum Split {
    TRAIN, TEST
}
