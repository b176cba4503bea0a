package io.zcbench.reports.table;

import java.util.List;

/**
 * Rows that differ only in path: one destination, size, cache state, chunk, threads and the rest.
 * Groups with the same {@code sweepKey} differ only in size (one throughput-vs-size chart).
 */
public record Group(String id, String title, String destination, long size, String cache, String sweepKey,
                    String sweepTitle, List<TableRow> rows) {
}
