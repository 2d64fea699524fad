package io.icmpkit.cli.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** Field-by-field comparison of icmpkit's rows against tshark's, rendered as one readable table. */
public final class Comparison {

    /** One disagreement. {@code caseName} comes from the generator's {@code .names} file. */
    public record Mismatch(int frame, String caseName, String field, String ours, String tshark) {
    }

    private Comparison() {
    }

    public static List<Mismatch> compare(List<OracleRow> ours, List<OracleRow> tshark, Map<Integer, String> caseNames) {
        Map<Integer, OracleRow> byFrameOurs = byFrame(ours);
        Map<Integer, OracleRow> byFrameTshark = byFrame(tshark);
        TreeSet<Integer> frames = new TreeSet<>(byFrameTshark.keySet());
        frames.addAll(byFrameOurs.keySet());
        List<Mismatch> mismatches = new ArrayList<>();
        for (int frame : frames) {
            String name = caseNames.getOrDefault(frame, "?");
            OracleRow o = byFrameOurs.get(frame);
            OracleRow t = byFrameTshark.get(frame);
            if (o == null || t == null) {
                mismatches.add(new Mismatch(frame, name, "(packet)", o == null ? "missing" : "present",
                        t == null ? "missing" : "present"));
                continue;
            }
            for (String field : OracleRow.FIELDS) {
                if (o.notCompared().contains(field) || t.notCompared().contains(field)) {
                    continue;
                }
                if (!Objects.equals(o.get(field), t.get(field))) {
                    mismatches.add(new Mismatch(frame, name, field, o.display(field), t.display(field)));
                }
            }
        }
        return mismatches;
    }

    private static Map<Integer, OracleRow> byFrame(List<OracleRow> rows) {
        Map<Integer, OracleRow> map = new TreeMap<>();
        for (OracleRow row : rows) {
            map.put(row.frame(), row);
        }
        return map;
    }

    /** A fixed-width table, one line per mismatch, plus a per-field count. */
    public static String table(String title, List<Mismatch> mismatches) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"frame", "case", "field", "icmpkit", "tshark"});
        for (Mismatch m : mismatches) {
            cells.add(new String[] {Integer.toString(m.frame()), m.caseName(), m.field(), show(m.ours()), show(m.tshark())});
        }
        int[] width = new int[5];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], Math.min(row[i].length(), 60));
            }
        }
        StringBuilder sb = new StringBuilder(title).append('\n');
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                String cell = row[i].length() > 60 ? row[i].substring(0, 57) + "..." : row[i];
                sb.append(i == 0 ? String.format("%" + width[i] + "s", cell) : String.format("  %-" + width[i] + "s", cell));
            }
            sb.setLength(sb.toString().stripTrailing().length());
            sb.append('\n');
        }
        Map<String, Integer> perField = new TreeMap<>();
        mismatches.forEach(m -> perField.merge(m.field(), 1, Integer::sum));
        sb.append("per field: ").append(perField).append('\n');
        return sb.toString();
    }

    static String show(String value) {
        return value == null ? "-" : value;
    }

}
