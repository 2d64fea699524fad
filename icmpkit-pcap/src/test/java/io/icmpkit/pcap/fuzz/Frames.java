package io.icmpkit.pcap.fuzz;

import static io.icmpkit.wire.fuzz.Fuzz.check;

import io.icmpkit.pcap.dissect.Dissection;
import io.icmpkit.wire.print.FieldTree;

/** Reads every result of a {@link Dissection}, as the CLI's renderers do, and checks its bounds. */
final class Frames {
  private Frames() {}

  static long touch(Dissection d, byte[] input) {
    long s = d.frame() + d.epochSeconds() + d.nanos() + d.frameLength() + d.capturedLength() + d.ipVersion()
        + d.protocol() + d.ttl() + d.type() + d.code() + (d.nanoResolution() ? 1 : 0) + (d.fragment() ? 1 : 0);
    s += String.valueOf(d.src()).length() + String.valueOf(d.dst()).length() + String.valueOf(d.protocolName()).length()
        + String.valueOf(d.protocolLabel()).length() + String.valueOf(d.name()).length()
        + String.valueOf(d.checksumOk()).length() + String.valueOf(d.id()).length() + String.valueOf(d.seq()).length()
        + String.valueOf(d.mtu()).length() + String.valueOf(d.gateway()).length()
        + String.valueOf(d.pointer()).length() + String.valueOf(d.quoted()).length()
        + String.valueOf(d.extensions()).length() + String.valueOf(d.malformed()).length()
        + String.valueOf(d.anomalies()).length();
    check(d.summary() != null, "no summary", input);
    check(d.ipVersion() >= 0 && d.ipVersion() <= 15, "ip version " + d.ipVersion(), input);
    // any other version nibble is reported as read, and only for a malformed IP layer (ruling F)
    check(d.ipVersion() == 0 || d.ipVersion() == 4 || d.ipVersion() == 6 || d.malformed() != null,
        "ip version " + d.ipVersion() + " without malformed", input);
    FieldTree t = d.tree();
    if (t != null) {
      s += t.render().length();
    }
    return s;
  }
}
