package io.zcbench.benchmarks.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zcbench.harness.fixture.Leftovers;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The forks' classes from one CDS archive (AppCDS): the run's first fork writes the classes it loaded into an archive
 * at its exit ({@code -XX:ArchiveClassesAtExit}), every later fork maps them ({@code -XX:SharedArchiveFile}) instead of
 * loading, verifying and linking JMH's, Jackson's and zcbench's classes again. Here that took 0.12 s off each fork's
 * start (0.31 s to 0.19 s before the first iteration, C1 forks on JDK 17): a main job of about 110 forks spends that
 * time measuring instead. Only start-up changes: the classes are the same, compiled code is not archived.
 * <p>
 * The archive sits beside the shared source files in the data folder, named as theirs ({@link Leftovers#sharedPrefix}),
 * so the run removes it with them, and the next zcbench removes it if the run was killed. One attempt: when the first
 * fork leaves no archive (a JVM without a base archive, a full disk), the forks start as before and env.json says why.
 * A user's own {@code -Xshare} or archive flags are left alone, and a class path with folders gets none (a JVM asked
 * to archive from one does not start): then no archive is made and env.json says why.
 */
final class ClassArchive {
    private final Path file;
    private final String userFlag;
    private boolean asked;
    private int used;
    private String problem;

    /** The archive's own warnings (classes it skips) would fill jmh-output.log with a few hundred lines. */
    private static final String QUIET = "-Xlog:cds=off,cds+dynamic=off";

    ClassArchive(Path dataDir, List<String> userFlags) {
        this(dataDir, userFlags, System.getProperty("java.class.path", ""));
    }

    /** {@code classPath}: the forks' (JMH gives them the runner's); an archive needs every entry to be a jar. */
    ClassArchive(Path dataDir, List<String> userFlags, String classPath) {
        this.file = dataDir.resolve(Leftovers.sharedPrefix(ProcessHandle.current().pid()) + "classes.jsa");
        String given = userFlags.stream().filter(f -> f.startsWith("-Xshare") || f.contains("SharedArchiveFile")
                || f.contains("ArchiveClassesAtExit") || f.contains("AutoCreateSharedArchive")).findFirst().orElse(null);
        // A JVM refuses to start when asked to archive with a folder on its class path ("Cannot have non-empty
        // directory in paths"): classes from folders (an IDE's build output) get no archive.
        String folder = Arrays.stream(classPath.split(File.pathSeparator)).filter(e -> !e.isEmpty() && !e.endsWith(".jar"))
                .findFirst().orElse(null);
        this.userFlag = given != null ? "the fork flags given (" + given + ") decide class sharing"
                : folder != null ? "the class path holds " + folder + ", not a jar: the JVM archives classes from jars only" : null;
    }

    /** The flag for the next fork: the archive's writer for the first, its readers after, none when it is not there. */
    List<String> nextFork() {
        if (userFlag != null) {
            return List.of();
        }
        if (!asked) {
            asked = true;
            return List.of("-XX:ArchiveClassesAtExit=" + file, QUIET);
        }
        if (problem == null && !made()) {
            problem = "the first fork left no archive (its JVM may lack the JDK's base CDS archive; jmh-output.log has its "
                    + "warning): every fork loads its classes";
        }
        if (problem != null) {
            return List.of();
        }
        used++;
        return List.of("-XX:SharedArchiveFile=" + file, QUIET);
    }

    private boolean made() {
        try {
            return Files.isRegularFile(file) && Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** What env.json says under run.classArchive. */
    void describe(ObjectNode run) {
        ObjectNode a = run.putObject("classArchive");
        a.put("what", "AppCDS: the first fork archives the classes it loaded at exit (-XX:ArchiveClassesAtExit), later "
                + "forks map them (-XX:SharedArchiveFile); start-up only, the classes and compiled code are the same");
        if (userFlag != null) {
            a.put("made", false).put("why", userFlag);
        } else if (!asked) {
            a.put("made", false).put("why", "no fork ran");
        } else {
            a.put("made", problem == null && (used > 0 || made()));
            a.put("forksMappingIt", used);
            if (problem != null) {
                a.put("why", problem);
            }
        }
    }
}
