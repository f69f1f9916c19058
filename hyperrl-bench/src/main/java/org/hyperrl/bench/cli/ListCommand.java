package org.hyperrl.bench.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.hyperrl.algos.api.Algorithm;
import org.hyperrl.algos.api.Algorithms;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.NetworkOption;
import org.hyperrl.algos.api.Preset;
import org.hyperrl.envs.registry.EnvRegistry;
import org.hyperrl.envs.registry.EnvSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hyperrl list}: the algorithms, their network options (critics, ...), env ids and presets {@code hyperrl train} accepts, and the keys
 * {@code --set} accepts for each algorithm with their values in its default preset.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List algorithms, critics, envs, presets and the config keys of each algorithm.")
public final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Algorithm<?>> algorithms = Algorithms.all();

        out.println("Algorithms (--algo):");
        Map<String, String> rows = new LinkedHashMap<>();
        algorithms.forEach(a -> rows.put(a.id(), a.description()));
        print(out, rows);

        for (Algorithm<?> a : algorithms) {
            for (NetworkOption n : a.networks()) {
                out.println();
                out.println("Network option --" + n.key() + " of " + a.id() + " (" + n.description() + "; default "
                        + n.defaultValue() + "):");
                print(out, n.choices().get());
            }
        }

        out.println();
        out.println("Envs (--env; options with --set envOptions.NAME=VALUE):");
        rows.clear();
        for (String id : EnvRegistry.ids()) {
            EnvSpec s = EnvRegistry.spec(id);
            String options = s.options().stream().map(o -> o.name() + "=" + o.defaultValue())
                    .collect(Collectors.joining(", "));
            rows.put(id, s.description() + (options.isEmpty() ? "" : " [" + options + "]"));
        }
        print(out, rows);

        out.println();
        out.println("Presets (--preset):");
        rows.clear();
        for (Algorithm<?> a : algorithms) {
            for (Preset<?> p : a.presets()) {
                rows.put(a.id() + " " + p.name(), p.description());
            }
        }
        print(out, rows);

        for (Algorithm<?> a : algorithms) {
            Preset<?> preset = a.defaultPreset();
            Map<String, Object> values = Configs.encode(a.config(preset.name(), "Pendulum", Map.of()));
            out.println();
            out.println("Keys of " + a.id() + " (--set KEY=VALUE; values of preset " + preset.name()
                    + " with the default networks):");
            rows.clear();
            for (String key : Configs.keys(a.configType())) {
                rows.put(key, String.valueOf(Configs.get(values, key)));
            }
            print(out, rows);
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, Map<String, String> rows) {
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
        rows.forEach((k, v) -> out.println("  " + k + " ".repeat(width - k.length() + 2) + v));
    }
}
