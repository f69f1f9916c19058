package org.hyperrl.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.hyperrl.algos.api.Algorithms;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.core.critic.CriticType;
import org.hyperrl.envs.registry.EnvRegistry;
import org.junit.jupiter.api.Test;

/** {@code hyperrl list} shows every algorithm, critic, env, preset and config key. */
class ListCommandTest {

    @Test
    void listsEverythingTrainAccepts() {
        SyntheticRuns.Result r = SyntheticRuns.execute("list");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Arrays.asList(r.out().split("\n"));
        List<String> algorithms = section(lines, "Algorithms (--algo):");
        assertEquals(Algorithms.all().size(), algorithms.size(), String.join("\n", algorithms));
        for (org.hyperrl.algos.api.Algorithm<?> a : Algorithms.all()) {
            assertTrue(algorithms.stream().anyMatch(l -> l.startsWith("  " + a.id() + " ")), a.id());
        }
        List<String> critics = section(lines, "Network option --critic of td3 (the twin critics' architecture; "
                + "default sa-hyper):");
        assertEquals(org.hyperrl.core.critic.Critics.kinds().size(), critics.size());
        for (CriticType c : CriticType.values()) {
            assertTrue(critics.stream().anyMatch(l -> l.startsWith("  " + c.id() + " ")), c.id());
        }
        List<String> envs = section(lines, "Envs (--env; options with --set envOptions.NAME=VALUE):");
        assertEquals(EnvRegistry.ids().size(), envs.size());
        assertTrue(envs.stream().anyMatch(l -> l.startsWith("  Pendulum ") && l.contains("[maxEpisodeSteps=200]")),
                String.join("\n", envs));
        List<String> presets = section(lines, "Presets (--preset):");
        assertTrue(presets.stream().anyMatch(l -> l.startsWith("  td3 paper ")), String.join("\n", presets));
        assertTrue(presets.stream().anyMatch(l -> l.startsWith("  td3 small ")), String.join("\n", presets));
        List<String> keys = section(lines, "Keys of td3 (--set KEY=VALUE; values of preset paper with the default networks):");
        assertEquals(Configs.keys(org.hyperrl.algos.td3.Td3Config.class).size(), keys.size());
        assertTrue(keys.stream().anyMatch(l -> l.matches("  batchSize +100")), String.join("\n", keys));
        assertTrue(keys.stream().anyMatch(l -> l.matches("  criticLr +5\\.0E-5")), String.join("\n", keys));
        assertTrue(keys.stream().anyMatch(l -> l.matches("  criticConfig\\.primary\\.widths +\\[256, 512, 1024]")),
                String.join("\n", keys));
    }

    /** The indented lines after a heading, up to the next blank line. */
    private static List<String> section(List<String> lines, String heading) {
        int start = lines.indexOf(heading);
        assertTrue(start >= 0, "no heading '" + heading + "'");
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).isBlank()) {
            end++;
        }
        return lines.subList(start + 1, end);
    }
}
