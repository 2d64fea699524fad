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
 * icmpkit's {@code malformed} is set (anomalies are not counted: the dissector already turns the
 * structural ones into {@code malformed} unless the capture's snaplen explains them).
 */
public final class IcmpkitReader {

    /** The decoder's output: rows in frame order and each frame's {@code summary}. */
    public record Decoded(List<OracleRow> rows, Map<Integer, String> summaries, int exitCode, String stderr) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

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
        // icmpkit's "malformed" is null for a packet that is not malformed, otherwise the reason: the
        // dissector gives it tshark's meaning (a rejected layer, or fields promising bytes the packet
        // does not have), and a snaplen cut is not malformed: compared as is (the note shows why).
        Map<String, String> notes = new LinkedHashMap<>();
        JsonNode malformed = object.get("malformed");
        boolean failed = malformed != null && !malformed.isNull()
                && !(malformed.isBoolean() && !malformed.booleanValue());
        f.put("malformed", Boolean.toString(failed));
        if (failed) {
            notes.put("malformed", malformed.isTextual() ? malformed.asText() : malformed.toString());
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
