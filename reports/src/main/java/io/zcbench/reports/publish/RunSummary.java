package io.zcbench.reports.publish;

import io.zcbench.reports.model.Row;
import io.zcbench.reports.model.RunData;
import io.zcbench.reports.table.ComparisonTable;
import io.zcbench.reports.table.TableRow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a site needs of one run, read from its folder once: its env.json, each benchmark's identity, title and the
 * figures its history shows, and its lines of figures.csv. A site keeps it ({@code cache/<id>.json}, the lines in
 * {@code cache/<id>.csv}) with the fingerprint of the run's files, so republishing reads an unchanged run from there
 * instead of its JMH JSON.
 */
record RunSummary(String fingerprint, JsonNode env, String envProblem, List<Entry> entries, List<String> csv) {
    /** The cache's format: a site written by another version rebuilds its cache. */
    static final String FORMAT = "zcbench-site-run/1";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A benchmark as compare pairs it: JMH name, parameters, threads, mode; and the JDK its forks ran. */
    record Identity(String benchmark, Map<String, String> params, int threads, String mode, String jdk) {
    }

    /** What a history shows of a run: throughput with its interval, on-CPU per KiB, system calls per op, copies per byte. */
    record Figures(double gbs, double low, double high, double cpu, double syscalls, double copies, String copiesText) {
    }

    /** One benchmark of the run: its identity, its path and destination, its title, its figures. */
    record Entry(Identity id, String path, String destination, String impl, String title, Figures figures) {
    }

    static RunSummary of(RunData run, ComparisonTable table, List<String> csv, String fingerprint) {
        List<Entry> entries = table.rows().stream().map(t -> {
            Row r = t.row();
            Figures f = new Figures(t.throughput().gbs(), t.throughput().low(), t.throughput().high(), t.cpu().runtime(),
                    t.counts().syscalls(), t.copies().sender(), Double.isNaN(t.copies().sender()) ? "n/a" : t.copies().text());
            return new Entry(new Identity(r.benchmark(), r.params(), r.threads(), r.mode(), r.jdk()), r.path(),
                    r.destination(), r.impl().id(), ComparisonTable.title(r), f);
        }).toList();
        return new RunSummary(fingerprint, run.env(), run.envProblem(), entries, csv);
    }

    String envText(String pointer) {
        return RunData.envText(env, envProblem, pointer);
    }

    List<Map<String, String>> params() {
        return entries.stream().map(e -> e.id().params()).toList();
    }

    /** As a site keeps it: the lines of figures.csv in a file of their own, cut by their lengths. */
    record Stored(String format, String fingerprint, JsonNode env, String envProblem, List<Entry> entries, int[] csvLengths) {
    }

    /** Writes {@code dir/<id>.json} and the run's lines of figures.csv, as they are, to {@code dir/<id>.csv}. */
    void write(Path dir, String id) throws IOException {
        Files.createDirectories(dir);
        int[] lengths = csv.stream().mapToInt(String::length).toArray();
        JSON.writeValue(dir.resolve(id + ".json").toFile(), new Stored(FORMAT, fingerprint, env, envProblem, entries, lengths));
        try (Writer w = Files.newBufferedWriter(dir.resolve(id + ".csv"), StandardCharsets.UTF_8)) {
            for (String record : csv) {
                w.write(record);
            }
        }
    }

    /**
     * The summary a site kept of a run in {@code dir}, or null when there is none, it is of another format, or it does
     * not read back whole (the run is then read from its own files).
     */
    static RunSummary read(Path dir, String id) {
        Path json = dir.resolve(id + ".json");
        Path lines = dir.resolve(id + ".csv");
        if (!Files.isRegularFile(json) || !Files.isRegularFile(lines)) {
            return null;
        }
        try {
            Stored s = JSON.readValue(Files.readAllBytes(json), Stored.class);
            if (!FORMAT.equals(s.format())) {
                return null;
            }
            String all = Files.readString(lines, StandardCharsets.UTF_8);
            List<String> records = new ArrayList<>(s.csvLengths().length);
            int at = 0;
            for (int n : s.csvLengths()) {
                records.add(all.substring(at, at + n));
                at += n;
            }
            return at == all.length() ? new RunSummary(s.fingerprint(), s.env(), s.envProblem(), s.entries(), records) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
