package org.hyperrl.algos.api;

import java.util.regex.Pattern;

/**
 * One column of a run's {@code progress.csv}. Algorithms declare the columns they write (see
 * {@link Algorithm#columns()}) and record values under these constants, so the writer of a value and the reader of
 * the file (plots, tables) cannot disagree on a name.
 *
 * @param name        the CSV header, lower snake case
 * @param description one line for documentation and {@code hyperrl list}
 */
public record Column(String name, String description) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    public Column {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("column name '" + name + "' must be lower snake case ([a-z][a-z0-9_]*)");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
