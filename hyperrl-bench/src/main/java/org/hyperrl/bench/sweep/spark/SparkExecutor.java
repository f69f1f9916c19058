package org.hyperrl.bench.sweep.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.hyperrl.bench.sweep.RunStatus;
import org.hyperrl.bench.sweep.SweepExecutor;
import org.hyperrl.bench.sweep.WorkerProcess;

/**
 * Runs a sweep as an Apache Spark application: every run is one Spark job of one task, which starts the run's worker
 * JVM on an executor and waits for it. A task whose worker crashed or was killed (or whose executor was lost) fails
 * and Spark retries it, up to {@code spark.task.maxFailures} attempts; the retried worker resumes the run from its last
 * checkpoint. A run that fails in a way that recurs (bad config, non-finite values) ends its task normally with that
 * outcome, so Spark does not retry it. One job per run keeps a run that exhausts its attempts from cancelling the
 * others.
 *
 * <p>Needs Spark on the class path (it is a {@code provided} dependency: run under {@code spark-submit}). Without a
 * master in the Spark configuration it runs in local mode with {@code parallel} task slots.
 */
public final class SparkExecutor implements SweepExecutor {
    private final JavaSparkContext sc;
    private final int parallel;
    private final boolean ownContext;

    /**
     * @param parallel task slots of the local master when none is configured
     * @param retries  restarts of a crashed run (local master: {@code spark.task.maxFailures} = retries + 1)
     */
    public SparkExecutor(int parallel, int retries, String appName) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[" + parallel + "," + (retries + 1) + "]");
            conf.set("spark.ui.enabled", "false");
        }
        this.ownContext = !org.apache.spark.SparkContext$.MODULE$.getActive().isDefined();
        this.sc = JavaSparkContext.fromSparkContext(org.apache.spark.SparkContext.getOrCreate(conf));
        this.parallel = conf.get("spark.master").startsWith("local") ? parallel : sc.defaultParallelism();
    }

    @Override
    public int parallelism() {
        return parallel;
    }

    @Override
    public void execute(List<WorkerProcess> work, Consumer<WorkerProcess.Outcome> finished) {
        List<JavaFutureAction<List<WorkerProcess.Outcome>>> jobs = new ArrayList<>();
        for (WorkerProcess w : work) {
            sc.setJobDescription("hyperrl run " + w.run().name());
            jobs.add(sc.parallelize(List.of(w), 1).map(SparkExecutor::runTask).collectAsync());
        }
        for (int i = 0; i < work.size(); i++) {
            WorkerProcess.Outcome outcome;
            try {
                outcome = jobs.get(i).get().get(0);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                outcome = new WorkerProcess.Outcome(work.get(i).run().name(), -1, RunStatus.State.CRASHED,
                        "the Spark job failed after its retries: " + firstLine(cause.getMessage()), 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sc.cancelAllJobs();
                throw new IllegalStateException("interrupted; the Spark jobs were cancelled and their runs resume on "
                        + "the next start");
            }
            finished.accept(outcome);
        }
    }

    /** Stops the Spark context if this executor created it. */
    public void close() {
        if (ownContext) {
            sc.stop();
        }
    }

    /** The Spark task: one attempt of one run; a crash becomes a task failure so that Spark retries it. */
    static WorkerProcess.Outcome runTask(WorkerProcess w) {
        WorkerProcess.Outcome outcome = w.execute(p -> { });
        if (outcome.retryable()) {
            throw new IllegalStateException("run " + w.run().name() + " crashed (exit " + outcome.exitCode() + "): "
                    + outcome.message());
        }
        return outcome;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
