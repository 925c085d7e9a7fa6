package org.diffusionexplorer.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-input corpus (src/test/resources/hostile, cases.tsv): every case is refused with exit 2 and one line
 * on stderr, no stack trace, and nothing is written (neither the output nor anything in the corpus or beside it).
 */
class HostileCorpusTest {
    @TempDir
    Path tmp;

    static Path corpus() throws Exception {
        return Path.of(HostileCorpusTest.class.getResource("/hostile/cases.tsv").toURI()).getParent();
    }

    static Stream<Arguments> cases() throws Exception {
        List<Arguments> out = new ArrayList<>();
        for (String line : Files.readAllLines(corpus().resolve("cases.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t", 2);
            out.add(Arguments.of(f[0], f[1]));
        }
        return out.stream();
    }

    /** Every file under dir with its size and modification time. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) m.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir" : Files.size(p) + "@" + Files.getLastModifiedTime(p));
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithOneLineAndNothingWritten(String id, String args) throws Exception {
        Path in = corpus(), out = tmp.resolve("out");
        Map<String, String> before = snapshot(in.getParent()), tmpBefore = snapshot(tmp);
        String[] argv = args.replace("{in}", in.toString()).replace("{out}", out.toString()).replace("{tmp}", tmp.toString()).split(" ");
        var r = CliTestSupport.run(argv);
        String err = r.err().strip();
        assertEquals(2, r.exit(), id + ": " + r.err());
        assertEquals(1, err.lines().count(), id + ": one line expected:\n" + r.err());
        assertTrue(err.startsWith("error: "), id + ": " + err);
        assertFalse(err.contains("\tat ") || err.contains("Exception") || err.contains("(null)"), id + ": " + err);
        assertFalse(Files.exists(out) || Files.exists(Path.of(out + ".csv")), id + ": output written");
        assertEquals(tmpBefore, snapshot(tmp), id + ": something written beside the output");
        assertEquals(before, snapshot(in.getParent()), id + ": the corpus changed");
    }
}
