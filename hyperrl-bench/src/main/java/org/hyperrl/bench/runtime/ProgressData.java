package org.hyperrl.bench.runtime;

import org.hyperrl.algos.api.Columns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of a {@code progress.csv} read back as numbers (empty cells are NaN). A last line without a newline is
 * a row still being written by a live run and is ignored.
 */
public final class ProgressData {
    private final Path file;
    private final List<String> columns;
    private final double[][] byColumn;

    private ProgressData(Path file, List<String> columns, double[][] byColumn) {
        this.file = file;
        this.columns = List.copyOf(columns);
        this.byColumn = byColumn;
    }

    /**
     * A metric over steps: the rows where the metric's cell is not empty.
     *
     * @param steps  steps, in file order
     * @param values the metric at those steps
     */
    public record Series(long[] steps, double[] values) {
        /** Number of points. */
        public int size() {
            return steps.length;
        }
    }

    /**
     * Reads {@code file}.
     *
     * @throws IllegalArgumentException if the file is missing or has no header, the first column is not
     *                                  {@code step}, or a row has the wrong number of cells or a cell that is not a
     *                                  number (the message names the file and line)
     */
    public static ProgressData read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + file.getFileName() + " in " + describeParent(file));
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        int end = text.lastIndexOf('\n') + 1;
        if (end == 0) {
            throw new IllegalArgumentException(file + " is empty (the run has not logged anything yet)");
        }
        String[] lines = text.substring(0, end).split("\n", -1);
        int n = lines.length - 1;
        List<String> columns = Arrays.asList(stripCr(lines[0]).split(",", -1));
        if (!Columns.STEP.name().equals(columns.get(0))) {
            throw new IllegalArgumentException(file + " line 1: the first column must be '" + Columns.STEP.name()
                    + "', found '" + columns.get(0) + "'");
        }
        double[][] byColumn = new double[columns.size()][n - 1];
        for (int r = 1; r < n; r++) {
            String[] cells = stripCr(lines[r]).split(",", -1);
            if (cells.length != columns.size()) {
                throw new IllegalArgumentException(file + " line " + (r + 1) + ": expected " + columns.size()
                        + " cells, found " + cells.length);
            }
            for (int c = 0; c < cells.length; c++) {
                byColumn[c][r - 1] = parse(file, r + 1, columns.get(c), cells[c]);
            }
            if (Double.isNaN(byColumn[0][r - 1])) {
                throw new IllegalArgumentException(file + " line " + (r + 1) + ": the step is empty");
            }
        }
        return new ProgressData(file, columns, byColumn);
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** Column names, {@code step} first. */
    public List<String> columns() {
        return columns;
    }

    /** Number of rows (not counting the header). */
    public int rowCount() {
        return byColumn[0].length;
    }

    /** Whether there is a column of that name. */
    public boolean hasColumn(String name) {
        return columns.contains(name);
    }

    /**
     * One column's values (a copy; empty cells are NaN).
     *
     * @throws IllegalArgumentException if there is no such column (the message lists the columns)
     */
    public double[] column(String name) {
        return byColumn[indexOf(name)].clone();
    }

    /** The non-empty values of {@code metric} with their steps. */
    public Series series(String metric) {
        return series(metric, columns.get(0));
    }

    /**
     * The values of {@code metric} against another column {@code x} (e.g. {@code iteration}; truncated to whole
     * numbers), on the rows where both are non-empty.
     */
    public Series series(String metric, String x) {
        double[] values = byColumn[indexOf(metric)];
        double[] steps = byColumn[indexOf(x)];
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i]) && !Double.isNaN(steps[i])) {
                keep.add(i);
            }
        }
        long[] s = new long[keep.size()];
        double[] v = new double[keep.size()];
        for (int k = 0; k < s.length; k++) {
            s[k] = (long) steps[keep.get(k)];
            v[k] = values[keep.get(k)];
        }
        return new Series(s, v);
    }

    private int indexOf(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + name + "' in " + file + "; its columns are "
                    + String.join(", ", columns));
        }
        return i;
    }

    private static double parse(Path file, int line, String column, String cell) {
        if (cell.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + line + ": column '" + column + "' holds '" + cell
                    + "', which is not a number");
        }
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String describeParent(Path file) {
        Path parent = file.getParent();
        return "run directory " + (parent == null ? "." : parent.toString());
    }
}
