package org.hyperrl.bench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark executor against a real Spark (local master, 2 task slots, 3 attempts per task): the sweep's runs equal
 * the same runs done one by one, and a run whose worker JVM is killed mid-run is retried by Spark and ends identical
 * to an uninterrupted run. Tagged {@code spark}: {@code -DexcludedGroups=spark} leaves it out.
 */
@Tag("spark")
class SparkSweepTest {

    @Test
    void sparkRunsEqualRunsDoneOneByOneAndAKilledTaskIsRetriedToTheSameResult(@TempDir Path dir) throws Exception {
        String spec = SweepRuns.spec(1, "1.0e-3", "3.0e-4");
        SweepRuns.trainOneByOne(spec, dir.resolve("ref"));
        Path specFile = SweepRuns.write(dir, spec);
        Path out = dir.resolve("out");
        List<SweepRun> runs = SweepPlan.expand(SweepSpec.parse(spec), null);
        String killed = runs.get(0).name();
        CompletableFuture<SweepRuns.Result> sweep = CompletableFuture.supplyAsync(() -> SweepRuns.cli("sweep",
                specFile.toString(), "--out", out.toString(), "--executor", "spark", "--parallel", "2", "--retries",
                "2", "--jvm-options", SweepRuns.WORKER_JVM));
        assertTrue(SweepRuns.killMidRun(out, killed, 180_000, sweep),
                "the worker was not seen mid-run: " + (sweep.isDone() ? sweep.get() : ""));
        SweepRuns.Result res = sweep.get();
        assertEquals(0, res.code(), res.toString());
        for (SweepRun r : runs) {
            assertEquals(RunStatus.State.DONE, RunStatus.read(out, r.name()).state(), r.name());
            assertEquals(SweepRuns.rows(dir.resolve("ref").resolve(r.name())),
                    SweepRuns.rows(SweepPlan.runDir(out, r.name())), r.name());
        }
        RunStatus k = RunStatus.read(out, killed);
        assertEquals(2, k.attempt(), "the killed run's task ran twice");
        assertTrue(Files.readString(out.resolve("logs").resolve(killed + ".log")).contains("resuming at step"));
        assertEquals(1, RunStatus.read(out, runs.get(1).name()).attempt());
        assertTrue(res.out().contains("spark executor") && res.out().contains("2 of 2 runs done"), res.out());
    }
}
