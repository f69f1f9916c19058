package org.hyperrl.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hyperrl.core.critic.CriticConfig;
import org.hyperrl.core.policy.HyperPolicy;
import org.hyperrl.core.policy.PolicyConfig;
import org.junit.jupiter.api.Test;

/** Printed configs show their arrays and initialisations, not {@code [I@1b2c3d} or an anonymous class's hash. */
class ConfigStringsTest {

    @Test
    void configsPrintTheirValues() {
        String critic = CriticConfig.paper().toString();
        assertTrue(critic.contains("widths=[256, 512, 1024]") && critic.contains("headInit=sarafian"), critic);
        String policy = HyperPolicy.Config.of(HyperPolicy.Size.XL).toString();
        assertTrue(policy.contains("hidden=[256, 128]") && policy.contains("init=bias_hyperinit"), policy);
        String ppoPolicy = PolicyConfig.grid().toString();
        for (String s : new String[]{critic, policy, ppoPolicy}) {
            assertFalse(s.contains("[I@") || s.contains("$"), s);
        }
    }
}
