package io.icmpkit.cli.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.icmpkit.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs {@code icmpkit decode --json FILE} in-process and reduces its JSON Lines to {@link OracleRow}s.
 * Quoted protocol names ({@code udp}, {@code tcp}) become numbers; {@code malformed} is true when
 * icmpkit's {@code malformed} is set or a truncation anomaly is listed ({@link #STRUCTURAL_ANOMALIES}).
 */
public final class IcmpkitReader {

    /** The decoder's output: rows in frame order and each frame's {@code summary}. */
    public record Decoded(List<OracleRow> rows, Map<Integer, String> summaries, int exitCode, String stderr) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Anomalies meaning "the packet is shorter than its own fields say" (tshark: malformed).
     * Other anomalies (bad checksum, option length 0, unknown type ...) are tshark warnings or notes.
     */
    static final Set<String> STRUCTURAL_ANOMALIES = Set.of(
            "ipv4_trunc_pkt", "ipv6_trunc_pkt", "ipv6_exthdr_truncated", "icmp_truncated",
            "icmp_routeradvert_truncated", "nd_opt_truncated", "nd_bad_opt_offset", "igmp_truncated");

    private IcmpkitReader() {
    }

    public static Decoded decode(Path pcap) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            exit = Main.run(o, e, "decode", "--json", pcap.toString());
        }
        List<OracleRow> rows = new ArrayList<>();
        Map<Integer, String> summaries = new LinkedHashMap<>();
        int line = 0;
        for (String text : out.toString().lines().toList()) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            JsonNode object;
            try {
                object = MAPPER.readTree(text);
            } catch (IOException ex) {
                throw new UncheckedIOException("icmpkit decode --json: line " + line + " is not JSON: " + text, ex);
            }
            OracleRow row = row(object);
            rows.add(row);
            summaries.put(row.frame(), text(object.get("summary")));
        }
        return new Decoded(rows, summaries, exit, err.toString());
    }

    static OracleRow row(JsonNode object) {
        int frame = object.path("frame").asInt(-1);
        JsonNode quoted = object.get("quoted");
        Map<String, String> f = new LinkedHashMap<>();
        for (String field : OracleRow.FIELDS) {
            JsonNode value = field.startsWith("quoted.")
                    ? (quoted == null || !quoted.isObject() ? null : quoted.get(field.substring("quoted.".length())))
                    : object.get(field);
            f.put(field, OracleRow.normalise(field, text(value)));
        }
        // icmpkit's "malformed" is null for a packet it could decode, otherwise the reason; a packet
        // that decodes but is cut short carries a truncation anomaly instead. tshark calls both
        // malformed, so both count here (the note shows which one).
        Map<String, String> notes = new LinkedHashMap<>();
        JsonNode malformed = object.get("malformed");
        boolean failed = malformed != null && !malformed.isNull()
                && !(malformed.isBoolean() && !malformed.booleanValue());
        List<String> structural = new ArrayList<>();
        for (JsonNode anomaly : object.path("anomalies")) {
            if (STRUCTURAL_ANOMALIES.contains(anomaly.asText())) {
                structural.add(anomaly.asText());
            }
        }
        f.put("malformed", Boolean.toString(failed || !structural.isEmpty()));
        if (failed) {
            notes.put("malformed", malformed.isTextual() ? malformed.asText() : malformed.toString());
        } else if (!structural.isEmpty()) {
            notes.put("malformed", "anomalies " + String.join(",", structural));
        }
        Set<String> notCompared = new HashSet<>();
        if ("igmp".equals(f.get("protocol"))) {
            notCompared.add("code");
        }
        return new OracleRow(frame, f, notCompared, notes);
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
