package io.zcbench.reports.compare;

import io.zcbench.reports.model.Estimate;
import io.zcbench.reports.model.MetricCatalogue;
import io.zcbench.reports.model.MetricId;
import io.zcbench.reports.model.Row;
import io.zcbench.reports.model.RunData;
import io.zcbench.reports.model.Units;

import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.TTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The host's own probes in two runs, so that a reader can tell a slower host from a slower path: the memory bandwidth
 * and latency probes (timed at the start of every measured iteration of every benchmark), the CPU stolen and idle. Each
 * run's forks of every benchmark are the samples (a fork's mean of its iterations); the ratio other ÷ base has a 99%
 * interval and Welch's p, like a throughput's.
 *
 * <p>How a throughput change is marked as possibly the host's: a speed probe (bandwidth, or latency inverted; the disk
 * probe only for a path the disk bounds) moved beyond
 * its noise (p &lt; 0.01) in the direction the path moved, and at least as far as the path did (the path's ratio lies
 * between 1 and the far end of the probe's interval). A path that moved further than that, or the other way, is the
 * path's own change as far as the probes can tell.
 */
final class HostProbes {
    private HostProbes() {
    }

    /** One probe in both runs; {@code speed} probes say how fast the host was (bandwidth up, latency down). */
    record Probe(String label, String unit, String better, double base, double other, double ratio, double low, double high,
                 double p, int forks, boolean speed, boolean disk) {
        boolean moved() {
            return p < Comparison.ALPHA;
        }

        /** The host's speed other ÷ base (latency inverted), with its interval: {low, value, high}. */
        double[] speedRatio() {
            return better.equals("lower") ? new double[] {1 / high, 1 / ratio, 1 / low} : new double[] {low, ratio, high};
        }

        /** "memory latency probe 122 → 149 ns, ×1.22 (99% interval 1.18–1.26), worse". */
        String describe() {
            String values = Units.quantity(base, unit) + " → " + Units.quantity(other, unit);
            if (!speed) {
                double d = other - base;
                return label + " " + values + " (" + (d >= 0 ? "+" : "−") + Units.num(Math.abs(d)) + " points"
                        + (moved() ? ", beyond its noise" : ", within its noise") + ")";
            }
            String interval = Double.isNaN(low) ? "" : ", 99% interval " + Units.num(low) + "–" + Units.num(high);
            int verdict = new Comparison.Figure(unit, better, 0).verdict(base, other);
            return label + " " + values + " (×" + Units.num(ratio) + interval + (moved() ? verdict > 0 ? ", the host was faster"
                    : ", the host was slower" : ", within its noise") + ")";
        }
    }

    private static final MetricId[] SPEED = {MetricId.HOST_MEMBW, MetricId.HOST_LATENCY, MetricId.HOST_DISK};
    private static final MetricId[] LOAD = {MetricId.HOST_STEAL, MetricId.HOST_IDLE};

    /** The probes both runs hold, in order: bandwidth, latency, disk, steal, idle. */
    static List<Probe> of(RunData base, RunData other, MetricCatalogue metrics) {
        List<Probe> out = new ArrayList<>();
        for (MetricId id : SPEED) {
            Probe p = probe(id, base, other, metrics, true);
            if (p != null) {
                out.add(p);
            }
        }
        for (MetricId id : LOAD) {
            Probe p = probe(id, base, other, metrics, false);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private static Probe probe(MetricId id, RunData base, RunData other, MetricCatalogue metrics, boolean speed) {
        MetricCatalogue.Info info = metrics.info(id);
        if (info == null) {
            return null;
        }
        double[] a = forks(base, info.name());
        double[] b = forks(other, info.name());
        if (a.length < 2 || b.length < 2) {
            return null;
        }
        double ma = StatUtils.mean(a);
        double mb = StatUtils.mean(b);
        double p = StatUtils.variance(a) == 0 && StatUtils.variance(b) == 0 ? (ma == mb ? 1 : 0) : new TTest().tTest(a, b);
        double ratio = ma > 0 ? mb / ma : Double.NaN;
        double[] ci = speed ? Comparison.ratioInterval(a, b, ratio) : new double[] {Double.NaN, Double.NaN};
        return new Probe(info.label(), info.unit(), info.better(), ma, mb, ratio, ci[0], ci[1], p, Math.min(a.length, b.length),
                speed, id == MetricId.HOST_DISK);
    }

    /** Every fork's mean of a probe over every benchmark of a run. */
    private static double[] forks(RunData run, String name) {
        List<Double> out = new ArrayList<>();
        for (Row r : run.rows()) {
            Estimate e = r.metric(name);
            if (e != null && e.available()) {
                for (double v : Comparison.forkMeans(e)) {
                    out.add(v);
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Whether the host's probes account for a throughput ratio {@code ratio} (other ÷ base): the words for the first
     * screen, or null when no probe moved that way and that far. The disk probe speaks only for a path the disk bounds
     * ({@code diskBound}: O_DIRECT reads, or writes to a file), the memory probes for every path.
     */
    static String accounts(double ratio, List<Probe> probes, boolean diskBound) {
        if (!(ratio > 0) || ratio == 1) {
            return null;
        }
        for (Probe p : probes) {
            if (!p.speed() || !p.moved() || Double.isNaN(p.low()) || p.disk() && !diskBound) {
                continue;
            }
            double[] s = p.speedRatio();
            boolean sameWay = (s[1] < 1) == (ratio < 1);
            double far = ratio < 1 ? s[0] : s[2];
            if (sameWay && Math.abs(Math.log(ratio)) <= Math.abs(Math.log(far))) {
                return String.format(Locale.ROOT, "possibly the host's: its %s moved as far the same way (host speed ×%s, "
                        + "99%% interval %s–%s)", p.label(), Units.num(s[1]), Units.num(s[0]), Units.num(s[2]));
            }
        }
        return null;
    }
}
