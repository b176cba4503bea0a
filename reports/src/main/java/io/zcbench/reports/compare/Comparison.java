package io.zcbench.reports.compare;

import io.zcbench.reports.ReportException;
import io.zcbench.reports.model.Impl;
import io.zcbench.reports.model.Catalogue;
import io.zcbench.reports.model.Estimate;
import io.zcbench.reports.model.ForkStats;
import io.zcbench.reports.model.MetricCatalogue;
import io.zcbench.reports.model.MetricId;
import io.zcbench.reports.model.PathModel;
import io.zcbench.reports.model.Row;
import io.zcbench.reports.model.RunData;
import io.zcbench.reports.model.Units;
import io.zcbench.reports.table.ComparisonTable;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.inference.TTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Runs compared to a baseline (the first): for every benchmark present in both, the ratio other/base of
 * throughput and of each counter, from fork-level values (forks, not iterations, are the samples: see ForkStats),
 * called a real change only when Welch's t-test gives p &lt; {@value #ALPHA} and the ratio moves by at least the
 * minimum change (default 5%, or the noise floor an A/A pair measured); the environment fields that differ; the
 * benchmarks one side lacks.
 */
public final class Comparison {
    public static final double ALPHA = 0.01;
    public static final double DEFAULT_MIN_CHANGE = 0.05;

    /**
     * One metric of one benchmark in two runs: the ratio other/base, its 99% interval (NaN where there are too few
     * iterations), Welch's p and whether it is called a change.
     */
    public record Ratio(String metric, double base, double other, double ratio, double pValue, boolean changed, String note,
                        double low, double high, double resolves) {
        Ratio(String metric, double base, double other, double ratio, double pValue, boolean changed, String note) {
            this(metric, base, other, ratio, pValue, changed, note, Double.NaN, Double.NaN, Double.NaN);
        }

        Ratio(String metric, double base, double other, double ratio, double pValue, boolean changed, String note, double low,
              double high) {
            this(metric, base, other, ratio, pValue, changed, note, low, high, Double.NaN);
        }
    }

    /**
     * One benchmark present in the baseline and in {@code other}: {@code impl} java, native (the twin alone) or paired
     * (the Java path with its twin alternating: {@link #twin()} compares the twin's throughput too).
     */
    public record Line(String key, String title, String destination, String path, Impl impl, long size, String cache,
                       String other, List<Ratio> ratios, List<String> callChanges, Figures gbs, HostAdjustment adjusted) {
        public Ratio throughput() {
            return ratios.get(0);
        }

        /** The native twin's throughput in both runs (impl=paired), or a ratio of NaN saying why not. */
        public Ratio twin() {
            return ratios.get(1);
        }

        /** Java ÷ native (a framework path's ÷ its raw baseline) in both runs, from each fork's paired iterations. */
        public Ratio paired() {
            return ratios.get(2);
        }

        /** The path as a reader tells it apart: "splice", "splice (native twin)". */
        public String label() {
            return path + (impl.equals("native") ? " (native twin)" : "");
        }
    }

    /**
     * Each run's throughput as its own report states it (the median of the forks with its order-statistic interval), and
     * its paired twin's ({@link ForkStats.Estimate#NONE} where there is none).
     */
    public record Figures(ForkStats.Estimate base, ForkStats.Estimate other, ForkStats.Estimate twinBase,
                          ForkStats.Estimate twinOther) {
        static Figures of(Row a, Row b) {
            boolean twins = a.paired() && b.paired();
            return new Figures(a.gbs(), b.gbs(), twins ? ForkStats.estimate(a.twinForkGbs()) : ForkStats.Estimate.NONE,
                    twins ? ForkStats.estimate(b.twinForkGbs()) : ForkStats.Estimate.NONE);
        }
    }

    /**
     * What a compared figure is, for the first screen: its unit, which way is better ("higher", "lower" or "none", from
     * metrics.json), and its rank among the kinds of figure a reader looks at first (0 throughput, 1 CPU per KiB,
     * 2 copies and system calls per operation, 3 the rest).
     */
    public record Figure(String unit, String better, int tier) {
        /** +1 where the change from {@code base} to {@code other} is better, -1 where worse, 0 where the figure has no direction. */
        public int verdict(double base, double other) {
            int sign = Double.compare(other, base);
            return better.equals("higher") ? sign : better.equals("lower") ? -sign : 0;
        }

        static Figure of(MetricCatalogue.Info m) {
            String id = m.id();
            int tier = m.unit().endsWith("/KiB") && id.contains("cpu") ? 1
                    : id.contains("syscalls") || id.startsWith("copies") || id.contains("copies.") ? 2 : 3;
            return new Figure(m.unit(), m.better(), tier);
        }
    }

    /** One environment field across runs. */
    public record EnvField(String label, List<String> values, boolean differs) {
    }

    /**
     * How much a repeat of the base run (same configuration, another time) moved throughput: the
     * machine's drift between runs, which iteration-level tests cannot see.
     */
    public record Drift(String repeatRun, int benchmarks, double median, double p90, double max) {
    }

    private final List<RunData> runs;
    private final double minChange;
    private final Drift drift;
    private final List<Line> lines;
    private final List<EnvField> env;
    private final List<String> missing;
    private final List<String> metricHeadings;
    private final Set<String> settings;
    private final Map<String, Figure> figures;

    private Comparison(List<RunData> runs, double minChange, Drift drift, List<Line> lines, List<EnvField> env,
                       List<String> missing, List<String> metricHeadings, Set<String> settings, Map<String, Figure> figures) {
        this.figures = figures;
        this.metricHeadings = metricHeadings;
        this.settings = settings;
        this.runs = runs;
        this.minChange = minChange;
        this.drift = drift;
        this.lines = lines;
        this.env = env;
        this.missing = missing;
    }

    public List<RunData> runs() {
        return runs;
    }

    /** The smallest relative change called real (0.05 = 5%), after raising it to the measured drift. */
    public double minChange() {
        return minChange;
    }

    /** The measured drift, or {@code null} when no repeat run was given. */
    public Drift drift() {
        return drift;
    }

    public List<Line> lines() {
        return lines;
    }

    public List<EnvField> env() {
        return env;
    }

    public List<String> missing() {
        return missing;
    }

    /** The figures compared per benchmark, "label [unit]": throughput, then each metric the runs' metrics.json compare. */
    public List<String> metricHeadings() {
        return metricHeadings;
    }

    public static final String THROUGHPUT = "throughput [GB/s]";
    public static final String TWIN_THROUGHPUT = "native twin's throughput [GB/s]";
    /**
     * The paired ratio between runs: what the Java path gained or lost against the same calls in C made in the same
     * forks, so a change in the JVM, the JDK or the path's Java code shows at the resolution pairing gives (a few per
     * cent), where throughput's own moves with the host's state.
     */
    public static final String PAIRED = "Java ÷ native (framework ÷ raw) [×]";

    /** The unit of each compared figure, by its heading. */
    public Map<String, String> units() {
        Map<String, String> out = new LinkedHashMap<>();
        figures.forEach((h, f) -> out.put(h, f.unit()));
        return out;
    }

    /** What each compared figure is (unit, better direction, rank), by its heading. */
    public Map<String, Figure> figures() {
        return figures;
    }

    /** The benchmark parameters the runs differ in as settings (cc, pin, ...): they label the runs, not the benchmarks. */
    public Set<String> settings() {
        return settings;
    }

    static String key(Row r) {
        return key(r, Set.of());
    }

    /**
     * Parameters added after runs were made, at the value that means what those runs did: a run with the value and one
     * without the parameter measured the same benchmark (thread=platform, rcvlowat=0), so the key leaves them out.
     */
    public static final Map<String, String> NEUTRAL = Map.of("thread", "platform", "rcvlowat", "0");

    /** A benchmark's identity across runs: its class and parameters, without the settings the runs differ in. */
    public static String key(Row r, Set<String> settings) {
        return key(r.benchmark(), r.params(), r.threads(), r.mode(), settings);
    }

    /** {@link #key(Row, Set)} from a benchmark's JMH name, parameters, threads and mode. */
    public static String key(String benchmark, Map<String, String> params, int threads, String mode, Set<String> settings) {
        String bench = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        Map<String, String> p = new TreeMap<>(params);
        p.remove("dir"); // a data directory path differs between machines without changing the benchmark
        NEUTRAL.forEach((k, v) -> p.remove(k, v));
        p.keySet().removeAll(settings);
        return bench + " " + p + " threads=" + threads + " mode=" + mode;
    }

    /**
     * The benchmark parameters the runs differ in as settings: each run holds one value for it, and not all runs the
     * same (cc=reno against cc=cubic, pin=0:0 against pin=auto). Their benchmarks pair on the other parameters; a
     * parameter that varies inside a run (a chunk sweep) pairs like with like and is no setting.
     */
    public static Set<String> settings(List<RunData> runs) {
        return settingsOf(runs.stream().map(r -> r.rows().stream().map(Row::params).toList()).toList());
    }

    /** {@link #settings} from each run's benchmarks' parameters. */
    public static Set<String> settingsOf(List<List<Map<String, String>>> runs) {
        Map<String, List<Set<String>>> values = new TreeMap<>();
        for (int i = 0; i < runs.size(); i++) {
            for (Map<String, String> params : runs.get(i)) {
                for (Map.Entry<String, String> e : params.entrySet()) {
                    List<Set<String>> perRun = values.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                    while (perRun.size() < runs.size()) {
                        perRun.add(new TreeSet<>());
                    }
                    perRun.get(i).add(e.getValue());
                }
            }
        }
        Set<String> out = new TreeSet<>();
        values.forEach((param, perRun) -> {
            boolean constant = perRun.stream().allMatch(v -> v.size() == 1);
            boolean differs = perRun.stream().map(v -> v.isEmpty() ? "" : v.iterator().next()).distinct().count() > 1;
            if (!param.equals("dir") && constant && differs) {
                out.add(param);
            }
        });
        return out;
    }

    public static Comparison of(List<RunData> runs) {
        return of(runs, DEFAULT_MIN_CHANGE);
    }

    public static Comparison of(List<RunData> runs, double minChange) {
        return of(runs, minChange, null);
    }

    /**
     * With {@code repeat} (a second run of the base's configuration, or the base run's own --repeat pass), a change is
     * called real only beyond what that A/A pair moved for its benchmark (see {@link #floors}).
     */
    public static Comparison of(List<RunData> runs, double minChange, RunData repeat) {
        if (minChange < 0 || minChange >= 1) {
            throw new ReportException("--min-change must be between 0 and 1 (0.05 = 5%), got " + minChange);
        }
        if (runs.size() < 2) {
            throw new ReportException("compare needs at least two runs");
        }
        RunData base = runs.get(0);
        Catalogue paths = Catalogue.merge(runs);
        MetricCatalogue metrics = MetricCatalogue.merge(runs);
        Set<String> settings = settings(runs);
        Map<String, Row> baseRows = index(base, settings);
        Map<String, Row> aa = repeat != null ? index(repeat, settings) : base.repeatRows().isEmpty() ? null
                : index(base.repeatRows(), base.name() + " (its repeat)", settings);
        Drift drift = aa == null ? null : drift(baseRows, aa, repeat != null ? repeat.name() : base.name() + " (its repeat)");
        Map<String, Double> floors = aa == null ? Map.of() : floors(baseRows, aa);
        List<Line> lines = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (RunData other : runs.subList(1, runs.size())) {
            Map<String, Row> rows = index(other, settings);
            for (Map.Entry<String, Row> e : baseRows.entrySet()) {
                Row o = rows.get(e.getKey());
                if (o == null) {
                    missing.add(e.getKey() + ": in " + base.name() + " but not in " + other.name());
                } else {
                    double floor = floors.getOrDefault(e.getKey(), Double.NaN);
                    lines.add(line(e.getKey(), e.getValue(), o, other.name(), minChange, floor, paths.model(e.getValue().path()),
                            metrics, settings));
                }
            }
            for (String k : rows.keySet()) {
                if (!baseRows.containsKey(k)) {
                    missing.add(k + ": in " + other.name() + " but not in " + base.name());
                }
            }
        }
        lines.sort(Comparator.comparing(Line::other).thenComparing(Line::destination, Comparator.reverseOrder())
                .thenComparing(Line::cache, Comparator.reverseOrder()).thenComparingLong(Line::size)
                .thenComparing(l -> l.title()).thenComparingInt(l -> paths.order(l.path())));
        List<String> headings = new ArrayList<>(List.of(THROUGHPUT, TWIN_THROUGHPUT, PAIRED));
        Map<String, Figure> figures = new LinkedHashMap<>();
        figures.put(THROUGHPUT, new Figure("GB/s", "higher", 0));
        figures.put(TWIN_THROUGHPUT, new Figure("GB/s", "higher", 0));
        figures.put(PAIRED, new Figure("×", "higher", 0));
        metrics.compared().forEach(m -> {
            headings.add(m.heading());
            figures.put(m.heading(), Figure.of(m));
        });
        return new Comparison(runs, minChange, drift, lines, RunLabels.envDiff(runs), missing, headings, settings, figures);
    }

    /**
     * What an A/A pair of the base run's configuration resolves, per benchmark: the half-width of its throughput ratio's
     * 99% interval, or the ratio's own distance from 1 where that is larger.
     */
    private static Map<String, Double> floors(Map<String, Row> base, Map<String, Row> repeat) {
        Map<String, Double> out = new TreeMap<>();
        repeat.forEach((k, r) -> {
            Row b = base.get(k);
            if (b != null) {
                ForkStats.Ratio aa = ForkStats.ratio(b.forkGbs(), r.forkGbs(), 1 - ALPHA);
                if (aa.hasInterval()) {
                    out.put(k, Math.max(aa.halfWidth(), Math.abs(aa.ratio() - 1)));
                }
            }
        });
        return out;
    }

    private static Drift drift(Map<String, Row> base, Map<String, Row> repeatRows, String repeatName) {
        List<Double> moves = new ArrayList<>();
        for (Map.Entry<String, Row> e : repeatRows.entrySet()) {
            Row b = base.get(e.getKey());
            if (b != null) {
                moves.add(Math.abs(e.getValue().gbPerSecond()[0] / b.gbPerSecond()[0] - 1));
            }
        }
        if (moves.isEmpty()) {
            throw new ReportException("the A/A repeat " + repeatName + " shares no benchmark with the base run; give a repeat "
                    + "of the base run's configuration");
        }
        double[] m = moves.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Drift(repeatName, m.length, new Percentile().evaluate(m, 50),
                new Percentile().evaluate(m, 90), m[m.length - 1]);
    }

    private static Map<String, Row> index(RunData run, Set<String> settings) {
        return index(run.rows(), run.name(), settings);
    }

    private static Map<String, Row> index(List<Row> rows, String name, Set<String> settings) {
        Map<String, Row> m = new LinkedHashMap<>();
        for (Row r : rows) {
            if (m.put(key(r, settings), r) != null) {
                throw new ReportException(name + " holds two benchmarks that differ only in " + String.join(", ", settings)
                        + ", the setting" + (settings.size() == 1 ? "" : "s") + " the runs differ in (" + key(r, settings)
                        + "); compare runs that each hold one value of " + String.join(", ", settings)
                        + ", or give each run one preset");
            }
        }
        return m;
    }

    /**
     * The system calls whose count per operation changed between the runs, by name, each with its cause where zcbench
     * knows it: a call among the path's JDK routes (transfer-to's copy_file_range and sendfile) changed because the
     * JDK's route did; others get the usual explanation of the call.
     */
    static List<String> callChanges(Row a, Row b, PathModel model) {
        Map<String, Double> ca = calls(a);
        Map<String, Double> cb = calls(b);
        Set<String> names = new TreeSet<>(ca.keySet());
        names.addAll(cb.keySet());
        List<String> out = new ArrayList<>();
        for (String n : names) {
            double x = ca.getOrDefault(n, 0.0);
            double y = cb.getOrDefault(n, 0.0);
            if (Math.abs(y - x) < Math.max(0.5, 0.1 * Math.max(x, y))) {
                continue;
            }
            String cause = model.routeCalls().contains(n)
                    ? "the JDK's route for " + a.path() + " changed: it tries " + String.join(" before ", model.routeCalls())
                    + " where it can (newer JDKs try copy_file_range first; it fails on a socket)"
                    : PathModel.explain(n);
            out.add(String.format(Locale.ROOT, "%s %s → %s per operation: %s", n, Units.count(x),
                    Units.count(y), cause));
        }
        return out;
    }

    private static Map<String, Double> calls(Row r) {
        return ComparisonTable.callsByName(r);
    }

    private static Line line(String key, Row a, Row b, String otherName, double minChange, double floor,
                             PathModel model, MetricCatalogue metrics, Set<String> settings) {
        boolean chunked = model.usesChunk();
        List<Ratio> ratios = new ArrayList<>();
        ForkStats.Ratio forks = ForkStats.ratio(a.forkGbs(), b.forkGbs(), 1 - ALPHA);
        Ratio raw = throughput(THROUGHPUT, forks, a.forkGbs(), b.forkGbs(), minChange, floor);
        HostAdjustment adjusted = !forks.hasInterval() ? null
                : HostAdjustment.of(a, b, metrics, diskBound(a.destination(), model), forks.ratio(), forks.halfWidth());
        ratios.add(adjusted == null ? raw : adjusted(raw, adjusted, minChange, floor));
        ratios.add(a.paired() && b.paired() ? throughput(TWIN_THROUGHPUT, a.twinForkGbs(), b.twinForkGbs(), minChange, Double.NaN)
                : new Ratio(TWIN_THROUGHPUT, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false,
                "the twin did not alternate with the Java path (impl=paired) in both runs"));
        ratios.add(a.paired() && b.paired() ? throughput(PAIRED, a.javaOverNativeForks(), b.javaOverNativeForks(), minChange, Double.NaN)
                : new Ratio(PAIRED, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false,
                "the path did not alternate with its pair (impl=paired) in both runs"));
        // A benchmark's counters are many tests at once: each at ALPHA divided by their number (Bonferroni), or an A/A
        // pair would call a counter or two changed by chance in every comparison.
        double counterAlpha = ALPHA / Math.max(1, metrics.compared().size());
        for (MetricCatalogue.Info m : metrics.compared()) {
            Estimate ea = a.metric(m.name());
            Estimate eb = b.metric(m.name());
            if (ea == null || eb == null || !ea.available() || !eb.available()) {
                String why = ea == null || eb == null ? "not measured in both runs"
                        : !ea.available() ? "not counted in the base run: " + ea.unavailableReason()
                        : "not counted in the other run: " + eb.unavailableReason();
                ratios.add(new Ratio(m.heading(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, false, why));
            } else if (Counts.applies(m)) {
                ratios.add(Counts.compare(m.heading(), Counts.of(ea, opsOf(a, metrics)), Counts.of(eb, opsOf(b, metrics)),
                        minChange, counterAlpha));
            } else {
                double[] fa = forkMeans(ea);
                double[] fb = forkMeans(eb);
                ratios.add(compare(m.heading(), fa, fb, StatUtils.mean(fa), StatUtils.mean(fb), minChange, counterAlpha));
            }
        }
        // The settings the runs differ in are the runs' labels, not the group's: "cc reno" would name only the base's.
        String title = ComparisonTable.title(a, null, chunked);
        for (String s : settings) {
            title = title.replaceAll(", " + Pattern.quote(s) + " [^,]*", "");
        }
        return new Line(key, title, a.destination(), a.path(), a.impl(), a.size(), a.cache(), otherName, ratios,
                callChanges(a, b, model), Figures.of(a, b), adjusted);
    }

    /** Whether the disk bounds a path: it writes to a file, or reads with O_DIRECT (the disk probe speaks for it). */
    static boolean diskBound(String destination, PathModel model) {
        return destination.equals("file") || model.bypassesPageCache();
    }

    /**
     * The throughput ratio from the host-adjusted fit ({@link HostAdjustment}): its ratio, interval and p decide the call,
     * against the same minimum change and A/A floor; the runs' own GB/s stay as measured.
     */
    private static Ratio adjusted(Ratio raw, HostAdjustment h, double minChange, double floor) {
        double gate = Double.isNaN(floor) ? minChange : Math.max(minChange, floor);
        boolean big = Math.abs(h.ratio() - 1) >= gate;
        boolean real = h.p() < ALPHA && big;
        String note = h.describe() + (h.p() < ALPHA && !big ? "; beyond the noise but smaller than " + (gate > minChange
                ? "what an A/A pair here resolves (" + Units.num(100 * gate) + "%)" : "the minimum change") : "");
        double resolves = Double.isNaN(floor) ? h.halfWidth() : Math.max(h.halfWidth(), floor);
        return new Ratio(raw.metric(), raw.base(), raw.other(), h.ratio(), h.p(), real, note, h.low(), h.high(), resolves);
    }

    /** The operations each iteration's counts rest on (zc.counted.ops), or null where the run does not say. */
    private static Estimate opsOf(Row r, MetricCatalogue metrics) {
        Estimate e = r.metric(metrics.name(MetricId.COUNTED_OPS));
        return e == null || !e.available() ? null : e;
    }

    /**
     * Throughput other ÷ base from the forks' values (each fork's median GB/s): the ratio of their geometric means, its
     * 99% interval and Welch's p on their logarithms — one estimator; a change is real when p &lt; {@value #ALPHA} and it
     * is at least {@code minChange}.
     */
    static Ratio throughput(double[] baseForks, double[] otherForks, double minChange) {
        return throughput(baseForks, otherForks, minChange, Double.NaN);
    }

    /**
     * As {@link #throughput(double[], double[], double)}, a change called real only beyond {@code floor} too (what an
     * A/A pair of the base's configuration resolves; NaN: not measured). {@code resolves}: the larger of the pair's own
     * interval half-width and the floor.
     */
    static Ratio throughput(double[] baseForks, double[] otherForks, double minChange, double floor) {
        return throughput(THROUGHPUT, baseForks, otherForks, minChange, floor);
    }

    private static Ratio throughput(String heading, double[] baseForks, double[] otherForks, double minChange, double floor) {
        return throughput(heading, ForkStats.ratio(baseForks, otherForks, 1 - ALPHA), baseForks, otherForks, minChange, floor);
    }

    /** As above, from the forks' ratio {@code r} already taken. */
    private static Ratio throughput(String heading, ForkStats.Ratio r, double[] baseForks, double[] otherForks, double minChange,
                                    double floor) {
        double gmA = geometricMean(baseForks);
        double gmB = geometricMean(otherForks);
        if (!r.hasInterval()) {
            return new Ratio(heading, gmA, gmB, r.ratio(), Double.NaN, false, "too few forks for a test ("
                    + baseForks.length + " and " + otherForks.length + "; forks are the unit of noise)");
        }
        double gate = Double.isNaN(floor) ? minChange : Math.max(minChange, floor);
        boolean big = Math.abs(r.ratio() - 1) >= gate;
        boolean real = r.p() < ALPHA && big;
        String note = r.p() < ALPHA && !big ? "beyond the forks' noise but smaller than " + (gate > minChange
                ? "what an A/A pair here resolves (" + Units.num(100 * gate) + "%)" : "the minimum change") : null;
        double resolves = Double.isNaN(floor) ? r.halfWidth() : Math.max(r.halfWidth(), floor);
        return new Ratio(heading, gmA, gmB, r.ratio(), r.p(), real, note, r.low(), r.high(), resolves);
    }

    private static double geometricMean(double[] v) {
        double[] pos = Arrays.stream(v).filter(x -> x > 0).toArray();
        return pos.length == 0 ? Double.NaN : Math.exp(Arrays.stream(pos).map(Math::log).average().orElse(Double.NaN));
    }

    /** Each fork's mean of a metric's iterations (forks, not iterations, are the samples). */
    static double[] forkMeans(Estimate e) {
        double[][] forks = e.forks() == null || e.forks().length == 0 ? new double[][] {e.raw()} : e.forks();
        return Arrays.stream(forks).mapToDouble(f -> Arrays.stream(f).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN))
                .filter(x -> !Double.isNaN(x)).toArray();
    }

    static Ratio compare(String metric, double[] a, double[] b, double meanA, double meanB, double minChange) {
        return compare(metric, a, b, meanA, meanB, minChange, ALPHA);
    }

    /** As {@link #compare(String, double[], double[], double, double, double)}, a change needing p &lt; {@code alpha}. */
    static Ratio compare(String metric, double[] a, double[] b, double meanA, double meanB, double minChange, double alpha) {
        // from 0 there is no ratio: the change is the difference (other - base), shown as such
        double ratio = meanA == 0 ? (meanB == 0 ? 1 : Double.NaN) : meanB / meanA;
        if (a.length < 2 || b.length < 2) {
            return new Ratio(metric, meanA, meanB, ratio, Double.NaN, false,
                    "too few forks for a test (" + a.length + " and " + b.length + "; forks are the unit of noise)");
        }
        double va = StatUtils.variance(a);
        double vb = StatUtils.variance(b);
        if (va == 0 && vb == 0) {
            // Deterministic counts (syscalls per op are often exact): any difference is real.
            boolean differ = !Objects.equals(StatUtils.mean(a), StatUtils.mean(b));
            return new Ratio(metric, meanA, meanB, ratio, differ ? 0 : 1, differ && (meanA == 0 || Math.abs(ratio - 1) >= minChange),
                    "identical in every fork on both sides", ratio, ratio);
        }
        double p = new TTest().tTest(a, b);
        boolean big = meanA == 0 ? meanB != 0 : Math.abs(ratio - 1) >= minChange;
        double[] ci = ratioInterval(a, b, ratio);
        return new Ratio(metric, meanA, meanB, ratio, p, p < alpha && big,
                p < alpha && !big ? "beyond the forks' noise but smaller than the minimum change"
                        : p < ALPHA && p >= alpha ? "p < " + ALPHA + " but not below " + Units.num(alpha) + ", the bar for one of "
                        + Math.round(ALPHA / alpha) + " counters tested at once" : null, ci[0], ci[1]);
    }

    /**
     * The ratio's 1 - {@value #ALPHA} interval by the delta method on its logarithm: se² = va/(na·ma²) + vb/(nb·mb²),
     * with Student's t at the Welch–Satterthwaite degrees of freedom (the test's own). NaN when a mean is not positive.
     */
    static double[] ratioInterval(double[] a, double[] b, double ratio) {
        double ma = StatUtils.mean(a);
        double mb = StatUtils.mean(b);
        if (!(ma > 0) || !(mb > 0) || !(ratio > 0) || Double.isInfinite(ratio)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double qa = StatUtils.variance(a) / (a.length * ma * ma);
        double qb = StatUtils.variance(b) / (b.length * mb * mb);
        double se = Math.sqrt(qa + qb);
        double df = (qa + qb) * (qa + qb) / (qa * qa / (a.length - 1) + qb * qb / (b.length - 1));
        double t = new TDistribution(Math.max(1, df)).inverseCumulativeProbability(1 - ALPHA / 2);
        return new double[] {ratio * Math.exp(-t * se), ratio * Math.exp(t * se)};
    }
}
