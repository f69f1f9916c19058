package org.hyperrl.bench.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressLogTest {

    private static final List<String> COLUMNS = List.of("step", "episode_return", "eval_return");

    @TempDir
    Path tmp;

    @Test
    void rowsAreOnDiskAsCompleteLinesRightAfterEachAppend() throws IOException {
        Path file = tmp.resolve("progress.csv");
        try (ProgressLog log = ProgressLog.create(file, COLUMNS)) {
            assertEquals("step,episode_return,eval_return\n", Files.readString(file));
            log.append(0, 1.5, Double.NaN);
            assertEquals("step,episode_return,eval_return\n0,1.5,\n", Files.readString(file));
            Map<String, Double> named = new LinkedHashMap<>();
            named.put("eval_return", -3.25);
            log.append(10, named);
            log.append(20, 1e-5, -0.0);
            assertEquals("step,episode_return,eval_return\n0,1.5,\n10,,-3.25\n20,1.0E-5,0\n", Files.readString(file));
            assertEquals(20, log.lastStep());
        }
    }

    @Test
    void badRowsAndColumnsAreRejected() {
        Path file = tmp.resolve("progress.csv");
        assertThrows(IllegalArgumentException.class, () -> ProgressLog.create(file, List.of("episode", "step")));
        assertThrows(IllegalArgumentException.class, () -> ProgressLog.create(file, List.of("step", "a", "a")));
        assertThrows(IllegalArgumentException.class, () -> ProgressLog.create(file, List.of("step", "a,b")));
        try (ProgressLog log = ProgressLog.create(file, COLUMNS)) {
            assertThrows(IllegalArgumentException.class, () -> log.append(1, 2));
            assertThrows(IllegalArgumentException.class, () -> log.append(1.5, 2, 3));
            assertThrows(IllegalArgumentException.class, () -> log.append(5, Map.of("critic_loss", 1.0)));
            log.append(10, 1, 1);
            IllegalArgumentException back = assertThrows(IllegalArgumentException.class, () -> log.append(9, 1, 1));
            assertTrue(back.getMessage().contains("10"), back.getMessage());
        }
        assertThrows(IllegalStateException.class, () -> ProgressLog.create(file, COLUMNS));
    }

    @Test
    void resumeDropsAnUnfinishedLastLineAndAppendsAfterIt() throws IOException {
        Path file = tmp.resolve("progress.csv");
        try (ProgressLog log = ProgressLog.create(file, COLUMNS)) {
            log.append(0, 1, Double.NaN);
            log.append(10, 2, 5);
        }
        Files.writeString(file, "20,3.", StandardOpenOption.APPEND);
        try (ProgressLog log = ProgressLog.openForResume(file, COLUMNS)) {
            assertEquals(10, log.lastStep());
            assertEquals("step,episode_return,eval_return\n0,1,\n10,2,5\n", Files.readString(file));
            log.append(20, 3, Double.NaN);
        }
        assertEquals("step,episode_return,eval_return\n0,1,\n10,2,5\n20,3,\n", Files.readString(file));
    }

    @Test
    void resumeRestoresAHalfWrittenHeaderAndRejectsAnotherHeader() throws IOException {
        Path file = tmp.resolve("progress.csv");
        Files.writeString(file, "step,episo");
        try (ProgressLog log = ProgressLog.openForResume(file, COLUMNS)) {
            assertEquals(-1, log.lastStep());
        }
        assertEquals("step,episode_return,eval_return\n", Files.readString(file));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ProgressLog.openForResume(file, List.of("step", "loss")));
        assertTrue(e.getMessage().contains("step,episode_return,eval_return"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ProgressLog.openForResume(tmp.resolve("none.csv"), COLUMNS));
    }

    @Test
    void resumeWidensAFileOfAnEarlierVersionWithFewerColumns() throws IOException {
        Path file = tmp.resolve("progress.csv");
        Files.writeString(file, "step,eval_return\n0,1.5\n10,\n");
        List<String> wider = List.of("step", "episode_return", "eval_return", "eval_episode_1");
        try (ProgressLog log = ProgressLog.openForResume(file, wider)) {
            assertEquals(10, log.lastStep());
            log.append(20, 2, 3, 4);
        }
        assertEquals("step,episode_return,eval_return,eval_episode_1\n0,,1.5,\n10,,,\n20,2,3,4\n",
                Files.readString(file));
        // columns in another order, or one this run does not log, cannot be widened
        Files.writeString(file, "step,eval_return,episode_return\n0,1,2\n");
        assertThrows(IllegalStateException.class, () -> ProgressLog.openForResume(file, COLUMNS));
        Files.writeString(file, "step,critic_loss\n0,1\n");
        assertThrows(IllegalStateException.class, () -> ProgressLog.openForResume(file, COLUMNS));
        assertEquals("step,critic_loss\n0,1\n", Files.readString(file), "a refused file is left as it was");
    }

    @Test
    void truncateAfterDropsLaterRowsAndKeepsAppending() throws IOException {
        Path file = tmp.resolve("progress.csv");
        try (ProgressLog log = ProgressLog.create(file, COLUMNS)) {
            for (int step = 0; step <= 40; step += 10) {
                log.append(step, step / 10.0, step % 20 == 0 ? step : Double.NaN);
            }
            assertEquals(2, log.truncateAfter(20));
            assertEquals(20, log.lastStep());
            assertEquals("step,episode_return,eval_return\n0,0,0\n10,1,\n20,2,20\n", Files.readString(file));
            log.append(30, 7, Double.NaN);
            assertEquals(0, log.truncateAfter(100));
            assertEquals(4, log.truncateAfter(-1));
            assertEquals(-1, log.lastStep());
            log.append(0, 9, 9);
        }
        assertEquals("step,episode_return,eval_return\n0,9,9\n", Files.readString(file));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void aKilledWriterLeavesOnlyCompleteRowsAfterResume() throws Exception {
        Path file = tmp.resolve("progress.csv");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ProgressLogWriter.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(file) && Files.size(file) > 200_000) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(child.isAlive(), "writer exited early with " + (child.isAlive() ? "" : child.exitValue()));
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        try (ProgressLog log = ProgressLog.openForResume(file, ProgressLogWriter.COLUMNS)) {
            log.append(log.lastStep() + 1, 1, 2, 3);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"));
        ProgressData data = ProgressData.read(file);
        assertTrue(data.rowCount() > 1000, "rows: " + data.rowCount());
        double[] steps = data.column("step");
        double[] a = data.column("a");
        for (int i = 0; i < steps.length - 1; i++) {
            assertEquals(i, steps[i]);
            assertEquals(ProgressLogWriter.valueA(i), a[i], "row " + i);
        }
        assertArrayEquals(new double[] {1, 2, 3}, new double[] {data.column("a")[steps.length - 1],
            data.column("b")[steps.length - 1], data.column("c")[steps.length - 1]});
    }

    @Test
    void formatWritesIntegersPlainlyAndNanAsEmpty() {
        assertEquals("", ProgressLog.format(Double.NaN));
        assertEquals("-3", ProgressLog.format(-3.0));
        assertEquals("1000000", ProgressLog.format(1e6));
        assertEquals("0.1", ProgressLog.format(0.1));
        assertEquals(0.1 + 0.2, Double.parseDouble(ProgressLog.format(0.1 + 0.2)));
        assertEquals("Infinity", ProgressLog.format(Double.POSITIVE_INFINITY));
    }
}
