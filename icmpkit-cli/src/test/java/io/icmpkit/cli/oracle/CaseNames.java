package io.icmpkit.cli.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Reads the generator's {@code <capture>.names} file: frame number → case name. */
public final class CaseNames {

    private CaseNames() {
    }

    public static Map<Integer, String> forCapture(Path pcap) {
        String file = pcap.getFileName().toString().replaceFirst("\\.pcap$", ".names");
        Path names = pcap.resolveSibling(file);
        Map<Integer, String> map = new TreeMap<>();
        if (!Files.exists(names)) {
            return map;
        }
        try {
            for (String line : Files.readAllLines(names)) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("\t", 2);
                map.put(Integer.parseInt(parts[0]), parts.length > 1 ? parts[1] : "?");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return map;
    }
}
