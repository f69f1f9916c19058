package org.hyperrl.bench.cli;

import org.hyperrl.bench.runtime.AtomicFiles;
import org.hyperrl.algos.api.Columns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code hyperrl table}: the papers' results table (best evaluation return, mean ± std across seeds). */
@Command(name = "table", mixinStandardHelpOptions = true,
        description = {"Print the results table: rows = env, columns = critic (or algorithm), each cell the best "
                + "value of the metric per run (max over its rows), as mean +- sample standard deviation across "
                + "runs (n).",
                "Each row marks (bold in markdown, * in text) its best cell and every cell not significantly "
                + "different from it (two-tailed Welch t-test, p = 0.05), only when every cell of the row has at "
                + "least 2 runs; a line under the table says so."})
public final class TableCommand implements Callable<Integer> {

    /** Mean-std separator; replaced by "+-" on a standard output that cannot encode it. */
    static final String PLUS_MINUS = "\u00b1";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "Run directories (each with config.json "
            + "and progress.csv).")
    List<Path> runDirs;

    @Option(names = "--metric", paramLabel = "COLUMN", defaultValue = Columns.EVAL_RETURN_NAME,
            description = "progress.csv column whose best value per run is tabulated (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, markdown or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--columns", paramLabel = "KEY", defaultValue = "critic",
            description = "the config.json key whose values form the columns: critic, algorithm, policy, or any "
                    + "dotted path such as policyConfig.init (default: ${DEFAULT-VALUE}).")
    String columns;

    @Option(names = "--interval", paramLabel = "KIND", defaultValue = "std",
            description = "std (mean +- sample std, Sarafian et al., Beck et al. 2022) or ci68 (mean [68%% bootstrap "
                    + "confidence interval], Beck et al. 2023) (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the table to FILE (UTF-8, atomically).")
    Path out;

    @Override
    public Integer call() {
        ResultTable.Format fmt = Choices.parse("--format", format, ResultTable.Format.class);
        if (columns.equals("env")) {
            throw new IllegalArgumentException("--columns env: envs form the rows; choose another key, e.g. critic, "
                    + "algorithm, policy or policyConfig.init");
        }
        ResultTable.Interval spread = Choices.parse("--interval", interval, ResultTable.Interval.class);
        ResultTable table = ResultTable.of(RunResult.load(runDirs), metric, columns).withInterval(spread);
        String plusMinus = Charset.defaultCharset().newEncoder().canEncode(PLUS_MINUS) ? PLUS_MINUS : "+-";
        spec.commandLine().getOut().print(table.render(fmt, plusMinus));
        spec.commandLine().getOut().flush();
        if (out != null) {
            AtomicFiles.writeString(out, table.render(fmt, PLUS_MINUS));
        }
        return 0;
    }
}
