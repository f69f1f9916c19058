package org.hyperrl.algos.common;

import java.util.List;

/**
 * The returns of evaluation episodes: for each episode (trial), the undiscounted return of each of its inner
 * episodes (a single value for environments without trials).
 *
 * @param episodes per episode, the inner-episode returns in order
 */
public record EvalResult(List<double[]> episodes) {

    public EvalResult {
        episodes = episodes.stream().map(double[]::clone).toList();
        if (episodes.isEmpty()) {
            throw new IllegalArgumentException("an evaluation has at least one episode");
        }
    }

    /** Each episode's total return (the meta-episode return for trials). */
    public double[] totals() {
        return episodes.stream().mapToDouble(r -> java.util.Arrays.stream(r).sum()).toArray();
    }

    /** The mean total return over episodes: the figure the papers report. */
    public double mean() {
        return java.util.Arrays.stream(totals()).average().orElseThrow();
    }

    /** The mean return of the {@code k}-th inner episode across episodes (trials), or NaN if none had one. */
    public double meanOfInner(int k) {
        return episodes.stream().filter(r -> r.length > k).mapToDouble(r -> r[k]).average().orElse(Double.NaN);
    }

    @Override
    public String toString() {
        return "EvalResult{mean=" + mean() + ", episodes=" + episodes.size() + "}";
    }
}
