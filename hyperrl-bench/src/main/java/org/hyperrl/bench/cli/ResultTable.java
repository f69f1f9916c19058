package org.hyperrl.bench.cli;

import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.inference.TTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The papers' results table: one row per env, one column per critic (or algorithm), each cell the best value of a
 * metric reached by each run, summarised across the runs (seeds) of that env and column as mean, sample standard
 * deviation and count. When the runs span several values of the other dimension (several algorithms in a table of
 * critics, or the reverse), rows are split by it and it gets its own leading column.
 *
 * <p>As in the papers, a row marks (bold in markdown, {@code *} in text) its best cell and every cell not significantly
 * different from it, by a two-tailed Welch t-test at p = {@value #ALPHA} on the runs' best values. A row is marked only
 * when it has two or more cells and each has at least two runs: one run per cell supports no such finding. A line under
 * the table says which rule applied.
 */
public final class ResultTable {

    /** The dimension that forms the columns. */
    public enum Columns { CRITIC, ALGORITHM }

    /** Output formats. */
    public enum Format { TEXT, MARKDOWN, CSV }

    /**
     * The spread shown next to each mean: the sample standard deviation (Sarafian et al., Beck et al. 2022) or the 68%
     * bootstrap confidence interval of the mean (Beck et al. 2023): 10,000 resamples of the runs with replacement from
     * a fixed seed, the 16th and 84th percentiles of their means.
     */
    public enum Interval { STD, CI68 }

    /** Bootstrap resamples of {@link Interval#CI68}. */
    static final int BOOTSTRAP_RESAMPLES = 10_000;

    /**
     * One cell.
     *
     * @param best the best value of each run, in input order
     * @param mean their mean
     * @param std  their sample standard deviation (NaN for a single run)
     */
    public record Cell(double[] best, double mean, double std) {
        /** Number of runs. */
        public int n() {
            return best.length;
        }
    }

    /** Significance level of the two-tailed Welch t-test that decides which cells are marked. */
    static final double ALPHA = 0.05;

    private static final String RULE = "best per row and those not significantly different from it (two-tailed Welch "
            + "t-test, p = " + ALPHA + ", n >= 2 per cell)";

    private record RowKey(String env, String other) { }

    /** Whether a row's cells could be compared. */
    private enum Comparison {
        /** Fewer than two cells: nothing to compare. */
        NONE,
        /** Some cell has a single run, too few for the test. */
        TOO_FEW_RUNS,
        /** Two or more cells with at least two runs each. */
        TESTED
    }

    private final Columns columns;
    private final String otherName;
    private final boolean showOther;
    private final List<RowKey> rows;
    private final List<String> columnNames;
    private final Map<RowKey, Map<String, Cell>> cells;
    private Interval interval = Interval.STD;

    private ResultTable(Columns columns, String otherName, boolean showOther, List<RowKey> rows,
                        List<String> columnNames, Map<RowKey, Map<String, Cell>> cells) {
        this.columns = columns;
        this.otherName = otherName;
        this.showOther = showOther;
        this.rows = rows;
        this.columnNames = columnNames;
        this.cells = cells;
    }

    /**
     * Builds the table; each run's best value is the maximum of its non-empty {@code metric} cells. Rows and
     * columns appear in the order of the runs.
     *
     * @throws IllegalArgumentException if a run lacks a needed config key or has no value of the metric
     */
    public static ResultTable of(List<RunResult> runs, String metric, Columns columns) {
        return of(runs, metric, columns.name().toLowerCase(Locale.ROOT));
    }

    /**
     * Builds the table with the values of any config key (a dotted path such as {@code policyConfig.init}) as columns;
     * rows are envs, split by the other keys that identify the runs (algorithm and its group keys) where they differ.
     * Keys joined by {@code +} (e.g. {@code policy+critic}) form the columns together.
     */
    public static ResultTable of(List<RunResult> runs, String metric, String columnKey) {
        Columns columns = columnKey.equals("algorithm") ? Columns.ALGORITHM : Columns.CRITIC;
        List<String> columnKeys = List.of(columnKey.split("\\+"));
        String otherKey = String.join(" ", runs.isEmpty() ? List.of() : runs.get(0).identityKeys().stream()
                .filter(k -> !k.equals("env") && !columnKeys.contains(k)).toList());
        Map<RowKey, Map<String, List<Double>>> values = new LinkedHashMap<>();
        Set<String> columnNames = new LinkedHashSet<>();
        Set<String> others = new LinkedHashSet<>();
        for (RunResult run : runs) {
            String otherValue = String.join(" ", run.identityKeys().stream()
                    .filter(k -> !k.equals("env") && !columnKeys.contains(k))
                    .map(k -> String.valueOf(org.hyperrl.algos.api.Configs.get(run.config(), k))).toList());
            others.add(otherValue);
            RowKey row = new RowKey(run.configValue("env"), otherValue);
            String column = run.configValue(columnKey);
            columnNames.add(column);
            double best = Arrays.stream(run.series(metric).values()).max().orElseThrow();
            values.computeIfAbsent(row, k -> new LinkedHashMap<>()).computeIfAbsent(column, k -> new ArrayList<>())
                    .add(best);
        }
        Map<RowKey, Map<String, Cell>> cells = new LinkedHashMap<>();
        for (Map.Entry<RowKey, Map<String, List<Double>>> row : values.entrySet()) {
            Map<String, Cell> rowCells = new LinkedHashMap<>();
            for (Map.Entry<String, List<Double>> c : row.getValue().entrySet()) {
                double[] best = c.getValue().stream().mapToDouble(Double::doubleValue).toArray();
                double std = best.length > 1 ? new StandardDeviation(true).evaluate(best) : Double.NaN;
                rowCells.put(c.getKey(), new Cell(best, new Mean().evaluate(best), std));
            }
            cells.put(row.getKey(), rowCells);
        }
        return new ResultTable(columns, otherKey, others.size() > 1, new ArrayList<>(values.keySet()),
                new ArrayList<>(columnNames), cells);
    }

    /** Column names (critics or algorithms) in order. */
    public List<String> columnNames() {
        return List.copyOf(columnNames);
    }

    /** The cell for an env and column, or null if no run has that combination (and a single other value). */
    public Cell cell(String env, String column) {
        for (RowKey row : rows) {
            if (row.env().equals(env)) {
                return cells.get(row).get(column);
            }
        }
        return null;
    }

    /** Renders the table; {@code plusMinus} is the symbol between mean and std in text and markdown. */
    public String render(Format format, String plusMinus) {
        List<String> header = new ArrayList<>();
        header.add("env");
        if (showOther) {
            header.add(otherName);
        }
        if (format == Format.CSV) {
            for (String c : columnNames) {
                header.addAll(List.of(c + "_mean", c + "_std", c + "_n"));
            }
            StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
            for (RowKey row : rows) {
                List<String> line = new ArrayList<>(leading(row));
                for (String c : columnNames) {
                    Cell cell = cells.get(row).get(c);
                    if (cell == null) {
                        line.addAll(List.of("", "", "0"));
                    } else {
                        line.addAll(List.of(Double.toString(cell.mean()),
                                Double.isNaN(cell.std()) ? "" : Double.toString(cell.std()),
                                Integer.toString(cell.n())));
                    }
                }
                csv.append(String.join(",", line)).append('\n');
            }
            return csv.toString();
        }
        Set<Comparison> comparisons = EnumSet.noneOf(Comparison.class);
        Map<RowKey, Set<String>> marked = new LinkedHashMap<>();
        for (RowKey row : rows) {
            comparisons.add(comparison(cells.get(row)));
            marked.put(row, markedColumns(cells.get(row)));
        }
        boolean anyMarked = marked.values().stream().anyMatch(m -> !m.isEmpty());
        // In text, a trailing space on every other cell keeps the columns aligned with the trailing '*'.
        String pad = format == Format.TEXT && anyMarked ? " " : "";
        for (String c : columnNames) {
            header.add(c + pad);
        }
        List<List<String>> body = new ArrayList<>();
        for (RowKey row : rows) {
            List<String> line = new ArrayList<>(leading(row));
            for (String c : columnNames) {
                Cell cell = cells.get(row).get(c);
                String text = cell == null ? "-" : formatCell(cell, plusMinus);
                if (!marked.get(row).contains(c)) {
                    text += pad;
                } else if (format == Format.MARKDOWN) {
                    text = "**" + text + "**";
                } else {
                    text += "*";
                }
                line.add(text);
            }
            body.add(line);
        }
        String table = format == Format.MARKDOWN ? markdown(header, body) : aligned(header, body);
        String note = note(comparisons, format);
        return note.isEmpty() ? table : table + "\n" + note + "\n";
    }

    private static Comparison comparison(Map<String, Cell> rowCells) {
        if (rowCells.size() < 2) {
            return Comparison.NONE;
        }
        return rowCells.values().stream().allMatch(c -> c.n() >= 2) ? Comparison.TESTED : Comparison.TOO_FEW_RUNS;
    }

    /**
     * The columns of a row that are marked: the cell with the best mean and every cell that the test does not tell
     * apart from it; none unless the row's cells were {@link Comparison#TESTED}.
     */
    private static Set<String> markedColumns(Map<String, Cell> rowCells) {
        if (comparison(rowCells) != Comparison.TESTED) {
            return Set.of();
        }
        Cell best = rowCells.values().stream().max(Comparator.comparingDouble(Cell::mean)).orElseThrow();
        Set<String> marked = new LinkedHashSet<>();
        for (Map.Entry<String, Cell> c : rowCells.entrySet()) {
            if (c.getValue() == best || !significantlyDifferent(best, c.getValue())) {
                marked.add(c.getKey());
            }
        }
        return marked;
    }

    private static boolean significantlyDifferent(Cell a, Cell b) {
        if (a.std() == 0 && b.std() == 0) {
            // Without spread the t statistic is undefined (commons-math returns NaN); such cells differ exactly when
            // their values do, e.g. every seed reaching the same maximum return.
            return a.mean() != b.mean();
        }
        return new TTest().tTest(a.best(), b.best()) < ALPHA;
    }

    /** The line under the table naming the rule, or "" if no row had two cells to compare. */
    private static String note(Set<Comparison> comparisons, Format format) {
        boolean tested = comparisons.contains(Comparison.TESTED);
        boolean tooFew = comparisons.contains(Comparison.TOO_FEW_RUNS);
        String label = format == Format.MARKDOWN ? "Bold" : "Marked *";
        String word = format == Format.MARKDOWN ? "bold" : "marked";
        if (tested && tooFew) {
            return label + ": " + RULE + "; nothing " + word + " in rows where a cell has a single run.";
        }
        if (tested) {
            return label + ": " + RULE + ".";
        }
        if (tooFew) {
            return "Nothing " + word + ": some cells have a single run, and the two-tailed Welch t-test (p = " + ALPHA
                    + ") that decides what is " + word + " needs n >= 2 per cell.";
        }
        return "";
    }

    /**
     * "mean ± std (n)" with one decimal, or "mean [lo, hi] (n)" with the 68% bootstrap interval; a single run shows
     * "mean (1)".
     */
    String formatCell(Cell cell, String plusMinus) {
        if (cell.n() == 1) {
            return String.format(Locale.ROOT, "%.1f (1)", cell.mean());
        }
        if (interval == Interval.CI68) {
            double[] ci = bootstrapInterval(cell.best(), 0.68);
            return String.format(Locale.ROOT, "%.1f [%.1f, %.1f] (%d)", cell.mean(), ci[0], ci[1], cell.n());
        }
        return String.format(Locale.ROOT, "%.1f %s %.1f (%d)", cell.mean(), plusMinus, cell.std(), cell.n());
    }

    /**
     * The central {@code level} percentile interval of the bootstrap distribution of the mean of {@code values}
     * ({@value #BOOTSTRAP_RESAMPLES} resamples with replacement, seed 0, so a table is reproducible).
     */
    static double[] bootstrapInterval(double[] values, double level) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(0);
        double[] means = new double[BOOTSTRAP_RESAMPLES];
        for (int r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
            double sum = 0;
            for (int i = 0; i < values.length; i++) {
                sum += values[rng.nextInt(values.length)];
            }
            means[r] = sum / values.length;
        }
        java.util.Arrays.sort(means);
        double tail = (1 - level) / 2;
        int lo = (int) Math.floor(tail * (BOOTSTRAP_RESAMPLES - 1));
        int hi = (int) Math.ceil((1 - tail) * (BOOTSTRAP_RESAMPLES - 1));
        return new double[]{means[lo], means[hi]};
    }

    /** This table showing {@code spread} next to each mean. */
    public ResultTable withInterval(Interval spread) {
        ResultTable t = new ResultTable(columns, otherName, showOther, rows, columnNames, cells);
        t.interval = spread;
        return t;
    }

    private List<String> leading(RowKey row) {
        return showOther ? List.of(row.env(), row.other()) : List.of(row.env());
    }

    private static String markdown(List<String> header, List<List<String>> body) {
        StringBuilder s = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) {
            s.append(i == 0 ? "---|" : "---:|");
        }
        s.append('\n');
        for (List<String> line : body) {
            s.append("| ").append(String.join(" | ", line)).append(" |\n");
        }
        return s.toString();
    }

    private static String aligned(List<String> header, List<List<String>> body) {
        int[] width = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(body);
        for (List<String> line : all) {
            for (int i = 0; i < line.size(); i++) {
                width[i] = Math.max(width[i], line.get(i).length());
            }
        }
        StringBuilder s = new StringBuilder();
        for (List<String> line : all) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                if (i > 0) {
                    l.append("   ");
                }
                String cell = line.get(i);
                String pad = " ".repeat(width[i] - cell.length());
                l.append(i == 0 ? cell + pad : pad + cell);
            }
            s.append(l.toString().stripTrailing()).append('\n');
        }
        return s.toString();
    }
}
