package io.zcbench.harness.nativeio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The one place that answers "is libzcbench available?" and remembers why not.
 * Loads from {@code java.library.path} first, else extracts {@code META-INF/native/linux-ARCH/}
 * from the jar (as Netty does). {@code -Dzcbench.native.disable=true} pretends it is absent,
 * so tests can prove that paths needing it say so instead of falling back.
 */
public final class NativeLibrary {
    public static final String DISABLE_PROPERTY = "zcbench.native.disable";
    private static final String NAME = "zcbench";

    private static final Status STATUS = load();

    private NativeLibrary() {
    }

    /** Where the library came from, or why it is unavailable. */
    public record Status(boolean available, String source, String reason) {
    }

    /** Triggers loading; safe to call from a class that JNI_OnLoad initializes. */
    static void touch() {
        // class initialization does the work
    }

    public static boolean isAvailable() {
        return STATUS.available();
    }

    /** Why the library is not available; {@code null} when it is. */
    public static String unavailableReason() {
        return STATUS.reason();
    }

    /** {@code "java.library.path"} or {@code "jar:META-INF/native/..."}; {@code null} when unavailable. */
    public static String source() {
        return STATUS.source();
    }

    /** Throws {@link NativeUnavailableException} naming {@code what} needs the library and why it is missing. */
    public static void require(String what) {
        if (!STATUS.available()) {
            throw new NativeUnavailableException(what + " needs libzcbench, which is unavailable: " + STATUS.reason());
        }
    }

    public static String platform() {
        String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        arch = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
        return (os.startsWith("linux") ? "linux" : os.replace(' ', '_')) + "-" + arch;
    }

    private static Status load() {
        if (Boolean.getBoolean(DISABLE_PROPERTY)) {
            return new Status(false, null, "disabled by -D" + DISABLE_PROPERTY + "=true");
        }
        String platform = platform();
        if (!platform.startsWith("linux-")) {
            return new Status(false, null, "libzcbench is Linux-only; this JVM runs on " + platform);
        }
        String fromPath;
        try {
            System.loadLibrary(NAME);
            return new Status(true, "java.library.path", null);
        } catch (UnsatisfiedLinkError e) {
            fromPath = e.getMessage();
        }
        String dir = "META-INF/native/" + platform + "/";
        String resource = dir + "lib" + NAME + ".so";
        ClassLoader loader = NativeLibrary.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return new Status(false, null, "no " + resource + " in the jar (" + buildFailure(loader, dir)
                        + "); java.library.path: " + fromPath);
            }
            Path tmp = Files.createTempFile("lib" + NAME + "-", ".so");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                System.load(tmp.toAbsolutePath().toString());
            } finally {
                // Once loaded the mapping stays valid; deleting now leaves nothing behind after a crash.
                Files.deleteIfExists(tmp);
            }
            return new Status(true, "jar:" + resource, null);
        } catch (IOException | UnsatisfiedLinkError e) {
            return new Status(false, null, "loading " + resource + " failed: " + e.getMessage());
        }
    }

    private static String buildFailure(ClassLoader loader, String dir) {
        try (InputStream in = loader.getResourceAsStream(dir + "BUILD-FAILED.txt")) {
            if (in != null) {
                return "the build could not compile it: " + new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
        } catch (IOException ignored) {
            // fall through to the generic reason
        }
        return "this build did not include it for this platform";
    }
}
