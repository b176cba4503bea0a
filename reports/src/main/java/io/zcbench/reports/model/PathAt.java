package io.zcbench.reports.model;

/** A path at a destination ("socket" or "file"): the key under which one path's rows are found across groups. */
public record PathAt(String path, String destination) {
}
