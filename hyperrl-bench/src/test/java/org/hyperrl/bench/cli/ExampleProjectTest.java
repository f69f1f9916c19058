package org.hyperrl.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.hyperrl.algos.api.Extension;
import org.hyperrl.core.critic.Critics;
import org.hyperrl.envs.registry.EnvRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user project in {@code docs/examples/custom-parts} (its own critic and env, registered from outside HyperRL)
 * compiles against this build's classes, its extension is found through {@link ServiceLoader}, the command line lists
 * its parts, and its program trains TD3 with them. (Its {@code pom.xml}, which builds the same sources against the
 * installed artifacts, is not run here: that needs {@code mvn install} first.)
 */
class ExampleProjectTest {
    @TempDir
    Path out;

    @Test
    void userProjectCompilesRegistersItsPartsAndTrains() throws Exception {
        Path project = findProject();
        List<String> sources;
        try (Stream<Path> files = Files.walk(project.resolve("src/main/java"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp", classPath, "--release", "17"));
        args.addAll(sources);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, args.toArray(String[]::new));
        assertEquals(0, rc, "the example compiles against this build: " + errors.toString(StandardCharsets.UTF_8));
        Path services = project.resolve("src/main/resources/META-INF/services");
        Files.createDirectories(out.resolve("META-INF/services"));
        try (Stream<Path> files = Files.list(services)) {
            for (Path f : files.toList()) {
                Files.copy(f, out.resolve("META-INF/services").resolve(f.getFileName()));
            }
        }

        try (URLClassLoader loader = new URLClassLoader(new URL[]{out.toUri().toURL()}, getClass().getClassLoader())) {
            List<Extension> found = new ArrayList<>();
            ServiceLoader.load(Extension.class, loader).forEach(found::add);
            assertEquals(1, found.size(), "the example's extension is listed in META-INF/services");
            found.get(0).register();
            assertTrue(Critics.descriptions().containsKey("gated"));
            assertTrue(EnvRegistry.ids().contains("TargetReaching"));

            SyntheticRuns.Result list = SyntheticRuns.execute("list");
            assertTrue(list.out().contains("  gated ") && list.out().contains("  TargetReaching "), list.out());

            PrintStream original = System.out;
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                loader.loadClass("org.example.hyperrl.TrainOnTarget").getMethod("main", String[].class)
                        .invoke(null, (Object) new String[]{"900"});
            } finally {
                System.setOut(original);
            }
            String text = printed.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("step 900: eval return") && text.contains("final: mean return"), text);
        }
    }

    private static Path findProject() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path p = dir.resolve("docs/examples/custom-parts");
            if (Files.isDirectory(p)) {
                return p;
            }
            dir = dir.getParent();
        }
        throw new IOException("docs/examples/custom-parts not found above " + new File("").getAbsolutePath());
    }
}
