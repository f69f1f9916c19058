package org.hyperrl.bench.cli;

import org.hyperrl.bench.Hyperrl;
import org.hyperrl.algos.api.Columns;
import org.hyperrl.algos.td3.Td3Algorithm;
import org.hyperrl.bench.runtime.ProgressLog;
import org.hyperrl.bench.runtime.RunDirectory;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds run directories with known progress for the plot and table tests, and runs the command line. */
final class SyntheticRuns {
    static final long EVAL_EVERY = 5000;
    static final long LOG_EVERY = 1000;

    private SyntheticRuns() {
    }

    /**
     * A run whose i-th evaluation (at step 5000 * (i + 1)) returned {@code evalReturns[i]}; training rows are logged
     * every 1000 steps in between, as TD3/SAC do.
     */
    static Path run(Path root, String algorithm, String env, String critic, long seed, double... evalReturns) {
        Path dir = root.resolve(algorithm + "-" + env + "-" + critic + "-s" + seed);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("algorithm", algorithm);
        config.put("env", env);
        config.put("critic", critic);
        config.put("seed", seed);
        RunDirectory run = RunDirectory.create(dir, config, seed);
        try (ProgressLog log = run.createProgressLog(Td3Algorithm.ALGORITHM.columnNames())) {
            long last = EVAL_EVERY * evalReturns.length;
            for (long step = LOG_EVERY; step <= last; step += LOG_EVERY) {
                Map<String, Double> row = new LinkedHashMap<>();
                row.put(Columns.EPISODES.name(), step / 200.0);
                row.put(Columns.EPISODE_RETURN.name(), -1000.0 + step / 50.0 + seed);
                row.put(Columns.CRITIC_LOSS.name(), 1.0 / step);
                row.put(Columns.TIME_S.name(), step / 100.0);
                if (step % EVAL_EVERY == 0) {
                    row.put(Columns.EVAL_RETURN.name(), evalReturns[(int) (step / EVAL_EVERY) - 1]);
                }
                log.append(step, row);
            }
        }
        return dir;
    }

    /** Exit code and captured output of one {@code hyperrl} invocation. */
    record Result(int code, String out, String err) { }

    static Result execute(String... args) {
        CommandLine cl = Hyperrl.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
