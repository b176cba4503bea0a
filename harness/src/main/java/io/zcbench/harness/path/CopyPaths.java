package io.zcbench.harness.path;

import io.zcbench.harness.UsageException;
import io.zcbench.harness.endpoint.Destination;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
        register(MsgZerocopyPath.INFO);
        register(IoUringSendZcPath.INFO);
        register(IoUringSplicePath.INFO);
        register(VmsplicePath.INFO);
        register(IoUringDirectPath.INFO);
        register(NettyEpollFileRegionPath.INFO);
        register(NettyIoUringFileRegionPath.INFO);
        register(NettyEpollByteBufPath.INFO);
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

    /** The format tag of {@link #describe}'s output ({@code paths.json} in a results folder). */
    public static final String FORMAT = "zcbench-paths/1";

    /**
     * The catalogue's description of {@code paths}, for {@code paths.json}: everything the report needs to
     * render a path it has never seen (mechanism, destinations, model). {@code order} is the path's place in
     * this catalogue, so a path keeps its place and colour in every report.
     */
    public static ObjectNode describe(Collection<PathInfo> paths) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode().put("format", FORMAT);
        ArrayNode out = root.putArray("paths");
        List<String> order = ids();
        for (PathInfo p : paths) {
            ObjectNode o = out.addObject().put("id", p.id()).put("order", order.indexOf(p.id()))
                    .put("mechanism", p.mechanism()).put("twin", p.twin());
            if (p.framework() != null) {
                o.putObject("framework").put("name", p.framework().name()).put("version", p.framework().version())
                        .put("baseline", p.framework().baseline());
            }
            ArrayNode dests = o.putArray("destinations");
            p.destinations().forEach(d -> dests.add(d.id()));
            o.putObject("needs").put("native", p.needsNative()).put("oDirect", p.needsODirect());
            Model m = p.model();
            ObjectNode mo = o.putObject("model");
            ObjectNode copies = mo.putObject("cpuCopies");
            ObjectNode calls = mo.putObject("calls");
            for (Destination d : Destination.values()) {
                copies.put(d.id(), m.cpuCopies().get(d));
                ArrayNode c = calls.putArray(d.id());
                new TreeSet<>(m.callsByDestination().getOrDefault(d, Set.of())).forEach(c::add);
            }
            mo.put("dmaCopies", m.dmaCopies()).put("syscalls", m.syscalls()).put("modeSwitches", m.modeSwitches());
            new TreeSet<>(m.perChunkCalls()).forEach(mo.putArray("perChunkCalls")::add);
            if (m.count() == null) {
                mo.putNull("count");
            } else {
                mo.putObject("count").put("perOp", m.count().perOp()).put("perChunk", m.count().perChunk())
                        .put("bytesPerCall", m.count().bytesPerCall());
            }
            m.routeCalls().forEach(mo.putArray("routeCalls")::add);
            mo.put("usesChunk", m.usesChunk()).put("usesPipe", m.usesPipe()).put("bypassesPageCache", m.bypassesPageCache())
                    .put("offThread", m.offThread()).put("note", m.note());
            if (m.copiesNote() != null) {
                mo.put("copiesNote", m.copiesNote());
            }
        }
        return root;
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
