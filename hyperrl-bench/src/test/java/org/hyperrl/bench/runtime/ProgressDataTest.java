package org.hyperrl.bench.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressDataTest {

    @TempDir
    Path tmp;

    @Test
    void readsNumbersEmptyCellsAndSkipsAnUnfinishedLastLine() throws IOException {
        Path file = Files.writeString(tmp.resolve("progress.csv"),
                "step,episode_return,eval_return\n0,-1200.5,\n5000,-900,-850.25\n10000,-400,\n15000,-2");
        ProgressData data = ProgressData.read(file);
        assertEquals(3, data.rowCount());
        assertArrayEquals(new double[] {0, 5000, 10000}, data.column("step"));
        assertArrayEquals(new double[] {-1200.5, -900, -400}, data.column("episode_return"));
        ProgressData.Series eval = data.series("eval_return");
        assertArrayEquals(new long[] {5000}, eval.steps());
        assertArrayEquals(new double[] {-850.25}, eval.values());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> data.column("alpha"));
        assertTrue(e.getMessage().contains("eval_return"), e.getMessage());
    }

    @Test
    void seriesAgainstAnotherColumn() throws IOException {
        Path file = Files.writeString(tmp.resolve("progress.csv"),
                "step,iteration,eval_return\n4000,1,-80\n6000,2,\n8000,,-60\n10000,3,-50\n");
        ProgressData.Series s = ProgressData.read(file).series("eval_return", "iteration");
        assertArrayEquals(new long[] {1, 3}, s.steps());
        assertArrayEquals(new double[] {-80, -50}, s.values());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProgressData.read(file).series("eval_return", "updates"));
        assertTrue(e.getMessage().contains("no column 'updates'"), e.getMessage());
    }

    @Test
    void malformedFilesNameTheFileAndLine() throws IOException {
        Path cells = Files.writeString(tmp.resolve("cells.csv"), "step,a\n0,1\n5,2,3\n");
        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class, () -> ProgressData.read(cells));
        assertTrue(e1.getMessage().contains("cells.csv line 3"), e1.getMessage());

        Path text = Files.writeString(tmp.resolve("text.csv"), "step,a\n0,abc\n");
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> ProgressData.read(text));
        assertTrue(e2.getMessage().contains("line 2") && e2.getMessage().contains("'abc'"), e2.getMessage());

        Path noStep = Files.writeString(tmp.resolve("nostep.csv"), "time,a\n0,1\n");
        assertThrows(IllegalArgumentException.class, () -> ProgressData.read(noStep));

        Path empty = Files.writeString(tmp.resolve("empty.csv"), "");
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class, () -> ProgressData.read(empty));
        assertTrue(e3.getMessage().contains("empty"), e3.getMessage());

        IllegalArgumentException e4 = assertThrows(IllegalArgumentException.class,
                () -> ProgressData.read(tmp.resolve("run/progress.csv")));
        assertTrue(e4.getMessage().contains("run"), e4.getMessage());
    }
}
