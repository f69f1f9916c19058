package org.hyperrl.envs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.TimeLimit;
import org.hyperrl.envs.meta.TrialWrapper;
import org.junit.jupiter.api.Test;

class EnvRegistryTest {

    @Test
    void unknownIdListsValidIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvRegistry.create("Pendulm"));
        assertTrue(e.getMessage().contains("unknown env id 'Pendulm'"), e.getMessage());
        assertTrue(e.getMessage().contains("Pendulum") && e.getMessage().contains("GridWorldShow"), e.getMessage());
    }

    @Test
    void unknownOptionListsValidOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.create("GridWorld", Map.of("episodes", 3)));
        assertTrue(e.getMessage().contains("no option 'episodes'"), e.getMessage());
        assertTrue(e.getMessage().contains("episodesPerTrial"), e.getMessage());
    }

    @Test
    void invalidValuesNameTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.create("Pendulum", Map.of("maxEpisodeSteps", "lots")));
        assertTrue(e.getMessage().contains("'maxEpisodeSteps'") && e.getMessage().contains("integer"), e.getMessage());
        IllegalArgumentException split = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.create("GridWorld", Map.of("split", "validation")));
        assertTrue(split.getMessage().contains("train") && split.getMessage().contains("test"), split.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EnvRegistry.create("Pendulum", Map.of("maxEpisodeSteps", 2.5)));
    }

    @Test
    void optionsAcceptStringsAndNumbers() {
        Env p = EnvRegistry.create("Pendulum", Map.of("maxEpisodeSteps", "50"));
        assertEquals(50, p.find(TimeLimit.class).orElseThrow().maxEpisodeSteps());
        Env g = EnvRegistry.create("GridWorldShow", Map.of("episodesPerTrial", 1, "split", "TEST"));
        assertEquals(2, g.observationSpace().dimension(), "k = 1: no done flag");
        assertEquals(1, g.find(TrialWrapper.class).orElseThrow().episodesPerTrial());
    }

    @Test
    void everyRegisteredIdHasADescriptionAndUniqueOptions() {
        for (String id : EnvRegistry.ids()) {
            EnvSpec s = EnvRegistry.spec(id);
            assertTrue(!s.description().isBlank(), id);
        }
        assertTrue(EnvRegistry.ids().contains("GridWorldDense"));
    }
}
