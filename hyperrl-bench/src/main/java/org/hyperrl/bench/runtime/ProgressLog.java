package org.hyperrl.bench.runtime;

import org.hyperrl.algos.api.Columns;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Appends rows to {@code progress.csv}. The header is fixed when the log is created and its first column is always
 * {@code step}; cells are numbers, and NaN is written as an empty cell.
 *
 * <p>Each row reaches the file as one complete line in a single write, so a killed process leaves at most one
 * unfinished last line, which {@link #openForResume} removes. {@link #truncateAfter} drops the rows logged after the
 * checkpoint a run resumes from, replacing the file atomically. Call {@link #sync} before writing a checkpoint so
 * that the rows it covers survive a power loss too. Instances are thread-safe.
 */
public final class ProgressLog implements Closeable {
    private final Path file;
    private final List<String> columns;
    private final Map<String, Integer> index = new HashMap<>();
    private FileChannel channel;
    private long lastStep;

    private ProgressLog(Path file, List<String> columns, long lastStep) {
        this.file = file;
        this.columns = List.copyOf(columns);
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i), i);
        }
        this.lastStep = lastStep;
        this.channel = openAppend(file);
    }

    /**
     * Creates {@code file} with a header line of {@code columns}.
     *
     * @throws IllegalArgumentException if the columns are invalid (first must be {@code step}, no duplicates, no
     *                                  commas, quotes or line breaks)
     * @throws IllegalStateException    if {@code file} already exists
     */
    public static ProgressLog create(Path file, List<String> columns) {
        validateColumns(columns);
        if (Files.exists(file)) {
            throw new IllegalStateException(file + " already exists; a new run needs a new directory");
        }
        AtomicFiles.writeString(file, String.join(",", columns) + "\n");
        return new ProgressLog(file, columns, -1);
    }

    /**
     * Opens an existing {@code file} to append after a resume. An unfinished last line (no newline: the process was
     * killed while writing it) is cut off; a file holding less than its header gets the header again. A file written
     * by an earlier version whose columns are all among {@code columns}, in the same order, is widened to them (the
     * new columns empty in the old rows), rewritten atomically.
     *
     * @throws IllegalStateException if the file is missing, its columns cannot be widened to {@code columns}, or a
     *                               row's step is not a number
     */
    public static ProgressLog openForResume(Path file, List<String> columns) {
        validateColumns(columns);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("cannot resume: " + file + " does not exist");
        }
        String header = String.join(",", columns);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        // '\n' never occurs inside a multi-byte UTF-8 sequence, so cutting after the last one is safe on bytes.
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end == 0) {
            AtomicFiles.writeString(file, header + "\n");
            return new ProgressLog(file, columns, -1);
        }
        if (end < bytes.length) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(end);
                ch.force(true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot repair " + file + ": " + e.getMessage(), e);
            }
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        if (!lines[0].equals(header)) {
            lines = widen(file, lines, columns);
        }
        long last = lines.length > 1 ? stepOf(file, lines[lines.length - 1], lines.length) : -1;
        return new ProgressLog(file, columns, last);
    }

    /**
     * The lines of a progress file with fewer columns, widened to {@code columns} and written back atomically.
     *
     * @throws IllegalStateException if an old column is not among {@code columns} or the order differs
     */
    private static String[] widen(Path file, String[] lines, List<String> columns) {
        String[] old = lines[0].split(",", -1);
        int[] position = new int[old.length];
        int previous = -1;
        for (int i = 0; i < old.length; i++) {
            position[i] = columns.indexOf(old[i]);
            if (position[i] <= previous) {
                throw new IllegalStateException(file + " has columns [" + lines[0] + "] but this run logs ["
                        + String.join(",", columns) + "]; it was written by a different algorithm or version");
            }
            previous = position[i];
        }
        String[] out = new String[lines.length];
        out[0] = String.join(",", columns);
        for (int r = 1; r < lines.length; r++) {
            String[] cells = lines[r].split(",", -1);
            String[] wide = new String[columns.size()];
            java.util.Arrays.fill(wide, "");
            for (int i = 0; i < Math.min(cells.length, old.length); i++) {
                wide[position[i]] = cells[i];
            }
            out[r] = String.join(",", wide);
        }
        AtomicFiles.writeString(file, String.join("\n", out) + "\n");
        return out;
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    /** The column names, {@code step} first. */
    public List<String> columns() {
        return columns;
    }

    /** The step of the last row written, or -1 if there is none. */
    public synchronized long lastStep() {
        return lastStep;
    }

    /**
     * Appends one row; {@code values} are in column order, {@code values[0]} being the step. NaN becomes an empty
     * cell.
     *
     * @throws IllegalArgumentException if the number of values differs from the number of columns, or the step is
     *                                  not a non-negative integer or is smaller than the previous row's
     */
    public synchronized void append(double... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("progress row has " + values.length + " values but " + file
                    + " has " + columns.size() + " columns " + columns);
        }
        double step = values[0];
        if (!(step >= 0) || step != Math.rint(step)) {
            throw new IllegalArgumentException("progress step must be a non-negative integer, got " + step);
        }
        if ((long) step < lastStep) {
            throw new IllegalArgumentException("progress step " + (long) step + " is before the last logged step "
                    + lastStep);
        }
        StringBuilder line = new StringBuilder(16 * values.length);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(format(values[i]));
        }
        line.append('\n');
        writeLine(line.toString());
        lastStep = (long) step;
    }

    /**
     * Appends one row given by column name; columns not in {@code values} (and null or NaN values) become empty
     * cells.
     *
     * @throws IllegalArgumentException if {@code values} names a column this log does not have, or sets the step
     */
    public void append(long step, Map<String, ? extends Number> values) {
        double[] row = new double[columns.size()];
        java.util.Arrays.fill(row, Double.NaN);
        row[0] = step;
        for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
            Integer i = index.get(e.getKey());
            if (i == null) {
                throw new IllegalArgumentException("unknown progress column '" + e.getKey() + "'; " + file
                        + " has " + columns);
            }
            if (i == 0) {
                throw new IllegalArgumentException("the step is passed as its own argument, not in the value map");
            }
            row[i] = e.getValue() == null ? Double.NaN : e.getValue().doubleValue();
        }
        append(row);
    }

    /** Forces the rows written so far to the storage device. */
    public synchronized void sync() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Drops every row whose step is greater than {@code step} (used on resume: rows logged after the checkpoint
     * will be logged again). The file is rewritten through a temporary file and an atomic rename.
     *
     * @return the number of rows dropped
     * @throws IllegalStateException if a row's step is not a number
     */
    public synchronized int truncateAfter(long step) {
        closeChannel();
        String text = readString(file);
        String[] lines = text.substring(0, text.lastIndexOf('\n') + 1).split("\n");
        StringBuilder kept = new StringBuilder(text.length());
        kept.append(lines[0]).append('\n');
        long last = -1;
        int dropped = 0;
        for (int i = 1; i < lines.length; i++) {
            long rowStep = stepOf(file, lines[i], i + 1);
            if (rowStep > step) {
                dropped++;
            } else {
                kept.append(lines[i]).append('\n');
                last = Math.max(last, rowStep);
            }
        }
        if (dropped > 0 || text.length() != kept.length()) {
            AtomicFiles.writeString(file, kept.toString());
        }
        lastStep = last;
        channel = openAppend(file);
        return dropped;
    }

    /** Closes the file. */
    @Override
    public synchronized void close() {
        closeChannel();
    }

    /** Formats a cell: empty for NaN, an integer without a fraction, else Java's round-trip decimal. */
    static String format(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private void writeLine(String line) {
        if (channel == null) {
            throw new IllegalStateException(file + " is closed");
        }
        ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        try {
            // One write call for the whole line; the loop only guards against a short write (e.g. a full disk).
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
            } finally {
                channel = null;
            }
        }
    }

    private static FileChannel openAppend(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + " for appending: " + e.getMessage(), e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static long stepOf(Path file, String line, int lineNumber) {
        int comma = line.indexOf(',');
        String cell = comma < 0 ? line : line.substring(0, comma);
        try {
            return Long.parseLong(cell);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " line " + lineNumber + ": step '" + cell
                    + "' is not an integer");
        }
    }

    private static void validateColumns(List<String> columns) {
        if (columns.isEmpty() || !Columns.STEP.name().equals(columns.get(0))) {
            throw new IllegalArgumentException("the first progress column must be '" + Columns.STEP.name()
                    + "', got " + columns);
        }
        Set<String> seen = new HashSet<>();
        for (String c : columns) {
            if (c.isEmpty() || c.chars().anyMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')) {
                throw new IllegalArgumentException("invalid progress column name '" + c
                        + "': it must be non-empty without commas, quotes or line breaks");
            }
            if (!seen.add(c)) {
                throw new IllegalArgumentException("duplicate progress column '" + c + "' in " + columns);
            }
        }
    }
}
