package io.zcbench.harness.path;

import io.zcbench.harness.UsageException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every copy path, by its stable id. Adding a path is one class plus one line here. */
public final class CopyPaths {
    private static final Map<String, PathInfo> BY_ID = new LinkedHashMap<>();

    static {
        register(TraditionalPath.INFO);
        register(TraditionalHeapPath.INFO);
        register(MmapWritePath.INFO);
        register(TransferToPath.INFO);
        register(SplicePath.INFO);
        register(DirectIoPath.INFO);
        register(CopyFileRangePath.INFO);
    }

    private CopyPaths() {
    }

    private static void register(PathInfo info) {
        BY_ID.put(info.id(), info);
    }

    public static List<PathInfo> all() {
        return List.copyOf(BY_ID.values());
    }

    public static List<String> ids() {
        return List.copyOf(BY_ID.keySet());
    }

    public static PathInfo byId(String id) {
        PathInfo info = BY_ID.get(id);
        if (info == null) {
            throw new UsageException("unknown path '" + id + "'; choose one of: " + String.join(", ", BY_ID.keySet()));
        }
        return info;
    }

    /** {@code all}, or a comma-separated list of ids. */
    public static List<PathInfo> parseList(String text) {
        if ("all".equals(text)) {
            return all();
        }
        List<PathInfo> out = new ArrayList<>();
        for (String id : text.split(",")) {
            out.add(byId(id.trim()));
        }
        return out;
    }
}
