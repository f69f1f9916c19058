package org.hyperrl.bench.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.hyperrl.core.critic.CriticType;
import org.hyperrl.envs.registry.EnvRegistry;
import org.hyperrl.envs.registry.EnvSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hyperrl list}: the algorithms, critics, env ids and presets {@code hyperrl train} accepts, and the keys
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
        List<Algorithms.Algorithm<?>> algorithms = Algorithms.all();

        out.println("Algorithms (--algo):");
        Map<String, String> rows = new LinkedHashMap<>();
        algorithms.forEach(a -> rows.put(a.id(), a.description()));
        print(out, rows);

        out.println();
        out.println("Critics (--critic):");
        rows.clear();
        for (CriticType c : CriticType.values()) {
            rows.put(c.id(), describe(c));
        }
        print(out, rows);

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
        for (Algorithms.Algorithm<?> a : algorithms) {
            for (Algorithms.Preset<?> p : a.presets()) {
                rows.put(a.id() + " " + p.name(), p.description());
            }
        }
        print(out, rows);

        for (Algorithms.Algorithm<?> a : algorithms) {
            Algorithms.Preset<?> preset = a.defaultPreset();
            Map<String, Object> values = ConfigCodec.encode(preset.build().apply(CriticType.SA_HYPER, "Pendulum"));
            out.println();
            out.println("Keys of " + a.id() + " (--set KEY=VALUE; values of preset " + preset.name()
                    + " with sa-hyper):");
            rows.clear();
            for (String key : ConfigCodec.keys(a.configType())) {
                rows.put(key, String.valueOf(ConfigCodec.get(values, key)));
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

    /** One line per critic type; the switch fails to compile when a type is added without a description. */
    static String describe(CriticType c) {
        return switch (c) {
            case SA_HYPER -> "hypernetwork: primary network on the state, dynamic network on the action (the paper's)";
            case AS_HYPER -> "hypernetwork with the roles reversed: primary on the action, dynamic on the state";
            case EMB_HYPER -> "hypernetwork whose meta-variable is a learned embedding of size 5";
            case MLP_STANDARD -> "MLP, two hidden layers of 256";
            case MLP_SMALL -> "MLP, one hidden layer of 256";
            case MLP_LARGE -> "MLP, two hidden layers of 2900";
            case RESNET_FEATURES -> "primary ResNet makes 10 state features; MLP-Small on (features, action)";
            case RESNET35 -> "concat(state, action) through 35 residual blocks of width 256";
            case Q_D2RL -> "D2RL: 4 hidden layers, the input concatenated to each";
        };
    }
}
