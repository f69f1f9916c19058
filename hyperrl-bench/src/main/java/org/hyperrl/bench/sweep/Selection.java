package org.hyperrl.bench.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hyperrl.bench.runtime.ProgressData;
import org.hyperrl.bench.runtime.RunDirectory;

/**
 * The selection of a sweep's best configuration: runs are grouped by everything but the seed and the {@code over}
 * axes; within a group, each candidate (a value of the {@code over} axes) is scored by the mean over its seeds of each
 * run's score (the mean of its last {@code last} values of the metric, or its best value), and the candidate with the
 * highest mean is chosen. Beck et al. 2023 choose each method's learning rate this way, by the final meta-return.
 */
public final class Selection {
    private Selection() {
    }

    /**
     * One candidate of a group.
     *
     * @param candidate the values of the {@code over} axes
     * @param scores    the score of each seed's run that has the metric
     */
    public record Candidate(String candidate, List<Double> scores) {
        /** The mean score (NaN without runs). */
        public double mean() {
            return scores.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        /** The sample standard deviation (0 for one run). */
        public double std() {
            int n = scores.size();
            if (n < 2) {
                return 0;
            }
            double m = mean();
            double ss = scores.stream().mapToDouble(s -> (s - m) * (s - m)).sum();
            return Math.sqrt(ss / (n - 1));
        }
    }

    /**
     * A group's candidates, best first.
     *
     * @param group      algorithm, env and the other axes' values
     * @param candidates scored candidates, by decreasing mean
     */
    public record Group(String group, List<Candidate> candidates) {
        /** The chosen candidate. */
        public Candidate best() {
            return candidates.get(0);
        }
    }

    /** Scores the finished runs; runs without a value of the metric are left out. */
    public static List<Group> select(Path out, List<SweepRun> runs, SweepSpec.Select select) {
        Map<String, Map<String, List<Double>>> groups = new LinkedHashMap<>();
        for (SweepRun run : runs) {
            Path progress = SweepPlan.runDir(out, run.name()).resolve(RunDirectory.PROGRESS_FILE);
            if (!Files.exists(progress)) {
                continue;
            }
            ProgressData data = ProgressData.read(progress);
            if (!data.hasColumn(select.metric())) {
                throw new IllegalArgumentException("select.metric: run " + run.name() + " has no column '"
                        + select.metric() + "'; its columns: " + String.join(", ", data.columns()));
            }
            double[] values = data.series(select.metric()).values();
            if (values.length == 0) {
                continue;
            }
            groups.computeIfAbsent(run.group(select.over()), k -> new LinkedHashMap<>())
                    .computeIfAbsent(run.candidate(select.over()), k -> new ArrayList<>())
                    .add(score(values, select));
        }
        List<Group> result = new ArrayList<>();
        groups.forEach((group, candidates) -> {
            List<Candidate> list = new ArrayList<>();
            candidates.forEach((c, scores) -> list.add(new Candidate(c, List.copyOf(scores))));
            list.sort((a, b) -> Double.compare(b.mean(), a.mean()));
            result.add(new Group(group, List.copyOf(list)));
        });
        return result;
    }

    /** A run's score: the mean of the last {@code last} values, or the maximum. */
    static double score(double[] values, SweepSpec.Select select) {
        if (select.score().equals("best")) {
            double best = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                best = Math.max(best, v);
            }
            return best;
        }
        int k = Math.min(select.last(), values.length);
        double sum = 0;
        for (int i = values.length - k; i < values.length; i++) {
            sum += values[i];
        }
        return sum / k;
    }

    /** The selection as a markdown table. */
    public static String markdown(List<Group> groups, SweepSpec.Select select) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Selection over %s by the %s %s (mean +- sample std over seeds, n runs)%n%n",
                String.join(", ", select.over()), select.score().equals("best") ? "best" : (select.last() == 1
                        ? "final" : "mean of the last " + select.last()), select.metric()));
        sb.append("| group | chosen | score | all candidates |\n|---|---|---:|---|\n");
        for (Group g : groups) {
            List<String> all = new ArrayList<>();
            for (Candidate c : g.candidates()) {
                all.add(c.candidate() + ": " + format(c));
            }
            sb.append("| ").append(g.group()).append(" | ").append(g.best().candidate()).append(" | ")
                    .append(format(g.best())).append(" | ").append(String.join("; ", all)).append(" |\n");
        }
        return sb.toString();
    }

    private static String format(Candidate c) {
        return String.format(Locale.ROOT, "%.2f ± %.2f (%d)", c.mean(), c.std(), c.scores().size());
    }
}
