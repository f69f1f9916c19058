package org.hyperrl.bench.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Provenance of a run, stored as {@code run.json} with snake_case keys: what code and machine produced it, when,
 * and from which seed. Unknown keys are ignored when reading, so older code can read newer files.
 *
 * @param hyperrlVersion version of HyperRL ({@code unknown} if it cannot be determined)
 * @param gitRevision    commit of the HyperRL working tree the code was loaded from, or {@code unknown}
 * @param gitDirty       whether that working tree had uncommitted changes to tracked files (false if unknown)
 * @param javaVersion    {@code java.version}
 * @param javaVm         JVM vendor and name
 * @param nd4jVersion    version of the ND4J jars on the class path, or {@code none}
 * @param nd4jBackend    ND4J backend artifact on the class path (e.g. {@code nd4j-native}), or {@code none}
 * @param os             operating system name and version
 * @param arch           {@code os.arch}
 * @param cores          available processors
 * @param startTime      ISO-8601 start time with offset
 * @param rootSeed       the root seed every random consumer of the run is split from
 * @param resumedAt      ISO-8601 times at which the run was resumed, oldest first
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunInfo(String hyperrlVersion, String gitRevision, boolean gitDirty, String javaVersion, String javaVm,
                      String nd4jVersion, String nd4jBackend, String os, String arch, int cores, String startTime,
                      long rootSeed, List<String> resumedAt) {

    /** Unknown values are spelled like this. */
    public static final String UNKNOWN = "unknown";

    private static final String[] ND4J_BACKENDS = {"nd4j-native", "nd4j-cuda-11.6", "nd4j-cuda-11.8", "nd4j-cuda-12.1"};

    /** Canonical constructor; {@code resumedAt} is copied. */
    public RunInfo {
        resumedAt = resumedAt == null ? List.of() : List.copyOf(resumedAt);
    }

    /** Describes the current process, started now, for a run with the given root seed. */
    public static RunInfo current(long rootSeed) {
        Path source = codeLocation();
        String revision = source == null ? UNKNOWN : git(source, "rev-parse", "HEAD");
        boolean dirty = false;
        if (!UNKNOWN.equals(revision)) {
            String status = git(source, "status", "--porcelain", "--untracked-files=no");
            dirty = !status.isEmpty() && !UNKNOWN.equals(status);
        }
        String backend = "none";
        for (String candidate : ND4J_BACKENDS) {
            if (pomVersion("org.nd4j", candidate) != null) {
                backend = candidate;
                break;
            }
        }
        String nd4j = pomVersion("org.nd4j", "nd4j-api");
        return new RunInfo(detectHyperrlVersion(), revision, dirty, System.getProperty("java.version"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name"),
                nd4j == null ? "none" : nd4j, backend,
                System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), now(), rootSeed, List.of());
    }

    /** This record with one more resume time (now) appended. */
    public RunInfo withResumeNow() {
        List<String> times = new ArrayList<>(resumedAt);
        times.add(now());
        return new RunInfo(hyperrlVersion, gitRevision, gitDirty, javaVersion, javaVm, nd4jVersion, nd4jBackend, os,
                arch, cores, startTime, rootSeed, times);
    }

    static String now() {
        return OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).withOffsetSameInstant(ZoneOffset.UTC)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /**
     * The HyperRL version: from the packaged jar's Maven metadata, else from the {@code hyperrl} command's declared
     * version (the two are kept equal by the build), else {@code unknown}.
     */
    static String detectHyperrlVersion() {
        String fromPom = pomVersion("org.hyperrl", "hyperrl-bench");
        if (fromPom != null) {
            return fromPom;
        }
        String fromManifest = RunInfo.class.getPackage().getImplementationVersion();
        if (fromManifest != null) {
            return fromManifest;
        }
        picocli.CommandLine.Command command = org.hyperrl.bench.Hyperrl.class.getAnnotation(picocli.CommandLine.Command.class);
        if (command != null && command.version().length > 0) {
            String[] words = command.version()[0].trim().split("\\s+");
            return words[words.length - 1];
        }
        return UNKNOWN;
    }

    /** The version in a jar's {@code META-INF/maven/GROUP/ARTIFACT/pom.properties}, or null if absent. */
    static String pomVersion(String group, String artifact) {
        String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        ClassLoader loader = RunInfo.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }

    /** The directory (or jar's directory) this class was loaded from, or null. */
    private static Path codeLocation() {
        try {
            URL url = RunInfo.class.getProtectionDomain().getCodeSource().getLocation();
            Path path = Path.of(url.toURI());
            return Files.isDirectory(path) ? path : path.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** Output of {@code git -C dir args...} (trimmed), or {@code unknown} if git is missing or fails. */
    private static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return UNKNOWN;
            }
            return process.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : UNKNOWN;
        } catch (IOException e) {
            return UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        }
    }
}
