package io.zcbench.benchmarks.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forks' class archive: the first fork writes it, the later ones map it, and a JVM really starts from it. */
class ClassArchiveTest {

    /** What the forked JVMs run in the test: a class that loads a few others. */
    public static final class Hello {
        public static void main(String[] args) {
            System.out.println(String.join(",", List.of("archived", Integer.toString(new java.util.TreeMap<>(java.util.Map.of(1, 2)).size()))));
        }
    }

    private static Path jarOfHello(Path dir) throws IOException {
        Path jar = dir.resolve("hello.jar");
        String name = Hello.class.getName().replace('.', '/') + ".class";
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o);
             InputStream in = Hello.class.getClassLoader().getResourceAsStream(name)) {
            j.putNextEntry(new JarEntry(name));
            in.transferTo(j);
        }
        return jar;
    }

    private static int java(List<String> flags, Path jar) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", jar.toString(), Hello.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(p.exitValue() != 0 || out.contains("archived,1"), out);
        return p.exitValue();
    }

    @Test
    void theFirstForkWritesTheArchiveAndTheNextStartFromIt(@TempDir Path dir) throws Exception {
        Path jar = jarOfHello(dir);
        ClassArchive a = new ClassArchive(dir, List.of(), jar.toString());
        List<String> writer = a.nextFork();
        assertTrue(writer.get(0).startsWith("-XX:ArchiveClassesAtExit=" + dir), writer.toString());
        assertEquals(0, java(writer, jar));
        List<String> reader = a.nextFork();
        assertTrue(reader.get(0).startsWith("-XX:SharedArchiveFile=" + dir), reader.toString());
        // -Xshare:on: the JVM refuses to start unless it maps the archive, so this proves the forks' flags work
        List<String> strict = new ArrayList<>(reader);
        strict.add("-Xshare:on");
        assertEquals(0, java(strict, jar));
        assertEquals(reader, a.nextFork());
        ObjectNode run = new ObjectMapper().createObjectNode();
        a.describe(run);
        assertTrue(run.path("classArchive").path("made").asBoolean());
        assertEquals(2, run.path("classArchive").path("forksMappingIt").asInt());
        // named as the run's shared fixtures, so the run's end (and the next zcbench after a kill) removes it
        assertTrue(writer.get(0).contains("zcbench-src-" + ProcessHandle.current().pid() + "-shared-"), writer.get(0));
    }

    @Test
    void noArchiveLeftMeansForksStartAsBeforeAndEnvSaysWhy(@TempDir Path dir) {
        ClassArchive a = new ClassArchive(dir, List.of(), "/x/benchmarks.jar");
        assertFalse(a.nextFork().isEmpty());
        assertEquals(List.of(), a.nextFork(), "the first fork left nothing: no flag for the next");
        ObjectNode run = new ObjectMapper().createObjectNode();
        a.describe(run);
        assertFalse(run.path("classArchive").path("made").asBoolean());
        assertTrue(run.path("classArchive").path("why").asText().contains("left no archive"), run.toString());
    }

    @Test
    void theUsersSharingFlagsAndFoldersOnTheClassPathGetNoArchive(@TempDir Path dir) {
        ClassArchive own = new ClassArchive(dir, List.of("-Xshare:off"), "/x/benchmarks.jar");
        assertEquals(List.of(), own.nextFork());
        ObjectNode run = new ObjectMapper().createObjectNode();
        own.describe(run);
        assertTrue(run.path("classArchive").path("why").asText().contains("-Xshare:off"), run.toString());

        ClassArchive folders = new ClassArchive(dir, List.of(), "/x/benchmarks.jar:/x/target/classes");
        assertEquals(List.of(), folders.nextFork());
        run = new ObjectMapper().createObjectNode();
        folders.describe(run);
        assertTrue(run.path("classArchive").path("why").asText().contains("/x/target/classes"), run.toString());
    }
}
