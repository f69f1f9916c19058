package org.hyperrl.bench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local executor with real worker processes: parallel runs equal the same runs done one by one; a killed worker's
 * run resumes on the next start and ends identical; a failure that recurs is reported once and not retried.
 */
class LocalSweepTest {
    private static final String SPEC = SweepRuns.spec(2, "1.0e-3", "3.0e-4");

    @TempDir
    static Path shared;

    @BeforeAll
    static void referenceRuns() {
        SweepRuns.trainOneByOne(SPEC, shared.resolve("ref"));
    }

    @Test
    void fourRunsTwoAtATimeEqualTheRunsDoneOneByOne(@TempDir Path dir) {
        Path spec = SweepRuns.write(dir, SPEC);
        Path out = dir.resolve("out");
        SweepRuns.Result res = SweepRuns.cli("sweep", spec.toString(), "--out", out.toString(), "--parallel", "2",
                "--jvm-options", SweepRuns.WORKER_JVM);
        assertEquals(0, res.code(), res.toString());
        List<SweepRun> runs = SweepPlan.expand(SweepSpec.parse(SPEC), null);
        assertEquals(4, runs.size());
        for (SweepRun r : runs) {
            assertEquals(SweepRuns.rows(shared.resolve("ref").resolve(r.name())),
                    SweepRuns.rows(SweepPlan.runDir(out, r.name())), r.name());
            assertEquals(RunStatus.State.DONE, RunStatus.read(out, r.name()).state());
        }
        assertTrue(Files.exists(out.resolve("table.md")) && Files.exists(out.resolve("curves-Pendulum.png"))
                && Files.exists(out.resolve("selection.md")) && Files.exists(out.resolve("plan.json")));
        assertTrue(res.out().contains("4 of 4 runs done"), res.out());
        // A second start finds everything done and only summarises.
        SweepRuns.Result again = SweepRuns.cli("sweep", spec.toString(), "--out", out.toString(), "--jvm-options",
                SweepRuns.WORKER_JVM);
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("4 runs, 4 done, 0 to run"), again.out());
        SweepRuns.Result status = SweepRuns.cli("sweep", "status", out.toString());
        assertTrue(status.out().contains("4 runs: 4 done"), status.toString());
    }

    @Test
    void aKilledWorkersRunResumesOnTheNextStartAndEndsIdentical(@TempDir Path dir) throws Exception {
        String one = SweepRuns.spec(1, "1.0e-3");
        Path spec = SweepRuns.write(dir, one);
        Path out = dir.resolve("out");
        String name = SweepPlan.expand(SweepSpec.parse(one), null).get(0).name();
        CompletableFuture<SweepRuns.Result> sweep = CompletableFuture.supplyAsync(() -> SweepRuns.cli("sweep",
                spec.toString(), "--out", out.toString(), "--parallel", "1", "--retries", "0", "--jvm-options",
                SweepRuns.WORKER_JVM));
        assertTrue(SweepRuns.killMidRun(out, name, 120_000, sweep),
                "the worker was not seen mid-run: " + (sweep.isDone() ? sweep.get() : ""));
        SweepRuns.Result first = sweep.get();
        assertEquals(1, first.code(), first.toString());
        assertTrue(first.out().contains("CRASHED") && first.out().contains("killed (signal 9)"), first.out());
        assertEquals(RunStatus.State.CRASHED, RunStatus.read(out, name).state());
        SweepRuns.Result status = SweepRuns.cli("sweep", "status", out.toString());
        assertTrue(status.out().contains("crashed") && status.out().contains("1 crashed"), status.toString());

        SweepRuns.Result second = SweepRuns.cli("sweep", spec.toString(), "--out", out.toString(), "--jvm-options",
                SweepRuns.WORKER_JVM);
        assertEquals(0, second.code(), second.toString());
        RunStatus s = RunStatus.read(out, name);
        assertEquals(RunStatus.State.DONE, s.state());
        assertEquals(2, s.attempt());
        assertTrue(Files.readString(out.resolve("logs").resolve(name + ".log")).contains("resuming at step"));
        // the same run as the reference's actorLr=0.001 run (its name has no actorLr: one value is not an axis)
        assertEquals(SweepRuns.rows(shared.resolve("ref").resolve("td3_Pendulum_actorLr=0.001_s0")),
                SweepRuns.rows(SweepPlan.runDir(out, name)));
    }

    @Test
    void aFailureThatRecursIsReportedOnceAndNotRetried(@TempDir Path dir) throws Exception {
        String one = SweepRuns.spec(1, "1.0e-3");
        Path spec = SweepRuns.write(dir, one);
        Path out = dir.resolve("out");
        String name = SweepPlan.expand(SweepSpec.parse(one), null).get(0).name();
        // Something that is not a run in the run's directory: train refuses it (exit 2), every time.
        Path runDir = SweepPlan.runDir(out, name);
        Files.createDirectories(runDir);
        Files.writeString(runDir.resolve("notes.txt"), "mine");
        SweepRuns.Result res = SweepRuns.cli("sweep", spec.toString(), "--out", out.toString(), "--retries", "3",
                "--jvm-options", SweepRuns.WORKER_JVM);
        assertEquals(1, res.code(), res.toString());
        RunStatus s = RunStatus.read(out, name);
        assertEquals(RunStatus.State.FAILED, s.state());
        assertEquals(1, s.attempt(), "a failure that recurs must not be retried");
        assertTrue(s.message().contains("is not empty"), s.message());
        assertTrue(res.out().contains("FAILED (not retried)"), res.out());
        assertEquals("mine", Files.readString(runDir.resolve("notes.txt")), "the user's file is untouched");
        SweepRuns.Result again = SweepRuns.cli("sweep", spec.toString(), "--out", out.toString(), "--jvm-options",
                SweepRuns.WORKER_JVM);
        assertEquals(1, again.code());
        assertTrue(again.out().contains("failed before (exit 2)") && again.out().contains("--retry-failed"),
                again.out());
        assertEquals(1, RunStatus.read(out, name).attempt());
    }
}
