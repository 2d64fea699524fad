package io.icmpkit.wire.testing;

import io.icmpkit.wire.Octets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Golden packets written by the Scapy scripts in {@code tools/vectors/} (never by our encoder):
 * {@code src/test/resources/vectors/<set>.tsv}, one {@code name<TAB>hex<TAB>scapy expression} per
 * line, {@code #} comments.
 */
public final class Vectors {
  private Vectors() {}

  /** All vectors of a set, in file order. */
  public static Map<String, Octets> load(String set) {
    String path = "/vectors/" + set + ".tsv";
    try (InputStream in = Vectors.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path + " (run tools/vectors/generate.sh)");
      }
      Map<String, Octets> out = new LinkedHashMap<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        out.put(f[0], Octets.ofHex(f[1]));
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One vector; fails loudly when absent. */
  public static Octets get(String set, String name) {
    Octets o = load(set).get(name);
    if (o == null) {
      throw new IllegalStateException("no vector " + name + " in set " + set);
    }
    return o;
  }
}
