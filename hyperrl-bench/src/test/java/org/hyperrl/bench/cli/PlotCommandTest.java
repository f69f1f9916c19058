package org.hyperrl.bench.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.w3c.dom.Element;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotCommandTest {

    @TempDir
    Path tmp;

    private final List<String> runs = new ArrayList<>();

    @BeforeEach
    void twoCriticsThreeSeeds() {
        for (int seed = 0; seed < 3; seed++) {
            runs.add(SyntheticRuns.run(tmp, "td3", "Pendulum", "mlp", seed,
                    -1200 + 10 * seed, -900 + 10 * seed, -600 + 10 * seed, -400).toString());
            runs.add(SyntheticRuns.run(tmp, "td3", "Pendulum", "sa-hyper", seed,
                    -1100 - 20 * seed, -500 + 20 * seed, -250, -180 + 5 * seed).toString());
        }
    }

    private String[] args(String... tail) {
        List<String> all = new ArrayList<>(List.of("plot"));
        all.addAll(runs);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    @Test
    void writesAPngWithOneCurvePerGroup() throws IOException {
        Path png = tmp.resolve("out/curves.png");
        SyntheticRuns.Result r = SyntheticRuns.execute(args("--out", png.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 curve(s) from 6 run(s)"), r.out());
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(bytes, 4));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(560, image.getHeight());
        assertTrue(countColor(image, 31, 119, 180) > 100, "first curve (blue) is drawn");
        assertTrue(countColor(image, 255, 127, 14) > 100, "second curve (orange) is drawn");
    }

    @Test
    void writesAnSvgWithALineAndABandPerGroup() throws Exception {
        Path svg = tmp.resolve("curves.svg");
        SyntheticRuns.Result r = SyntheticRuns.execute(args("--out", svg.toString(), "--band", "minmax",
                "--title", "Pendulum TD3"));
        assertEquals(0, r.code(), r.err());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Element root = factory.newDocumentBuilder().parse(svg.toFile()).getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals("900px", root.getAttribute("width"));
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        for (String rgb : List.of("rgb(31,119,180)", "rgb(255,127,14)")) {
            assertEquals(1, count(text, "fill:" + rgb + ";fill-opacity:"), "one shaded band in " + rgb);
            assertTrue(count(text, "stroke:" + rgb + ";stroke-width:2") >= 1, "a mean line in " + rgb);
        }
    }

    @Test
    void unknownImageTypeIsRejectedAndNothingIsWritten() {
        Path jpg = tmp.resolve("curves.jpg");
        SyntheticRuns.Result r = SyntheticRuns.execute(args("--out", jpg.toString()));
        assertEquals(2, r.code());
        assertEquals("error: --out " + jpg + ": unsupported image type; the file name must end in .png or .svg",
                r.err().strip());
        assertFalse(Files.exists(jpg));
    }

    @Test
    void unknownGroupByAndBandValuesAreRejected() {
        SyntheticRuns.Result r = SyntheticRuns.execute(args("--group-by", "nope", "--out", tmp + "/a.png"));
        assertEquals(2, r.code());
        assertTrue(r.err().strip().startsWith("error: ") && r.err().contains("has no 'nope' key"), r.err());
        SyntheticRuns.Result b = SyntheticRuns.execute(args("--band", "iqr", "--out", tmp + "/a.png"));
        assertEquals(2, b.code());
        assertTrue(b.err().startsWith("error: unknown --band 'iqr'"), b.err());
    }

    @Test
    void missingOrEmptyProgressNamesTheDirectory() throws IOException {
        Path noProgress = tmp.resolve(runs.get(0));
        Files.delete(noProgress.resolve("progress.csv"));
        SyntheticRuns.Result r = SyntheticRuns.execute(args("--out", tmp + "/a.png"));
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: no progress.csv in run directory " + noProgress), r.err());

        Files.writeString(noProgress.resolve("progress.csv"), "");
        SyntheticRuns.Result empty = SyntheticRuns.execute(args("--out", tmp + "/a.png"));
        assertEquals(2, empty.code());
        assertTrue(empty.err().startsWith("error: " + noProgress.resolve("progress.csv") + " is empty"), empty.err());

        Files.writeString(noProgress.resolve("progress.csv"), "step,eval_return\n");
        SyntheticRuns.Result header = SyntheticRuns.execute(args("--out", tmp + "/a.png"));
        assertEquals(2, header.code());
        assertEquals("error: run directory " + noProgress + ": progress.csv has no rows yet", header.err().strip());
        assertFalse(Files.exists(tmp.resolve("a.png")));
    }

    @Test
    void missingDirectoryNonRunDirectoryAndUnknownMetricAreRejected() throws IOException {
        SyntheticRuns.Result missing = SyntheticRuns.execute("plot", tmp.resolve("nope").toString());
        assertEquals(2, missing.code());
        assertEquals("error: run directory " + tmp.resolve("nope") + " does not exist", missing.err().strip());

        Path plain = Files.createDirectories(tmp.resolve("plain"));
        SyntheticRuns.Result notRun = SyntheticRuns.execute("plot", plain.toString());
        assertEquals(2, notRun.code());
        assertEquals("error: " + plain + " is not a run directory: it has no config.json", notRun.err().strip());

        SyntheticRuns.Result metric = SyntheticRuns.execute(args("--metric", "reward", "--out", tmp + "/a.png"));
        assertEquals(2, metric.code());
        assertTrue(metric.err().startsWith("error: no column 'reward' in "), metric.err());

        SyntheticRuns.Result twice = SyntheticRuns.execute("plot", runs.get(0), runs.get(0));
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("is given twice"), twice.err());
    }

    @Test
    void malformedCsvIsRejectedWithFileAndLine() throws IOException {
        Path csv = Path.of(runs.get(1)).resolve("progress.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.set(3, lines.get(3).replaceFirst(",[^,]*,", ",oops,"));
        Files.write(csv, lines);
        SyntheticRuns.Result r = SyntheticRuns.execute(args("--out", tmp + "/a.png"));
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: " + csv + " line 4: column 'episodes' holds 'oops'"), r.err());
    }

    @Test
    void groupsMixingEnvsAreRejectedUnlessGroupedByLabel() {
        runs.add(SyntheticRuns.run(tmp, "td3", "HalfCheetah", "mlp", 0, 100, 200, 300, 400).toString());
        SyntheticRuns.Result r = SyntheticRuns.execute(args("--out", tmp + "/a.png"));
        assertEquals(2, r.code());
        assertEquals("error: group 'mlp' mixes runs on different envs [Pendulum, HalfCheetah]; plot one env at a "
                + "time or use --group-by label", r.err().strip());
        SyntheticRuns.Result byLabel = SyntheticRuns.execute(args("--out", tmp + "/a.png", "--group-by", "label"));
        assertEquals(0, byLabel.code(), byLabel.err());
        assertTrue(byLabel.out().contains("3 curve(s) from 7 run(s)"), byLabel.out());
    }

    @Test
    void trainingReturnsCanBePlottedToo() throws IOException {
        SyntheticRuns.Result r = SyntheticRuns.execute(args("--metric", "episode_return", "--group-by", "algorithm",
                "--out", tmp + "/train.png"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1 curve(s) from 6 run(s)"), r.out());
        assertTrue(r.err().contains("warning: curve 'td3' averages runs with different critic values [mlp, sa-hyper]"),
                r.err());
        try (Stream<Path> files = Files.list(tmp)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("train.png")));
        }
    }

    @Test
    void anotherColumnCanBeTheXAxis() {
        SyntheticRuns.Result r = SyntheticRuns.execute(args("--x", "episodes", "--out", tmp + "/ep.png"));
        assertEquals(0, r.code(), r.err());
        SyntheticRuns.Result bad = SyntheticRuns.execute(args("--x", "iterations", "--out", tmp + "/bad.png"));
        assertEquals(2, bad.code(), bad.out());
        assertTrue(bad.err().contains("no column 'iterations'"), bad.err());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static int countColor(BufferedImage image, int r, int g, int b) {
        int target = (r << 16) | (g << 8) | b;
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == target) {
                    n++;
                }
            }
        }
        return n;
    }
}
