package io.zcbench.harness.counters;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts summed over {@code ops} windows on one or more threads. A counter missing from
 * {@code values} was not counted and has its reason in {@code unavailable}; it is never 0.
 */
public record CounterTotals(long ops, Map<Counter, Long> values, Map<String, Long> syscallsByName,
                            Map<String, String> unavailable, String source, CopyLedger.Totals copies) {

    /** Without a copy ledger. */
    public CounterTotals(long ops, Map<Counter, Long> values, Map<String, Long> syscallsByName,
                         Map<String, String> unavailable, String source) {
        this(ops, values, syscallsByName, unavailable, source, null);
    }

    /** The same totals with the copy ledger of operations of its own. */
    public CounterTotals withCopies(CopyLedger.Totals ledger) {
        return new CounterTotals(ops, values, syscallsByName, unavailable, source, ledger);
    }

    public static CounterTotals empty() {
        return new CounterTotals(0, new EnumMap<>(Counter.class), new TreeMap<>(), new TreeMap<>(), null);
    }

    public CounterTotals {
        values = Collections.unmodifiableMap(values.isEmpty() ? new EnumMap<>(Counter.class) : new EnumMap<>(values));
        syscallsByName = Collections.unmodifiableMap(new LinkedHashMap<>(syscallsByName));
        unavailable = Collections.unmodifiableMap(new TreeMap<>(unavailable));
    }

    /** Sums two sets of totals (threads of one iteration); a counter missing on either side stays missing. */
    public CounterTotals plus(CounterTotals o) {
        if (ops == 0 && values.isEmpty() && source == null) {
            return o;
        }
        Map<Counter, Long> v = new EnumMap<>(Counter.class);
        for (Map.Entry<Counter, Long> e : values.entrySet()) {
            Long other = o.values.get(e.getKey());
            if (other != null) {
                v.put(e.getKey(), e.getValue() + other);
            }
        }
        Map<String, Long> names = new LinkedHashMap<>(syscallsByName);
        o.syscallsByName.forEach((k, n) -> names.merge(k, n, Long::sum));
        Map<String, String> why = new TreeMap<>(unavailable);
        why.putAll(o.unavailable);
        return new CounterTotals(ops + o.ops, v, names, why, source,
                copies == null ? o.copies : o.copies == null ? copies : copies.plus(o.copies));
    }

    /** Mean per operation, or {@code null} when the counter is unavailable or nothing ran. */
    public Double perOp(Counter c) {
        Long v = values.get(c);
        return v == null || ops == 0 ? null : (double) v / ops;
    }
}
