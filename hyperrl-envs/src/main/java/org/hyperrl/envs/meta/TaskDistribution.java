package org.hyperrl.envs.meta;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The task distribution of a meta-RL family, with separate train and test sets. Either <em>sampled</em>
 * (every call draws a fresh task from the split's distribution) or <em>fixed</em> (PEARL style: finite train
 * and test lists; a call picks a list entry uniformly). Immutable and thread-safe; randomness comes from the
 * caller's generator.
 */
public final class TaskDistribution {

    private final int dimension;
    private final TaskSampler sampler;
    private final List<Task> train;
    private final List<Task> test;

    private TaskDistribution(int dimension, TaskSampler sampler, List<Task> train, List<Task> test) {
        this.dimension = dimension;
        this.sampler = sampler;
        this.train = train;
        this.test = test;
    }

    /** A continuous distribution: tasks are drawn afresh by {@code sampler}. */
    public static TaskDistribution sampled(int dimension, TaskSampler sampler) {
        if (dimension < 1) {
            throw new IllegalArgumentException("task dimension must be >= 1, got " + dimension);
        }
        return new TaskDistribution(dimension, sampler, null, null);
    }

    /** Fixed train and test lists given explicitly. */
    public static TaskDistribution fixed(List<double[]> trainVectors, List<double[]> testVectors) {
        if (trainVectors.isEmpty() || testVectors.isEmpty()) {
            throw new IllegalArgumentException("fixed task lists must be non-empty (got " + trainVectors.size()
                    + " train, " + testVectors.size() + " test)");
        }
        int dim = trainVectors.get(0).length;
        List<Task> tr = toTasks(trainVectors, Split.TRAIN, dim);
        List<Task> te = toTasks(testVectors, Split.TEST, dim);
        return new TaskDistribution(dim, null, tr, te);
    }

    private static List<Task> toTasks(List<double[]> vectors, Split split, int dim) {
        List<Task> tasks = new ArrayList<>(vectors.size());
        for (double[] v : vectors) {
            if (v.length != dim) {
                throw new IllegalArgumentException("task vectors differ in length: " + v.length + " vs " + dim);
            }
            tasks.add(new Task(tasks.size(), split, v));
        }
        return Collections.unmodifiableList(tasks);
    }

    /**
     * Fixed lists of {@code numTrain} and {@code numTest} tasks drawn once from this (sampled) distribution with
     * a generator seeded by {@code seed}, as PEARL and Sarafian et al. do (e.g. 100 train / 30 test).
     */
    public TaskDistribution withFixedLists(int numTrain, int numTest, long seed) {
        if (sampler == null) {
            throw new IllegalStateException("this task distribution already uses fixed lists");
        }
        if (numTrain < 1 || numTest < 1) {
            throw new IllegalArgumentException("need at least one train and one test task, got " + numTrain
                    + " and " + numTest);
        }
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom trainRng = root.split();
        SplittableRandom testRng = root.split();
        List<double[]> tr = new ArrayList<>();
        List<double[]> te = new ArrayList<>();
        for (int i = 0; i < numTrain; i++) {
            tr.add(checked(sampler.sample(trainRng, Split.TRAIN)));
        }
        for (int i = 0; i < numTest; i++) {
            te.add(checked(sampler.sample(testRng, Split.TEST)));
        }
        return fixed(tr, te);
    }

    private double[] checked(double[] v) {
        if (v.length != dimension) {
            throw new IllegalStateException("task sampler returned " + v.length + " values, expected " + dimension);
        }
        return v;
    }

    /** Draws a task of {@code split} with {@code rng}. */
    public Task sample(Split split, SplittableRandom rng) {
        if (sampler != null) {
            return new Task(Task.SAMPLED, split, checked(sampler.sample(rng, split)));
        }
        List<Task> list = tasks(split);
        return list.get(rng.nextInt(list.size()));
    }

    /** Whether tasks come from fixed lists. */
    public boolean isFixed() {
        return sampler == null;
    }

    /** The fixed list of {@code split}; throws for a sampled distribution. */
    public List<Task> tasks(Split split) {
        if (sampler != null) {
            throw new UnsupportedOperationException("task lists of a sampled distribution: build fixed lists "
                    + "with withFixedLists(numTrain, numTest, seed) (registry options numTrainTasks/numTestTasks)");
        }
        return split == Split.TRAIN ? train : test;
    }

    /** Length of task vectors. */
    public int taskDimension() {
        return dimension;
    }
}
