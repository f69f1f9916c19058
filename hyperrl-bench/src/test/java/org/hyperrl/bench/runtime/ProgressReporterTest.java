package org.hyperrl.bench.runtime;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressReporterTest {

    @Test
    void logModePrintsOneLinePerPercentStep() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressReporter r = ProgressReporter.start("train", 1000, 0, false, out, 25)) {
            assertFalse(r.drawsBar());
            r.stepTo(100);
            r.stepTo(250);
            r.setMessage("eval -812.4");
            r.stepTo(600);
            r.stepTo(700);
            r.stepTo(1000);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("train: 25% (250/1000) elapsed "), lines.get(0));
        // Steps this fast measure no rate worth an estimate (see EtaEstimatorTest).
        assertTrue(lines.get(0).contains(" eta --"), lines.get(0));
        assertTrue(lines.get(1).startsWith("train: 50% (600/1000)") && lines.get(1).endsWith("| eval -812.4"),
                lines.get(1));
        assertTrue(lines.get(2).startsWith("train: 100% (1000/1000)") && !lines.get(2).contains("eta"),
                lines.get(2));
    }

    @Test
    void linesShowNoEstimateBeforeTheRateIsMeasured() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressReporter r = ProgressReporter.start("train", 1000, 0, false, out, 10)) {
            for (int step = 1; step < 1000; step++) {
                r.stepTo(step);
            }
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(9, lines.size(), lines.toString());
        for (String line : lines) {
            assertTrue(line.endsWith(" eta --") && !line.contains("eta 0s"), line);
        }
    }

    @Test
    void aResumedReporterCountsFromWhereTheRunWas() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressReporter r = ProgressReporter.start("train", 100, 55, false, out, 10)) {
            r.stepTo(59);
            r.stepTo(60);
            r.stepTo(100);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("train: 60% (60/100)"), lines.get(0));
    }

    @Test
    void barModeDrawsTheTaskName() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressReporter r = ProgressReporter.start("evaluate", 10, 0, true, out, 10)) {
            assertTrue(r.drawsBar());
            r.stepTo(10);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("evaluate") && text.contains("10/10"), text);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> ProgressReporter.start("x", 0, 0, false, System.err, 10));
        assertThrows(IllegalArgumentException.class, () -> ProgressReporter.start("x", 10, 0, false, System.err, 0));
    }

    @Test
    void formatsDurationsCompactly() {
        assertEquals("59s", ProgressReporter.formatSeconds(59.4));
        assertEquals("2m05s", ProgressReporter.formatSeconds(125));
        assertEquals("1h01m", ProgressReporter.formatSeconds(3660));
    }
}
