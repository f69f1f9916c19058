package org.hyperrl.bench.cli;

import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

import java.util.ArrayList;
import java.util.Arrays;
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
 */
public final class ResultTable {

    /** The dimension that forms the columns. */
    public enum Columns { CRITIC, ALGORITHM }

    /** Output formats. */
    public enum Format { TEXT, MARKDOWN, CSV }

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

    private record RowKey(String env, String other) { }

    private final Columns columns;
    private final String otherName;
    private final boolean showOther;
    private final List<RowKey> rows;
    private final List<String> columnNames;
    private final Map<RowKey, Map<String, Cell>> cells;

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
        String columnKey = columns.name().toLowerCase(Locale.ROOT);
        String otherKey = columns == Columns.CRITIC ? "algorithm" : "critic";
        Map<RowKey, Map<String, List<Double>>> values = new LinkedHashMap<>();
        Set<String> columnNames = new LinkedHashSet<>();
        Set<String> others = new LinkedHashSet<>();
        for (RunResult run : runs) {
            Object other = run.config().get(otherKey);
            String otherValue = other == null ? "" : other.toString();
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
        header.addAll(columnNames);
        List<List<String>> body = new ArrayList<>();
        for (RowKey row : rows) {
            List<String> line = new ArrayList<>(leading(row));
            Map<String, Cell> rowCells = cells.get(row);
            double bestMean = rowCells.values().stream().mapToDouble(Cell::mean).max().orElse(Double.NaN);
            for (String c : columnNames) {
                Cell cell = rowCells.get(c);
                String text = cell == null ? "-" : formatCell(cell, plusMinus);
                if (format == Format.MARKDOWN && cell != null && rowCells.size() > 1 && cell.mean() == bestMean) {
                    text = "**" + text + "**";
                }
                line.add(text);
            }
            body.add(line);
        }
        return format == Format.MARKDOWN ? markdown(header, body) : aligned(header, body);
    }

    /** "mean ± std (n)" with one decimal; a single run shows "mean (1)". */
    static String formatCell(Cell cell, String plusMinus) {
        if (cell.n() == 1) {
            return String.format(Locale.ROOT, "%.1f (1)", cell.mean());
        }
        return String.format(Locale.ROOT, "%.1f %s %.1f (%d)", cell.mean(), plusMinus, cell.std(), cell.n());
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
