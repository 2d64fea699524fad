package io.icmpkit.cli.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mismatches the lead has agreed to accept for now, from {@code oracle/known-mismatches.tsv}:
 * {@code case<TAB>field<TAB>reason} per line. A listed mismatch is reported but does not fail the
 * test; a listed entry that no longer mismatches does fail it (so the list cannot go stale).
 */
public final class KnownMismatches {

    private final Map<String, String> reasons;

    private KnownMismatches(Map<String, String> reasons) {
        this.reasons = reasons;
    }

    public static KnownMismatches load(Path file) {
        Map<String, String> reasons = new LinkedHashMap<>();
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("#") || line.isBlank()) {
                        continue;
                    }
                    String[] parts = line.split("\t", 3);
                    if (parts.length < 2) {
                        throw new IllegalArgumentException(file + ": want case<TAB>field<TAB>reason, got: " + line);
                    }
                    reasons.put(key(parts[0], parts[1]), parts.length > 2 ? parts[2] : "");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new KnownMismatches(reasons);
    }

    public boolean isKnown(Comparison.Mismatch m) {
        return reasons.containsKey(key(m.caseName(), m.field()));
    }

    /** Entries for cases of this capture that did not mismatch. */
    public List<String> stale(List<Comparison.Mismatch> actual, Map<Integer, String> caseNames) {
        List<String> stale = new ArrayList<>();
        for (String key : reasons.keySet()) {
            String caseName = key.substring(0, key.indexOf('\t'));
            boolean inThisCapture = caseNames.containsValue(caseName);
            boolean seen = actual.stream().anyMatch(m -> key(m.caseName(), m.field()).equals(key));
            if (inThisCapture && !seen) {
                stale.add(key.replace('\t', '/'));
            }
        }
        return stale;
    }

    private static String key(String caseName, String field) {
        return caseName + "\t" + field;
    }
}
