package org.hyperrl.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.hyperrl.bench.Hyperrl;
import org.junit.jupiter.api.Test;

/** {@code hyperrl bench envs}: prints a row per env; bad input is refused before anything is measured. */
class EnvsBenchmarkTest {

    record Result(int code, String out, String err) {
    }

    static Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Hyperrl.commandLineForNested(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void printsAHeaderAndOneRowPerEnv() {
        Result r = execute("bench", "envs", "--seconds", "0.3", "Pendulum", "GridWorld");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[0].startsWith("env ") && lines[0].contains("vec/1") && lines[0].contains("J2/1"), lines[0]);
        assertTrue(lines[1].startsWith("Pendulum "), lines[1]);
        assertTrue(lines[2].startsWith("GridWorld "), lines[2]);
        // the single-thread rate is a positive number of steps per second
        double single = Double.parseDouble(lines[1].replace("|", " ").trim().split("\\s+")[2]);
        assertTrue(single > 1000, lines[1]);
    }

    @Test
    void unknownEnvAndBadDurationAreRefused() {
        Result unknown = execute("bench", "envs", "--seconds", "0.3", "Pendulum", "NoSuchEnv");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown env id 'NoSuchEnv'") && unknown.err().contains("Pendulum"),
                unknown.err());
        assertTrue(unknown.out().isEmpty(), "nothing measured: " + unknown.out());
        for (String s : new String[] {"0", "-1", "NaN", "Infinity"}) {
            Result bad = execute("bench", "envs", "--seconds", s, "Pendulum");
            assertEquals(2, bad.code(), s);
            assertTrue(bad.err().contains("seconds"), bad.err());
        }
    }
}
