package org.hyperrl.bench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hyperrl.algos.api.Algorithms;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.td3.Td3Config;
import org.hyperrl.bench.runtime.Json;
import org.hyperrl.core.critic.CriticType;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.init.LayerInits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Config records to config.json and back, {@code --set} by path, and the run config fingerprint. */
class ConfigsTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(CriticType.class)
    void paperConfigRoundTripsThroughJsonFile(CriticType critic) {
        Td3Config c = Td3Config.paper(critic.id());
        Path file = tmp.resolve(critic.id() + ".json");
        Json.write(file, Configs.encode(c));
        Map<String, Object> read = Json.readObject(file);
        Td3Config back = Configs.decode(Td3Config.class, read);
        assertEquals(Configs.encode(c), Configs.encode(back));
        assertEquals(critic.id(), back.critic());
        assertSame(HyperInits.SARAFIAN, back.criticConfig().headInit());
        assertSame(LayerInits.SARAFIAN_PRIMARY, back.criticConfig().primary().init());
        assertEquals(c.criticLr(), back.criticLr());
    }

    @Test
    void setsNestedValuesByPath() {
        Map<String, Object> m = Configs.encode(Td3Config.paper(CriticType.SA_HYPER.id()));
        Configs.set(Td3Config.class, m, "criticConfig.primary.widths", "[64, 32]");
        Configs.set(Td3Config.class, m, "criticConfig.primary.activation", "elu");
        Configs.set(Td3Config.class, m, "criticConfig.headInit", "hfi");
        Configs.set(Td3Config.class, m, "critic", "as-hyper");
        Configs.set(Td3Config.class, m, "totalSteps", "1e5");
        Configs.set(Td3Config.class, m, "bufferSize", "100_000");
        Configs.set(Td3Config.class, m, "criticLr", "1e-4");
        Td3Config c = Configs.decode(Td3Config.class, m);
        assertArrayEquals(new int[] {64, 32}, c.criticConfig().primary().widths());
        assertEquals(org.hyperrl.core.nn.Activation.ELU, c.criticConfig().primary().activation());
        assertSame(HyperInits.HYPERFAN_IN, c.criticConfig().headInit());
        assertEquals("as-hyper", c.critic());
        assertEquals(100_000, c.totalSteps());
        assertEquals(100_000, c.bufferSize());
        assertEquals(1e-4, c.criticLr());
    }

    @Test
    void rejectsFractionsForIntegersAndOutOfRangeInts() {
        Map<String, Object> m = Configs.encode(Td3Config.paper(CriticType.MLP_STANDARD.id()));
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
                () -> Configs.set(Td3Config.class, m, "batchSize", "2.5"));
        assertTrue(fraction.getMessage().contains("expected an integer"), fraction.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> Configs.set(Td3Config.class, m, "batchSize", "3000000000"));
        assertTrue(range.getMessage().contains("int range"), range.getMessage());
        IllegalArgumentException infinite = assertThrows(IllegalArgumentException.class,
                () -> Configs.set(Td3Config.class, m, "tau", "1e400"));
        assertTrue(infinite.getMessage().contains("finite"), infinite.getMessage());
    }

    @Test
    void decodeNamesMissingAndUnknownKeys() {
        Map<String, Object> m = Configs.encode(Td3Config.paper(CriticType.MLP_STANDARD.id()));
        Map<String, Object> missing = new LinkedHashMap<>(m);
        missing.remove("tau");
        assertEquals("missing key 'tau'", assertThrows(IllegalArgumentException.class,
                () -> Configs.decode(Td3Config.class, missing)).getMessage());
        @SuppressWarnings("unchecked")
        Map<String, Object> critic = new LinkedHashMap<>((Map<String, Object>) m.get("criticConfig"));
        critic.put("width", 3);
        Map<String, Object> unknown = new LinkedHashMap<>(m);
        unknown.put("criticConfig", critic);
        assertEquals("unknown key 'criticConfig.width'", assertThrows(IllegalArgumentException.class,
                () -> Configs.decode(Td3Config.class, unknown)).getMessage());
    }

    @Test
    void fingerprintIgnoresOnlyTotalStepsAndCheckpointCadence() {
        RunConfig base = RunConfig.resolve(Algorithms.get("td3"), "Pendulum", "small", Map.of("critic", "mlp-standard"),
                1000L, 3, 100, Map.of());
        assertEquals(base.fingerprint(), base.withTotalSteps(5000).fingerprint());
        assertEquals(base.fingerprint(), RunConfig.resolve(Algorithms.get("td3"), "Pendulum", "small",
                Map.of("critic", "mlp-standard"), 1000L, 3, 500, Map.of()).fingerprint());
        assertEquals(base.fingerprint(), RunConfig.fromJson(Json.toObjectMap(base.toJson())).fingerprint());
        assertNotEquals(base.fingerprint(), RunConfig.resolve(Algorithms.get("td3"), "Pendulum", "small",
                Map.of("critic", "mlp-standard"), 1000L, 4, 100, Map.of()).fingerprint());
        RunConfig tau = RunConfig.resolve(Algorithms.get("td3"), "Pendulum", "small", Map.of("critic", "mlp-standard"),
                1000L, 3, 100, Map.of("tau", "0.01"));
        assertNotEquals(base.fingerprint(), tau.fingerprint());
        assertEquals(java.util.List.of("tau = 0.01 vs 0.005"), base.differencesFrom(tau.toJson()));
    }

    @Test
    void smallPresetShrinksTheCriticAndEvaluatesOften() {
        RunConfig small = RunConfig.resolve(Algorithms.get("td3"), "Pendulum", "small", Map.of(), null, 0, 10_000,
                Map.of());
        Td3Config c = (Td3Config) small.config();
        assertEquals("sa-hyper", c.critic());
        assertArrayEquals(new int[] {64, 64}, c.criticConfig().primary().widths());
        assertEquals(1, c.criticConfig().primary().blocksPerStage());
        assertEquals(64, c.criticConfig().dynamicHidden());
        assertEquals(3e-4, c.criticLr());
        assertEquals(1_000, c.evalEvery());
        assertEquals(5, c.evalEpisodes());
        assertEquals(20_000, c.totalSteps());
        RunConfig paper = RunConfig.resolve(Algorithms.get("td3"), "Pendulum", "paper", Map.of(), null, 0, 10_000,
                Map.of());
        assertEquals(5e-5, ((Td3Config) paper.config()).criticLr(), "hyper critic lr of the paper");
        RunConfig paperMlp = RunConfig.resolve(Algorithms.get("td3"), "Pendulum", "paper", Map.of(), null, 0, 10_000,
                Map.of("critic", "mlp-standard"));
        assertEquals(3e-4, ((Td3Config) paperMlp.config()).criticLr(), "--set critic picks the critic's preset lr");
    }
}
