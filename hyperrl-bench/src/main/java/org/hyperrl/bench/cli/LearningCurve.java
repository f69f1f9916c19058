package org.hyperrl.bench.cli;

import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.hyperrl.bench.runtime.ProgressData;

import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The learning curve of a group of runs (one per seed): at every step that all runs logged, the mean of the metric
 * across runs and a band around it. Steps logged by only some runs (e.g. the tail of a run that went further) are
 * left out, so every point is an average over the same runs.
 *
 * @param label  the group's name
 * @param runs   number of runs averaged
 * @param steps  the common steps, ascending
 * @param mean   mean across runs at each step
 * @param lower  lower edge of the band
 * @param upper  upper edge of the band
 */
public record LearningCurve(String label, int runs, long[] steps, double[] mean, double[] lower, double[] upper) {

    /** What the band around the mean shows. */
    public enum Band {
        /** Mean plus and minus one sample standard deviation across runs (zero width for a single run). */
        STD,
        /** Minimum and maximum across runs. */
        MINMAX
    }

    /**
     * Aggregates the runs of one group.
     *
     * @throws IllegalArgumentException if the runs share no step
     */
    public static LearningCurve of(String label, List<ProgressData.Series> runs, Band band) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("group '" + label + "' has no runs");
        }
        // A step logged twice in one run (e.g. a train row and an eval row) keeps its last value.
        List<TreeMap<Long, Double>> byStep = runs.stream().map(s -> {
            TreeMap<Long, Double> m = new TreeMap<>();
            for (int i = 0; i < s.size(); i++) {
                m.put(s.steps()[i], s.values()[i]);
            }
            return m;
        }).toList();
        TreeSet<Long> common = new TreeSet<>(byStep.get(0).keySet());
        for (TreeMap<Long, Double> m : byStep) {
            common.retainAll(m.keySet());
        }
        if (common.isEmpty()) {
            throw new IllegalArgumentException("the " + runs.size() + " runs of group '" + label
                    + "' have no step in common; they must log the metric at the same steps");
        }
        int n = common.size();
        long[] steps = new long[n];
        double[] mean = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        double[] across = new double[runs.size()];
        int i = 0;
        for (long step : common) {
            for (int r = 0; r < across.length; r++) {
                across[r] = byStep.get(r).get(step);
            }
            steps[i] = step;
            mean[i] = new Mean().evaluate(across);
            if (band == Band.STD) {
                double sd = across.length > 1 ? new StandardDeviation(true).evaluate(across) : 0.0;
                lower[i] = mean[i] - sd;
                upper[i] = mean[i] + sd;
            } else {
                lower[i] = Arrays.stream(across).min().orElseThrow();
                upper[i] = Arrays.stream(across).max().orElseThrow();
            }
            i++;
        }
        return new LearningCurve(label, runs.size(), steps, mean, lower, upper);
    }
}
