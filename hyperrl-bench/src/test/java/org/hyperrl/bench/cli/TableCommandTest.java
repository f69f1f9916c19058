package org.hyperrl.bench.cli;

import org.hyperrl.algos.api.Columns;
import org.hyperrl.algos.td3.Td3Algorithm;
import org.hyperrl.bench.runtime.ProgressLog;
import org.hyperrl.bench.runtime.RunDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableCommandTest {

    private static final String RULE = "best per row and those not significantly different from it "
            + "(two-tailed Welch t-test, p = 0.05, n >= 2 per cell)";

    @TempDir
    Path tmp;

    private final List<String> runs = new ArrayList<>();

    /**
     * Best eval returns: Pendulum mlp -210, -180, -150 (mean -180, sample std 30); Pendulum sa-hyper -160, -140,
     * -150, -130 (mean -145, sample std sqrt(500 / 3)); HalfCheetah mlp 3000.5 (one seed).
     */
    @BeforeEach
    void runs() {
        add("td3", "Pendulum", "mlp", 0, -300, -210, -250);
        add("td3", "Pendulum", "mlp", 1, -500, -180, -190);
        add("td3", "Pendulum", "mlp", 2, -150, -160, -170);
        add("td3", "Pendulum", "sa-hyper", 0, -400, -160);
        add("td3", "Pendulum", "sa-hyper", 1, -140, -141);
        add("td3", "Pendulum", "sa-hyper", 2, -900, -700, -150);
        add("td3", "Pendulum", "sa-hyper", 3, -130);
        add("td3", "HalfCheetah", "mlp", 0, 1000, 3000.5, 2999);
    }

    private void add(String algorithm, String env, String critic, long seed, double... evals) {
        runs.add(SyntheticRuns.run(tmp, algorithm, env, critic, seed, evals).toString());
    }

    private String[] args(String... tail) {
        List<String> all = new ArrayList<>(List.of("table"));
        all.addAll(runs);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    @Test
    void csvHoldsTheExactMeanAndSampleStd() {
        SyntheticRuns.Result r = SyntheticRuns.execute(args("--format", "csv"));
        assertEquals(0, r.code(), r.err());
        assertEquals("env,mlp_mean,mlp_std,mlp_n,sa-hyper_mean,sa-hyper_std,sa-hyper_n\n"
                + "Pendulum,-180.0,30.0,3,-145.0," + Math.sqrt(500.0 / 3) + ",4\n"
                + "HalfCheetah,3000.5,,1,,,0\n", r.out());
    }

    @Test
    void textTableInThePapersFormatAlsoWrittenToOut() throws IOException {
        Path out = tmp.resolve("tables/table.txt");
        SyntheticRuns.Result r = SyntheticRuns.execute(args("--out", out.toString()));
        assertEquals(0, r.code(), r.err());
        // Pendulum's cells: Welch t = 1.89 on 2.6 degrees of freedom, p = 0.17, so both are marked.
        String row = "%-11s   %18s   %18s";
        String expected = String.format(row, "env", "mlp ", "sa-hyper ").stripTrailing() + "\n"
                + String.format(row, "Pendulum", "-180.0 \u00b1 30.0 (3)*", "-145.0 \u00b1 12.9 (4)*") + "\n"
                + String.format(row, "HalfCheetah", "3000.5 (1) ", "- ").stripTrailing() + "\n"
                + "\n"
                + "Marked *: " + RULE + ".\n";
        assertEquals(expected, Files.readString(out, StandardCharsets.UTF_8));
        String plusMinus = r.out().contains("\u00b1") ? "\u00b1" : "+-";
        assertEquals(expected.replace("\u00b1", plusMinus).lines().map(String::strip).toList(),
                r.out().lines().map(String::strip).toList());
    }

    @Test
    void markdownBoldsTheBestCellAndThoseNotSignificantlyDifferent() throws IOException {
        Path out = tmp.resolve("table.md");
        SyntheticRuns.Result r = SyntheticRuns.execute(args("--format", "markdown", "--out", out.toString()));
        assertEquals(0, r.code(), r.err());
        assertEquals("| env | mlp | sa-hyper |\n"
                + "|---|---:|---:|\n"
                + "| Pendulum | **-180.0 \u00b1 30.0 (3)** | **-145.0 \u00b1 12.9 (4)** |\n"
                + "| HalfCheetah | 3000.5 (1) | - |\n"
                + "\n"
                + "Bold: " + RULE + ".\n", Files.readString(out, StandardCharsets.UTF_8));
    }

    /** Markdown table of two critics on one env, from the given best returns per seed. */
    private String markdownOf(double[] mlp, double[] hyper) throws IOException {
        Path root = Files.createTempDirectory(tmp, "pair");
        List<String> dirs = new ArrayList<>(List.of("table", "--format", "markdown"));
        for (int seed = 0; seed < mlp.length; seed++) {
            dirs.add(SyntheticRuns.run(root, "td3", "Hopper", "mlp", seed, mlp[seed]).toString());
        }
        for (int seed = 0; seed < hyper.length; seed++) {
            dirs.add(SyntheticRuns.run(root, "td3", "Hopper", "sa-hyper", seed, hyper[seed]).toString());
        }
        SyntheticRuns.Result r = SyntheticRuns.execute(dirs.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r.out();
    }

    @Test
    void clearlyDifferentCellsBoldOnlyTheBest() throws IOException {
        // Welch t = 122 on 4 degrees of freedom: p < 1e-7.
        assertEquals("| env | mlp | sa-hyper |\n|---|---:|---:|\n"
                        + "| Hopper | 1000.0 \u00b1 10.0 (3) | **2000.0 \u00b1 10.0 (3)** |\n\n"
                        + "Bold: " + RULE + ".\n",
                markdownOf(new double[] {990, 1000, 1010}, new double[] {1990, 2000, 2010}));
    }

    @Test
    void overlappingCellsAreBothBold() throws IOException {
        // Welch t = 0.61 on 4 degrees of freedom: p = 0.57.
        assertEquals("| env | mlp | sa-hyper |\n|---|---:|---:|\n"
                        + "| Hopper | **200.0 \u00b1 100.0 (3)** | **250.0 \u00b1 100.0 (3)** |\n\n"
                        + "Bold: " + RULE + ".\n",
                markdownOf(new double[] {100, 200, 300}, new double[] {150, 250, 350}));
    }

    @Test
    void singleRunCellsBoldNothingAndSaySo() throws IOException {
        assertEquals("| env | mlp | sa-hyper |\n|---|---:|---:|\n"
                        + "| Hopper | 1000.0 (1) | 2000.0 (1) |\n\n"
                        + "Nothing bold: some cells have a single run, and the two-tailed Welch t-test (p = 0.05) "
                        + "that decides what is bold needs n >= 2 per cell.\n",
                markdownOf(new double[] {1000}, new double[] {2000}));
        assertEquals("| env | mlp | sa-hyper |\n|---|---:|---:|\n"
                        + "| Hopper | 1000.0 \u00b1 10.0 (3) | 2000.0 (1) |\n\n"
                        + "Nothing bold: some cells have a single run, and the two-tailed Welch t-test (p = 0.05) "
                        + "that decides what is bold needs n >= 2 per cell.\n",
                markdownOf(new double[] {990, 1000, 1010}, new double[] {2000}));
    }

    @Test
    void cellsWithoutSpreadDifferExactlyWhenTheirValuesDo() throws IOException {
        assertEquals("| env | mlp | sa-hyper |\n|---|---:|---:|\n"
                        + "| Hopper | **500.0 \u00b1 0.0 (2)** | **500.0 \u00b1 0.0 (2)** |\n\n"
                        + "Bold: " + RULE + ".\n",
                markdownOf(new double[] {500, 500}, new double[] {500, 500}));
    }

    @Test
    void cellsWithoutSpreadAndDifferentValuesBoldOnlyTheBest() throws IOException {
        assertEquals("| env | mlp | sa-hyper |\n|---|---:|---:|\n"
                        + "| Hopper | 400.0 \u00b1 0.0 (2) | **500.0 \u00b1 0.0 (2)** |\n\n"
                        + "Bold: " + RULE + ".\n",
                markdownOf(new double[] {400, 400}, new double[] {500, 500}));
    }

    @Test
    void severalAlgorithmsSplitTheRowsOrFormTheColumns() {
        add("sac", "Pendulum", "mlp", 0, -170, -140);
        add("sac", "Pendulum", "mlp", 1, -120);
        SyntheticRuns.Result byCritic = SyntheticRuns.execute(args("--format", "csv"));
        assertEquals(0, byCritic.code(), byCritic.err());
        assertEquals("env,algorithm,mlp_mean,mlp_std,mlp_n,sa-hyper_mean,sa-hyper_std,sa-hyper_n\n"
                + "Pendulum,td3,-180.0,30.0,3,-145.0," + Math.sqrt(500.0 / 3) + ",4\n"
                + "HalfCheetah,td3,3000.5,,1,,,0\n"
                + "Pendulum,sac,-130.0," + Math.sqrt(200.0) + ",2,,,0\n", byCritic.out());

        SyntheticRuns.Result byAlgorithm = SyntheticRuns.execute(args("--format", "csv", "--columns", "algorithm"));
        assertEquals(0, byAlgorithm.code(), byAlgorithm.err());
        assertEquals("env,critic,td3_mean,td3_std,td3_n,sac_mean,sac_std,sac_n\n"
                + "Pendulum,mlp,-180.0,30.0,3,-130.0," + Math.sqrt(200.0) + ",2\n"
                + "Pendulum,sa-hyper,-145.0," + Math.sqrt(500.0 / 3) + ",4,,,0\n"
                + "HalfCheetah,mlp,3000.5,,1,,,0\n", byAlgorithm.out());
    }

    @Test
    void badOptionValuesAreRejected() {
        SyntheticRuns.Result format = SyntheticRuns.execute(args("--format", "html"));
        assertEquals(2, format.code());
        assertEquals("error: unknown --format 'html'; expected one of text, markdown, csv", format.err().strip());
        SyntheticRuns.Result columns = SyntheticRuns.execute(args("--columns", "env"));
        assertEquals(2, columns.code());
        assertTrue(columns.err().startsWith("error: --columns env: envs form the rows"), columns.err());
        assertEquals("", columns.out());
    }

    @Test
    void runsWithoutEvaluationsOrWithoutAnEnvAreRejected() throws IOException {
        Path fresh = tmp.resolve("fresh");
        RunDirectory run = RunDirectory.create(fresh, Map.of("algorithm", "td3", "env", "Pendulum", "critic", "mlp"),
                1);
        try (ProgressLog log = run.createProgressLog(Td3Algorithm.ALGORITHM.columnNames())) {
            log.append(1000, Map.of(Columns.EPISODE_RETURN.name(), -1000.0));
        }
        SyntheticRuns.Result noEval = SyntheticRuns.execute("table", runs.get(0), fresh.toString());
        assertEquals(2, noEval.code());
        assertEquals("error: run directory " + fresh + " has no eval_return values in progress.csv yet",
                noEval.err().strip());

        Path noEnv = tmp.resolve("no-env");
        RunDirectory bare = RunDirectory.create(noEnv, Map.of("algorithm", "td3", "critic", "mlp"), 1);
        try (ProgressLog log = bare.createProgressLog(List.of("step", "eval_return"))) {
            log.append(5000, -100);
        }
        Path out = tmp.resolve("t.txt");
        SyntheticRuns.Result missingKey = SyntheticRuns.execute("table", noEnv.toString(), "--out", out.toString());
        assertEquals(2, missingKey.code());
        assertEquals("error: " + noEnv.resolve("config.json") + " has no 'env' key", missingKey.err().strip());
        assertFalse(Files.exists(out));

        SyntheticRuns.Result missingDir = SyntheticRuns.execute("table", tmp.resolve("gone").toString());
        assertEquals(2, missingDir.code());
        assertTrue(missingDir.err().startsWith("error: run directory "), missingDir.err());
    }

    @Test
    void bootstrapIntervalOfTheMean() {
        assertEquals(List.of(3.0, 3.0), box(ResultTable.bootstrapInterval(new double[]{3, 3, 3}, 0.68)));
        // Two runs: resampled means are 0, 5, 10 with probabilities 1/4, 1/2, 1/4, so the 16th and 84th percentiles
        // are the extremes.
        assertEquals(List.of(0.0, 10.0), box(ResultTable.bootstrapInterval(new double[]{0, 10}, 0.68)));
        // 40 draws of N(0, 1): the 68% interval of the mean is about +-1/sqrt(40) = +-0.158 around the sample mean.
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        double[] v = new double[40];
        for (int i = 0; i < v.length; i++) {
            double u1 = rng.nextDouble();
            double u2 = rng.nextDouble();
            v[i] = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        }
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
        double[] ci = ResultTable.bootstrapInterval(v, 0.68);
        assertEquals(2 * sd / Math.sqrt(v.length), ci[1] - ci[0], 0.15 * 2 * sd / Math.sqrt(v.length),
                "width within 15% of 2 standard errors");
        assertTrue(ci[0] < mean && mean < ci[1]);
    }

    @Test
    void ci68IntervalIsPrinted() {
        SyntheticRuns.Result r = SyntheticRuns.execute(args("--format", "markdown", "--interval", "ci68"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*-?[0-9.]+ \\[-?[0-9.]+, -?[0-9.]+\\] \\([0-9]+\\).*"), r.out());
        SyntheticRuns.Result bad = SyntheticRuns.execute(args("--interval", "iqr"));
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown --interval 'iqr'"), bad.err());
    }

    private static List<Double> box(double[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}
