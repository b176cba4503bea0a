import io.zcbench.benchmarks.profile.ZcProfiler;

import org.openjdk.jmh.profile.ProfilerException;

/**
 * The short name for {@code -prof zc}. JMH matches profilers found through ServiceLoader by their
 * canonical class name only, so a class named {@code zc} in the unnamed package is what makes
 * {@code -prof zc} work with a plain {@code java -jar benchmarks.jar}.
 */
public class zc extends ZcProfiler {
    public zc() {
        super();
    }

    public zc(String initLine) throws ProfilerException {
        super(initLine);
    }
}
