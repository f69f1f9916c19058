package org.hyperrl.bench.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunDirectoryTest {

    record Config(String algorithm, String env, String critic, long seed, double criticLr, List<Integer> hidden) { }

    @TempDir
    Path tmp;

    @Test
    void createWritesConfigProvenanceAndCheckpointDir() throws Exception {
        Path dir = tmp.resolve("run");
        Config config = new Config("td3", "Pendulum", "sa-hyper", 7, 5e-5, List.of(256, 256));
        RunDirectory run = RunDirectory.create(dir, config, 1234L);

        assertTrue(Files.isDirectory(dir.resolve("checkpoints")));
        Map<String, Object> json = Json.readObject(dir.resolve("config.json"));
        assertEquals("td3", json.get("algorithm"));
        assertEquals("sa-hyper", json.get("critic"));
        assertEquals(7, ((Number) json.get("seed")).intValue());
        assertEquals(config, run.config(Config.class));
        assertEquals(config, RunDirectory.open(dir).config(Config.class));

        Map<String, Object> info = Json.readObject(dir.resolve("run.json"));
        assertEquals(1234, ((Number) info.get("root_seed")).intValue());
        assertEquals(System.getProperty("java.version"), info.get("java_version"));
        assertEquals("0.1.0-SNAPSHOT", info.get("hyperrl_version"));
        assertEquals("1.0.0-M2.1", info.get("nd4j_version"));
        assertEquals("nd4j-native", info.get("nd4j_backend"));
        assertEquals(Runtime.getRuntime().availableProcessors(), ((Number) info.get("cores")).intValue());
        OffsetDateTime.parse((String) info.get("start_time"));
        assertEquals(gitHead(), info.get("git_revision"));
    }

    @Test
    void createRefusesNonEmptyDirectoryAndTouchesNothing() throws IOException {
        Path dir = tmp.resolve("old-run");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{\"algorithm\":\"sac\"}");
        Files.writeString(dir.resolve("notes.txt"), "keep me");
        Map<Path, String> before = snapshot(dir);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RunDirectory.create(dir, Map.of("algorithm", "td3"), 1));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("--out"), e.getMessage());
        assertTrue(e.getMessage().contains("hyperrl resume"), e.getMessage());
        assertEquals(before, snapshot(dir));
    }

    @Test
    void createRefusesAFileAndAcceptsAnEmptyDirectory() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThrows(IllegalStateException.class, () -> RunDirectory.create(file, Map.of("a", 1), 1));
        assertEquals("x", Files.readString(file));

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        RunDirectory.create(empty, Map.of("algorithm", "td3"), 1);
        assertTrue(Files.isRegularFile(empty.resolve("config.json")));
    }

    @Test
    void configMustBeAJsonObjectAndNothingIsCreatedOtherwise() {
        Path dir = tmp.resolve("bad");
        assertThrows(IllegalArgumentException.class, () -> RunDirectory.create(dir, List.of(1, 2), 1));
        assertThrows(IllegalArgumentException.class, () -> RunDirectory.create(dir, new Object(), 1));
        assertFalse(Files.exists(dir));
    }

    @Test
    void openReturnsConfigAndChecksItExists() throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("algorithm", "sac");
        config.put("env", "Pendulum");
        config.put("note", null);
        Path dir = tmp.resolve("run");
        RunDirectory.create(dir, config, 3);
        RunDirectory opened = RunDirectory.open(dir);
        assertEquals(config, opened.config());
        assertEquals(List.of("algorithm", "env", "note"), List.copyOf(opened.config().keySet()));

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> RunDirectory.open(tmp.resolve("nope")));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());

        Path noConfig = Files.createDirectories(tmp.resolve("no-config"));
        IllegalArgumentException notRun = assertThrows(IllegalArgumentException.class,
                () -> RunDirectory.open(noConfig));
        assertTrue(notRun.getMessage().contains("config.json"), notRun.getMessage());

        Files.writeString(dir.resolve("config.json"), "{\"algorithm\": ");
        IllegalStateException broken = assertThrows(IllegalStateException.class, () -> RunDirectory.open(dir));
        assertTrue(broken.getMessage().contains("not valid JSON"), broken.getMessage());
    }

    @Test
    void recordResumeAppendsATimeAndKeepsTheRest() {
        Path dir = tmp.resolve("run");
        RunDirectory run = RunDirectory.create(dir, Map.of("algorithm", "td3"), 99);
        RunInfo before = run.runInfo();
        run.recordResume();
        run.recordResume();
        RunInfo after = run.runInfo();
        assertEquals(2, after.resumedAt().size());
        assertEquals(before.startTime(), after.startTime());
        assertEquals(99, after.rootSeed());
        assertEquals(before.gitRevision(), after.gitRevision());
    }

    private static String gitHead() throws Exception {
        Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 ? out : RunInfo.UNKNOWN;
    }

    private static Map<Path, String> snapshot(Path dir) throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted().toList()) {
                files.put(dir.relativize(p), Files.isDirectory(p) ? "<dir>" : Files.readString(p));
            }
        }
        return files;
    }
}
