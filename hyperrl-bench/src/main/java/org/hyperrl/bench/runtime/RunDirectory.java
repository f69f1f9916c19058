package org.hyperrl.bench.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The directory of one training run. Its layout is fixed:
 * <pre>
 * config.json     resolved configuration (a JSON object; keys algorithm, env, critic, seed are used for grouping)
 * run.json        provenance ({@link RunInfo})
 * progress.csv    one row per logged step ({@link ProgressLog}, columns in {@link org.hyperrl.algos.api.Columns})
 * checkpoints/    checkpoint files, written by the algorithm
 * </pre>
 * {@link #create} starts a new run and refuses a directory that already holds anything; {@link #open} opens an
 * existing run (to resume, evaluate, plot or tabulate it) and never writes.
 */
public final class RunDirectory {
    /** Resolved configuration file name. */
    public static final String CONFIG_FILE = "config.json";
    /** Provenance file name. */
    public static final String RUN_INFO_FILE = "run.json";
    /** Progress log file name. */
    public static final String PROGRESS_FILE = "progress.csv";
    /** Checkpoint directory name. */
    public static final String CHECKPOINTS_DIR = "checkpoints";

    private final Path dir;
    private final Map<String, Object> config;

    private RunDirectory(Path dir, Map<String, Object> config) {
        this.dir = dir;
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /**
     * Creates a new run in {@code dir} (created if missing) and writes {@code config.json} from {@code config} and
     * {@code run.json} describing this process, both atomically, and an empty {@code checkpoints/}.
     *
     * @param config   the resolved configuration: a {@code Map<String, Object>} or a Jackson-serialisable record
     * @param rootSeed the run's root seed, recorded in {@code run.json}
     * @throws IllegalStateException    if {@code dir} exists and is not an empty directory (nothing is touched)
     * @throws IllegalArgumentException if {@code config} does not serialise to a JSON object
     */
    public static RunDirectory create(Path dir, Object config, long rootSeed) {
        Map<String, Object> configMap = Json.toObjectMap(config);
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException("output directory " + dir + " exists and is not a directory; "
                        + "pass a new --out");
            }
            if (!isEmptyDirectory(dir)) {
                throw new IllegalStateException("output directory " + dir + " is not empty; pass a new --out, "
                        + "or use 'hyperrl resume " + dir + "' to continue the run in it");
            }
        }
        try {
            Files.createDirectories(dir.resolve(CHECKPOINTS_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + dir + ": " + e.getMessage(), e);
        }
        Json.write(dir.resolve(CONFIG_FILE), configMap);
        Json.write(dir.resolve(RUN_INFO_FILE), RunInfo.current(rootSeed));
        return new RunDirectory(dir, configMap);
    }

    /**
     * Opens an existing run: checks that {@code config.json} exists and reads it. Writes nothing.
     *
     * @throws IllegalArgumentException if {@code dir} is missing or holds no {@code config.json}
     * @throws IllegalStateException    if {@code config.json} is not a JSON object
     */
    public static RunDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("run directory " + dir + " does not exist");
        }
        Path configFile = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException(dir + " is not a run directory: it has no " + CONFIG_FILE);
        }
        return new RunDirectory(dir, Json.readObject(configFile));
    }

    /** The run directory. */
    public Path dir() {
        return dir;
    }

    /** The resolved configuration as read from or written to {@code config.json} (unmodifiable). */
    public Map<String, Object> config() {
        return config;
    }

    /** The resolved configuration converted to {@code type} (e.g. the config record it was written from). */
    public <T> T config(Class<T> type) {
        return Json.convert(config, type);
    }

    /** A configuration value as a string, or null if absent. */
    public String configString(String key) {
        Object value = config.get(key);
        return value == null ? null : value.toString();
    }

    /** {@code config.json}. */
    public Path configFile() {
        return dir.resolve(CONFIG_FILE);
    }

    /** {@code run.json}. */
    public Path runInfoFile() {
        return dir.resolve(RUN_INFO_FILE);
    }

    /** {@code progress.csv}. */
    public Path progressFile() {
        return dir.resolve(PROGRESS_FILE);
    }

    /** {@code checkpoints/}. */
    public Path checkpointsDir() {
        return dir.resolve(CHECKPOINTS_DIR);
    }

    /** Reads {@code run.json}. */
    public RunInfo runInfo() {
        Path file = runInfoFile();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("run directory " + dir + " has no " + RUN_INFO_FILE);
        }
        return Json.convert(Json.readObject(file), RunInfo.class);
    }

    /**
     * Appends the current time to {@code resumed_at} in {@code run.json} (atomically). Call it once a resume has
     * been validated (checkpoint matches the config), so that a refused resume leaves the directory untouched.
     */
    public void recordResume() {
        Json.write(runInfoFile(), runInfo().withResumeNow());
    }

    /** Creates {@code progress.csv} with the given columns ({@link ProgressLog#create}). */
    public ProgressLog createProgressLog(List<String> columns) {
        return ProgressLog.create(progressFile(), columns);
    }

    /** Opens {@code progress.csv} to append after a resume ({@link ProgressLog#openForResume}). */
    public ProgressLog openProgressLog(List<String> columns) {
        return ProgressLog.openForResume(progressFile(), columns);
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "RunDirectory[" + dir + "]";
    }
}
