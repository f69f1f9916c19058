package org.hyperrl.bench.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * Child process for {@link ProgressLogTest}: appends rows as fast as it can until it is killed (and stops by itself
 * after 60 s, so an orphan cannot fill the disk).
 */
public final class ProgressLogWriter {
    static final List<String> COLUMNS = List.of("step", "a", "b", "c");

    private ProgressLogWriter() {
    }

    static double valueA(long step) {
        return step * 0.001 - 17.5;
    }

    public static void main(String[] args) {
        try (ProgressLog log = ProgressLog.create(Path.of(args[0]), COLUMNS)) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            for (long step = 0; System.nanoTime() < deadline; step++) {
                log.append(step, valueA(step), Math.sqrt(step), step % 7 == 0 ? Double.NaN : -step);
            }
        }
    }
}
