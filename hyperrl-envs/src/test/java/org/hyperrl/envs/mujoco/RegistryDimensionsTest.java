package org.hyperrl.envs.mujoco;

import static org.hyperrl.envs.mujoco.MujocoTestSupport.assumeMujoco;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.registry.EnvRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every MuJoCo id from the registry has the observation/action sizes documented in docs/environments.md. */
class RegistryDimensionsTest {

    @ParameterizedTest
    @CsvSource({
        "HalfCheetah, 17, 6, 1000",
        "Hopper, 11, 3, 1000",
        "Walker2d, 17, 6, 1000",
        "Ant, 111, 8, 1000",
        "Humanoid, 376, 17, 1000",
        "CheetahVel, 21, 6, 200",
        "CheetahVelMedium, 20, 6, 200",
        "CheetahDir, 21, 6, 200",
        "CheetahFwdBack, 21, 6, 200",
        "AntDir, 28, 8, 200",
        "AntFwdBack, 27, 8, 200",
        "AntVel, 123, 8, 200",
        "HumanoidDir, 377, 17, 200",
        "WalkerRandParams, 18, 6, 200",
    })
    void dimensionsAndDefaultEpisodeLength(String id, int obs, int act, int maxEpisodeSteps) {
        assumeMujoco();
        assertEquals(maxEpisodeSteps, EnvRegistry.spec(id).options().stream()
                .filter(o -> o.name().equals(EnvRegistry.MAX_EPISODE_STEPS)).findFirst().orElseThrow().defaultValue());
        try (Env env = EnvRegistry.create(id)) {
            assertEquals(obs, env.observationSpace().dimension(), id);
            assertEquals(act, env.actionSpace().dimension(), id);
            assertEquals(obs, env.reset(0).observation().length);
            StepResult r = env.step(new double[act]);
            assertEquals(obs, r.observation().length);
        }
    }

    @ParameterizedTest
    @CsvSource({"CheetahVel, 17", "CheetahDir, 17"})
    void cheetahFamiliesOffer17DimObservations(String id, int obs) {
        assumeMujoco();
        try (Env env = EnvRegistry.create(id, Map.of("torsoPositionInObservation", false, "episodesPerTrial", 1))) {
            assertEquals(obs, env.observationSpace().dimension());
        }
    }
}
