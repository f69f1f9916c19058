package org.hyperrl.bench.cli;

import org.hyperrl.bench.runtime.AtomicFiles;
import org.hyperrl.algos.api.Columns;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code hyperrl plot}: learning curves of runs, averaged over seeds per group, to PNG or SVG. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Plot learning curves: per group, the mean across runs (seeds) over steps with a band of "
                + "+-1 sample standard deviation (or min/max), at the steps all runs of the group logged."})
public final class PlotCommand implements Callable<Integer> {

    /** How runs are grouped into curves. */
    /** The group key that names runs by their label rather than by one config value. */
    static final String LABEL = "label";

    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)};

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "Run directories (each with config.json "
            + "and progress.csv).")
    List<Path> runDirs;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "curves.png",
            description = "Output image, .png or .svg (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--metric", paramLabel = "COLUMN", defaultValue = Columns.EVAL_RETURN_NAME,
            description = "progress.csv column to plot (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--group-by", paramLabel = "KEY", defaultValue = "critic",
            description = "the config.json key whose value names a curve (critic, algorithm, policy, env, any dotted "
                    + "path such as policyConfig.init), or label: config's 'label' or 'algorithm <variant> env' "
                    + "(default: ${DEFAULT-VALUE}).")
    String groupBy;

    @Option(names = "--band", paramLabel = "KIND", defaultValue = "std",
            description = "std (mean +- 1 sample standard deviation) or minmax (default: ${DEFAULT-VALUE}).")
    String band;

    @Option(names = "--x", paramLabel = "COLUMN", defaultValue = "step",
            description = "progress.csv column on the x axis, e.g. iteration (default: ${DEFAULT-VALUE}).")
    String x;

    @Option(names = "--title", paramLabel = "TEXT", description = "Chart title (default: the metric and the env).")
    String title;

    @Override
    public Integer call() {
        String format = imageFormat(out);
        String key = groupBy;
        LearningCurve.Band bandKind = Choices.parse("--band", band, LearningCurve.Band.class);
        List<RunResult> runs = RunResult.load(runDirs);
        Map<String, List<RunResult>> groups = group(runs, key);
        List<LearningCurve> curves = new ArrayList<>();
        for (Map.Entry<String, List<RunResult>> g : groups.entrySet()) {
            curves.add(LearningCurve.of(g.getKey(), g.getValue().stream().map(r -> r.series(metric, x)).toList(),
                    bandKind));
        }
        warnMixedGroups(groups, key);
        String chartTitle = title != null ? title : defaultTitle(runs);
        byte[] image = render(curves, chartTitle, x, metric, format);
        AtomicFiles.writeBytes(out, image);
        spec.commandLine().getOut().printf("wrote %s: %d curve(s) from %d run(s)%n", out, curves.size(),
                runs.size());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** "png" or "svg" from the file name. */
    static String imageFormat(Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "png";
        }
        if (name.endsWith(".svg")) {
            return "svg";
        }
        throw new IllegalArgumentException("--out " + out + ": unsupported image type; the file name must end in "
                + ".png or .svg");
    }

    /** Runs grouped by the key's value, in the order the groups first appear. */
    static Map<String, List<RunResult>> group(List<RunResult> runs, String key) {
        Map<String, List<RunResult>> groups = new LinkedHashMap<>();
        for (RunResult run : runs) {
            String name = key.equals(LABEL) ? run.label() : run.configValue(key);
            groups.computeIfAbsent(name, k -> new ArrayList<>()).add(run);
        }
        if (!key.equals("env") && !key.equals(LABEL)) {
            for (Map.Entry<String, List<RunResult>> g : groups.entrySet()) {
                Set<String> envs = values(g.getValue(), "env");
                if (envs.size() > 1) {
                    throw new IllegalArgumentException("group '" + g.getKey() + "' mixes runs on different envs "
                            + envs + "; plot one env at a time or use --group-by label");
                }
            }
        }
        return groups;
    }

    private void warnMixedGroups(Map<String, List<RunResult>> groups, String key) {
        for (Map.Entry<String, List<RunResult>> g : groups.entrySet()) {
            for (String identity : g.getValue().get(0).identityKeys()) {
                if (identity.equals(key)) {
                    continue;
                }
                Set<String> seen = values(g.getValue(), identity);
                if (seen.size() > 1) {
                    spec.commandLine().getErr().println("warning: curve '" + g.getKey() + "' averages runs with "
                            + "different " + identity + " values " + seen);
                }
            }
        }
    }

    private static Set<String> values(List<RunResult> runs, String key) {
        Set<String> seen = new LinkedHashSet<>();
        for (RunResult r : runs) {
            Object v = r.config().get(key);
            seen.add(v == null ? "(none)" : v.toString());
        }
        return seen;
    }

    private String defaultTitle(List<RunResult> runs) {
        Set<String> envs = values(runs, "env");
        envs.remove("(none)");
        return envs.size() == 1 ? metric + " on " + envs.iterator().next() : metric;
    }

    /** Draws the curves and encodes the chart as PNG or SVG bytes. */
    static byte[] render(List<LearningCurve> curves, String title, String xAxis, String metric, String format) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title)
                .xAxisTitle(xAxis).yAxisTitle(metric).build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideSE);
        styler.setMarkerSize(0);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        for (int i = 0; i < curves.size(); i++) {
            LearningCurve c = curves.get(i);
            Color color = PALETTE[i % PALETTE.length];
            double[] x = toDouble(c.steps());
            if (c.runs() > 1) {
                int n = x.length;
                double[] px = new double[2 * n];
                double[] py = new double[2 * n];
                for (int k = 0; k < n; k++) {
                    px[k] = x[k];
                    py[k] = c.upper()[k];
                    px[2 * n - 1 - k] = x[k];
                    py[2 * n - 1 - k] = c.lower()[k];
                }
                XYSeries bandSeries = chart.addSeries(c.label() + " band", px, py);
                bandSeries.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                bandSeries.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 56));
                bandSeries.setLineColor(new Color(0, 0, 0, 0));
                bandSeries.setMarker(SeriesMarkers.NONE);
                bandSeries.setShowInLegend(false);
            }
            XYSeries line = chart.addSeries(c.label() + " (n=" + c.runs() + ")", x, c.mean());
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setLineColor(color);
            line.setLineStyle(new BasicStroke(2f));
            line.setMarker(x.length == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            line.setMarkerColor(color);
        }
        try {
            if (format.equals("png")) {
                return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            }
            ByteArrayOutputStream svg = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return svg.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the chart as " + format + ": " + e.getMessage(), e);
        }
    }

    private static double[] toDouble(long[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return d;
    }
}
