package org.hyperrl.bench.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hyperrl.bench.Hyperrl;
import org.hyperrl.bench.runtime.AtomicFiles;
import org.hyperrl.bench.runtime.Json;
import org.hyperrl.bench.runtime.EtaEstimator;
import org.hyperrl.bench.runtime.ProgressData;
import org.hyperrl.bench.runtime.ProgressReporter;
import org.hyperrl.bench.runtime.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hyperrl sweep SPEC --out DIR}: expands a sweep spec ({@link SweepSpec}) into runs, checks them all, runs the
 * ones not finished (finished runs are skipped, interrupted ones resume from their checkpoints) with the chosen
 * executor, then writes the summary table, the curves and the selection. {@code hyperrl sweep status DIR} shows where
 * each run stands.
 *
 * <p>Layout: {@code DIR/spec.yaml} (the spec of the last start), {@code DIR/plan.json} (the runs),
 * {@code DIR/runs/NAME/} (run directories), {@code DIR/logs/NAME.log} (each run's output), {@code DIR/status/} (each
 * run's state and lock), {@code DIR/table.md}, {@code DIR/curves-ENV.png}, {@code DIR/selection.md}.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        subcommands = SweepCommand.Status.class,
        description = {"Run a grid of runs from a spec (YAML or JSON) on this machine or on Apache Spark; rerunning the "
                + "same command skips finished runs and resumes interrupted ones. See docs/sweeps.md.",
                "Exit codes: 0 when every run is done, 1 when some failed or crashed, 2 for a bad spec."})
public final class SweepCommand implements java.util.concurrent.Callable<Integer> {

    /** JVM options of a worker when neither the spec, --jvm-options nor HYPERRL_JAVA_OPTS give them (the launcher's). */
    static final String DEFAULT_JVM_OPTIONS = "-Xmx2g -Dorg.bytedeco.javacpp.maxbytes=4G "
            + "-Dorg.bytedeco.javacpp.maxphysicalbytes=8G";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC", arity = "0..1", description = "The sweep spec (YAML or JSON).")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Sweep directory (required to run).")
    Path out;

    @Option(names = "--executor", paramLabel = "NAME", defaultValue = "local",
            description = "local (default: runs in processes on this machine) or spark (runs as Spark tasks; under "
                    + "spark-submit).")
    String executor;

    @Option(names = "--parallel", paramLabel = "N", description = "Runs at once (local, or the local Spark master's "
            + "slots; default: the cores, fewer if memory is short).")
    Integer parallel;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "2", description = "Restarts of a run whose process "
            + "crashed or was killed; it resumes from its last checkpoint (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--retry-failed", description = "Also start runs that failed before (bad config, non-finite "
            + "values); by default they are reported, not restarted.")
    boolean retryFailed;

    @Option(names = "--dry-run", description = "List the runs and their states; run nothing.")
    boolean dryRun;

    @Option(names = "--jvm-options", paramLabel = "OPTS", description = "JVM options of each run's process (default: "
            + "the spec's jvmOptions, else HYPERRL_JAVA_OPTS, else '" + DEFAULT_JVM_OPTIONS + "').")
    String jvmOptions;

    @Option(names = "--worker-classpath", paramLabel = "CP", description = "Class path of the run processes (default: "
            + "this process's; on a cluster, HyperRL's jar at a path every machine has).")
    String workerClasspath;

    @Option(names = "--report-every", paramLabel = "SECONDS", defaultValue = "60", description = "Seconds between "
            + "progress lines (default: ${DEFAULT-VALUE}).")
    int reportEvery;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        if (specFile == null) {
            throw new IllegalArgumentException("give a sweep spec: hyperrl sweep SPEC --out DIR (or hyperrl sweep "
                    + "status DIR)");
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required: the sweep directory");
        }
        checkJackson();
        SweepSpec sweep = SweepSpec.read(specFile);
        List<SweepRun> runs = SweepPlan.expand(sweep, out);
        List<String> jvm = jvmOptions(sweep);
        if (dryRun) {
            o.printf("%d runs in %s:%n", runs.size(), out);
            for (SweepRun r : runs) {
                o.printf("  %-12s %s  %s%n", RunStatus.read(out, r.name()).state().name().toLowerCase(Locale.ROOT),
                        r.name(), String.join(" ", r.trainArgs()));
            }
            o.flush();
            return 0;
        }
        if (!executor.equals("local") && !executor.equals("spark")) {
            throw new IllegalArgumentException("--executor must be local or spark, got " + executor);
        }
        if (reportEvery < 1) {
            throw new IllegalArgumentException("--report-every must be at least 1 second, got " + reportEvery);
        }
        int slots = parallel != null ? parallel : LocalExecutor.defaultParallelism(jvm);
        if (slots < 1) {
            throw new IllegalArgumentException("--parallel must be at least 1, got " + slots);
        }
        writePlan(runs);

        List<WorkerProcess> work = new ArrayList<>();
        int skipped = 0;
        for (SweepRun r : runs) {
            RunStatus s = RunStatus.read(out, r.name());
            switch (s.state()) {
                case DONE -> {
                    skipped++;
                }
                case RUNNING -> o.printf("%s is running in another process (%s); skipped%n", r.name(), s.host());
                case FAILED -> {
                    if (retryFailed) {
                        work.add(worker(r, jvm));
                    } else {
                        o.printf("%s failed before (exit %s): %s; skipped (--retry-failed starts it again)%n",
                                r.name(), s.exitCode(), s.message());
                    }
                }
                default -> work.add(worker(r, jvm));
            }
        }
        o.printf("sweep %s: %d runs, %d done, %d to run, %s executor, %d at once%n", out, runs.size(), skipped,
                work.size(), executor, slots);
        o.flush();
        if (!work.isEmpty()) {
            execute(work, slots, o);
        }
        return summarise(sweep, runs, o);
    }

    /**
     * Under spark-submit, Spark's own (older) Jackson comes first on the driver's class path unless the application's
     * classes are preferred; HyperRL's YAML reader then fails deep inside. Says so, with the fix.
     */
    static void checkJackson() {
        var core = com.fasterxml.jackson.core.json.PackageVersion.VERSION;
        var yaml = com.fasterxml.jackson.dataformat.yaml.PackageVersion.VERSION;
        if (core.getMajorVersion() != yaml.getMajorVersion() || core.getMinorVersion() != yaml.getMinorVersion()) {
            throw new IllegalStateException("Jackson " + core + " is on the class path before HyperRL's " + yaml
                    + " (under spark-submit: Spark's); submit with --conf spark.driver.userClassPathFirst=true "
                    + "(docs/sweeps.md)");
        }
    }

    private WorkerProcess worker(SweepRun r, List<String> jvm) {
        String cp = workerClasspath != null ? workerClasspath : defaultWorkerClasspath();
        return new WorkerProcess(out.toAbsolutePath().toString(), r, cp, jvm);
    }

    /**
     * This process's class path, or, under spark-submit (where HyperRL's jar is not on it), the location of HyperRL's
     * jar, whose manifest names its lib/ directory.
     */
    static String defaultWorkerClasspath() {
        String cp = WorkerProcess.currentClasspath();
        try {
            var source = Hyperrl.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                String location = Path.of(source.getLocation().toURI()).toString();
                if (!cp.contains(location)) {
                    return location;
                }
            }
        } catch (java.net.URISyntaxException | RuntimeException ignored) {
            // fall back to the class path
        }
        return cp;
    }

    private List<String> jvmOptions(SweepSpec sweep) {
        String text = jvmOptions != null ? jvmOptions
                : sweep.jvmOptions() != null ? String.join(" ", sweep.jvmOptions())
                : System.getenv("HYPERRL_JAVA_OPTS") != null && !System.getenv("HYPERRL_JAVA_OPTS").isBlank()
                ? System.getenv("HYPERRL_JAVA_OPTS") : DEFAULT_JVM_OPTIONS;
        List<String> opts = new ArrayList<>();
        for (String s : text.trim().split("\\s+")) {
            if (!s.isEmpty()) {
                opts.add(s);
            }
        }
        return opts;
    }

    private void writePlan(List<SweepRun> runs) {
        try {
            Files.createDirectories(out);
            AtomicFiles.writeString(out.resolve("spec.yaml"), Files.readString(specFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the sweep directory " + out + ": " + e.getMessage(), e);
        }
        List<Map<String, Object>> plan = new ArrayList<>();
        for (SweepRun r : runs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("algorithm", r.algorithm());
            m.put("env", r.env());
            m.put("seed", r.seed());
            m.put("axes", r.axes());
            m.put("trainArgs", r.trainArgs());
            plan.add(m);
        }
        Json.write(out.resolve("plan.json"), Map.of("runs", plan));
    }

    private void execute(List<WorkerProcess> work, int slots, PrintWriter o) {
        SweepExecutor ex;
        AutoCloseable close = () -> { };
        if (executor.equals("spark")) {
            try {
                Class.forName("org.apache.spark.SparkConf");
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("--executor spark needs Apache Spark on the class path: submit the "
                        + "sweep with spark-submit (see docs/sweeps.md), or use --executor local");
            }
            var spark = new org.hyperrl.bench.sweep.spark.SparkExecutor(slots, retries, "hyperrl sweep " + out);
            ex = spark;
            close = spark::close;
        } else {
            ex = new LocalExecutor(slots, retries, p -> { });
        }
        long t0 = System.nanoTime();
        // progress in thousandths of a run: finished runs plus the running runs' fractions
        EtaEstimator eta = new EtaEstimator(1000L * work.size(), t0, 0);
        AtomicInteger finished = new AtomicInteger();
        Map<String, WorkerProcess> running = new ConcurrentHashMap<>();
        work.forEach(w -> running.put(w.run().name(), w));
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hyperrl-sweep-report");
            t.setDaemon(true);
            return t;
        });
        reporter.scheduleAtFixedRate(() -> report(o, running, work.size(), finished.get(), t0, eta), reportEvery,
                reportEvery, TimeUnit.SECONDS);
        try {
            ex.execute(work, outcome -> {
                running.remove(outcome.name());
                int k = finished.incrementAndGet();
                long now = System.nanoTime();
                double elapsed = (now - t0) / 1e9;
                eta.record(now, Math.round(1000 * (k + partial(running))));
                String what = switch (outcome.status()) {
                    case DONE -> "done";
                    case FAILED -> "FAILED (not retried): " + outcome.message();
                    case RUNNING -> "skipped: " + outcome.message();
                    default -> "CRASHED (exit " + outcome.exitCode() + "): " + outcome.message();
                };
                synchronized (o) {
                    o.printf(Locale.ROOT, "[%d/%d] %s %s (%s); elapsed %s%s%n", k, work.size(), outcome.name(), what,
                            ProgressReporter.formatSeconds(outcome.seconds()), ProgressReporter.formatSeconds(elapsed), etaText(eta));
                    o.flush();
                }
            });
        } finally {
            reporter.shutdownNow();
            try {
                close.close();
            } catch (Exception e) {
                o.println("warning: could not stop the Spark context: " + e.getMessage());
            }
        }
    }

    /** One progress line: the running runs' progress and the time estimate. */
    private void report(PrintWriter o, Map<String, WorkerProcess> running, int total, int finished, long t0,
                        EtaEstimator eta) {
        long now = System.nanoTime();
        List<String> parts = new ArrayList<>();
        double partial = 0;
        for (WorkerProcess w : running.values()) {
            double f = fraction(Path.of(w.out()), w.run().name());
            if (f > 0) {
                partial += f;
                parts.add(String.format(Locale.ROOT, "%s %.0f%%", w.run().name(), 100 * f));
            }
        }
        eta.record(now, Math.round(1000 * (finished + partial)));
        synchronized (o) {
            o.printf(Locale.ROOT, "[%d/%d finished] elapsed %s%s; running: %s%n", finished, total,
                    ProgressReporter.formatSeconds((now - t0) / 1e9), etaText(eta),
                    parts.isEmpty() ? "(starting)" : String.join(", ", parts));
            o.flush();
        }
    }

    /** The summed progress fractions of the running runs. */
    private static double partial(Map<String, WorkerProcess> running) {
        double sum = 0;
        for (WorkerProcess w : running.values()) {
            sum += fraction(Path.of(w.out()), w.run().name());
        }
        return sum;
    }

    /** ", eta 3m07s" once the estimator has a meaningful rate, else nothing. */
    private static String etaText(EtaEstimator eta) {
        return eta.timeLeft().map(d -> ", eta " + ProgressReporter.formatSeconds(d.getSeconds())).orElse("");
    }

    /** A run's progress: the last logged step over its total steps (0 before its first row). */
    private static double fraction(Path out, String name) {
        Path dir = SweepPlan.runDir(out, name);
        try {
            Path progress = dir.resolve(RunDirectory.PROGRESS_FILE);
            if (!Files.exists(progress)) {
                return 0;
            }
            ProgressData data = ProgressData.read(progress);
            if (data.rowCount() == 0) {
                return 0;
            }
            double[] steps = data.column(data.columns().get(0));
            long total = org.hyperrl.bench.cli.RunConfigs.totalSteps(RunDirectory.open(dir).config());
            return Math.min(1, steps[steps.length - 1] / total);
        } catch (RuntimeException e) {
            return 0;
        }
    }


    /** Table, curves and selection over the finished runs; the exit code (0 when every run is done). */
    private int summarise(SweepSpec sweep, List<SweepRun> runs, PrintWriter o) {
        List<SweepRun> done = new ArrayList<>();
        List<String> notDone = new ArrayList<>();
        for (SweepRun r : runs) {
            RunStatus s = RunStatus.read(out, r.name());
            if (s.state() == RunStatus.State.DONE) {
                done.add(r);
            } else {
                notDone.add(r.name() + " (" + s.state().name().toLowerCase(Locale.ROOT)
                        + (s.message() != null ? ": " + s.message() : "") + ")");
            }
        }
        if (!done.isEmpty()) {
            CommandLine cli = Hyperrl.commandLineForNested(o, spec.commandLine().getErr());
            String columns = tableColumns(sweep);
            List<String> table = new ArrayList<>(List.of("table", "--format", "markdown", "--columns", columns,
                    "--out", out.resolve("table.md").toString()));
            done.forEach(r -> table.add(SweepPlan.runDir(out, r.name()).toString()));
            o.println();
            int code = cli.execute(table.toArray(String[]::new));
            if (code != 0) {
                return code;
            }
            for (String env : sweep.envs()) {
                List<String> plot = new ArrayList<>(List.of("plot", "--group-by", columns, "--out",
                        out.resolve("curves-" + env + ".png").toString()));
                int before = plot.size();
                done.stream().filter(r -> r.env().equals(env))
                        .forEach(r -> plot.add(SweepPlan.runDir(out, r.name()).toString()));
                if (plot.size() > before) {
                    code = cli.execute(plot.toArray(String[]::new));
                    if (code != 0) {
                        return code;
                    }
                }
            }
            if (sweep.select() != null) {
                String md = Selection.markdown(Selection.select(out, done, sweep.select()), sweep.select());
                AtomicFiles.writeString(out.resolve("selection.md"), md);
                o.println();
                o.print(md);
            }
        }
        o.printf("%n%d of %d runs done%s%n", done.size(), runs.size(), notDone.isEmpty() ? ""
                : "; not done: " + String.join(", ", notDone) + ". Fix the cause if any and rerun the same command "
                + "(finished runs are skipped, interrupted ones resume)");
        o.flush();
        return notDone.isEmpty() ? 0 : 1;
    }

    /**
     * The config keys that tell the sweep's runs apart (apart from seed and env), joined by {@code +}: the algorithm if
     * several, the network and grid axes with several values, and every key a variant sets; {@code algorithm} if none.
     */
    static String tableColumns(SweepSpec sweep) {
        Set<String> keys = new LinkedHashSet<>();
        if (sweep.algorithms().size() > 1) {
            keys.add("algorithm");
        }
        for (SweepSpec.Variant v : sweep.variants()) {
            keys.addAll(v.networks().keySet());
            keys.addAll(v.set().keySet());
        }
        sweep.networks().forEach((k, values) -> {
            if (values.size() > 1) {
                keys.add(k);
            }
        });
        sweep.grid().forEach((k, values) -> {
            if (values.size() > 1) {
                keys.add(k);
            }
        });
        return keys.isEmpty() ? "algorithm" : String.join("+", keys);
    }

    /** {@code hyperrl sweep status DIR}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show each run of a sweep directory: done, running, interrupted, failed, crashed or pending, "
                    + "with its progress and the last error of a failure.")
    static final class Status implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The sweep directory (--out of 'hyperrl sweep').")
        Path dir;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            Path plan = dir.resolve("plan.json");
            if (!Files.exists(plan)) {
                throw new IllegalArgumentException(dir + " is not a sweep directory (no plan.json); give the --out of "
                        + "a 'hyperrl sweep' run");
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> runs = (List<Map<String, Object>>) Json.readObject(plan).get("runs");
            Map<RunStatus.State, Integer> counts = new LinkedHashMap<>();
            for (Map<String, Object> r : runs) {
                String name = (String) r.get("name");
                RunStatus s = RunStatus.read(dir, name);
                counts.merge(s.state(), 1, Integer::sum);
                String progress = "";
                Path runDir = SweepPlan.runDir(dir, name);
                if (Files.exists(runDir.resolve(RunDirectory.CONFIG_FILE))) {
                    progress = String.format(Locale.ROOT, " %3.0f%%", 100 * fraction(dir, name));
                }
                o.printf("%-12s%s %s%s%s%n", s.state().name().toLowerCase(Locale.ROOT), progress, name,
                        s.attempt() > 0 ? " (attempt " + s.attempt() + (s.host() != null ? ", " + s.host() : "") + ")"
                                : "", s.message() != null && s.state() != RunStatus.State.DONE
                                ? ": " + s.message() : "");
            }
            List<String> summary = new ArrayList<>();
            counts.forEach((state, n) -> summary.add(n + " " + state.name().toLowerCase(Locale.ROOT)));
            o.printf("%d runs: %s%n", runs.size(), String.join(", ", summary));
            o.flush();
            return 0;
        }
    }
}
