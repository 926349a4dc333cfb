package org.ctplug.device;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ctplug.text.Json;
import org.ctplug.text.Text;

/** The two views of {@code ctplug list}: JSON for scripts, a table for people. */
public final class DeviceListing {
    private DeviceListing() {}

    private record Column(String title, int maxWidth, Function<ListedDevice, String> value) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("DEVICE", 20, l -> l.device().devname()),
            new Column("MAJ:MIN", 11, l -> l.device().major() + ":" + l.device().minor()),
            new Column("VID:PID", 9, l -> l.device().vendor()
                    .map(v -> v + ":" + l.device().product().orElse("-")).orElse("-")),
            new Column("SERIAL", 32, l -> l.device().serial().orElse("-")),
            new Column("PORT", 14, l -> l.device().port().orElse("-")),
            new Column("IF", 3, l -> l.device().interfaceNumber().map(String::valueOf).orElse("-")),
            new Column("DRIVER", 14, l -> l.device().driver().orElse("-")),
            new Column("LINKS", 48, l -> l.device().links().isEmpty() ? "-" : String.join(",", l.device().links())),
            new Column("CONTAINER-LINKS", 48, DeviceListing::containerLinks),
            new Column("ENTRY", 40, l -> l.error().map(e -> "! " + e).orElse(l.entry().orElse("-"))));

    /** A JSON array; every object has all keys, in the documented order, absent values null. */
    public static String json(List<ListedDevice> devices) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (ListedDevice listed : devices) {
            objects.add(jsonObject(listed));
        }
        return Json.write(objects);
    }

    private static Map<String, Object> jsonObject(ListedDevice listed) {
        Device d = listed.device();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("devname", d.devname());
        o.put("devpath", d.devpath());
        o.put("subsystem", d.subsystem());
        o.put("major", d.major());
        o.put("minor", d.minor());
        o.put("vendor", d.vendor());
        o.put("product", d.product());
        o.put("serial", d.serial());
        o.put("manufacturer", d.manufacturer());
        o.put("model", d.model());
        o.put("interface", d.interfaceNumber());
        o.put("port", d.port());
        o.put("driver", d.driver());
        o.put("links", d.links());
        o.put("entry", listed.entry());
        o.put("error", listed.error());
        o.put("containerLinks", listed.containerLinks());
        return o;
    }

    /** {@code 105:serial/by-id/usb-…,ttyZigbee 106:…}: the running containers with links to the node. */
    private static String containerLinks(ListedDevice l) {
        List<String> cells = new ArrayList<>();
        l.containerLinks().forEach((id, links) -> {
            if (!links.isEmpty()) {
                cells.add(id + ":" + String.join(",", links.stream().map(p -> p.substring("/dev/".length())).toList()));
            }
        });
        return cells.isEmpty() ? "-" : String.join(" ", cells);
    }

    /**
     * One header line and one line per device. Every cell is escaped (descriptor strings are
     * chosen by the device's maker and may hold newlines or terminal escapes) and cut to its
     * column's width with "…".
     */
    public static String table(List<ListedDevice> devices) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(COLUMNS.stream().map(Column::title).toList());
        for (ListedDevice listed : devices) {
            rows.add(COLUMNS.stream()
                    .map(c -> Text.truncate(Text.escape(c.value().apply(listed)), c.maxWidth()))
                    .toList());
        }
        int[] widths = new int[COLUMNS.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = row.get(i);
                line.append(cell);
                if (i < widths.length - 1) {
                    line.append(" ".repeat(widths[i] - width(cell) + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }

}
