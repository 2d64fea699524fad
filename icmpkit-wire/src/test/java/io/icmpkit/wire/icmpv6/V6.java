package io.icmpkit.wire.icmpv6;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.testing.Vectors;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helpers over the "icmpv6" Scapy vectors: each is a full IPv6 packet; the ICMPv6 part starts at 40. */
final class V6 {
  private V6() {}

  /** The whole IPv6 packet. */
  static Octets packet(String name) {
    return Vectors.get("icmpv6", name);
  }

  /** The ICMPv6 message bytes (after the 40-byte IPv6 header; the vectors carry no extension headers). */
  static byte[] icmp(String name) {
    byte[] p = packet(name).toByteArray();
    return java.util.Arrays.copyOfRange(p, 40, p.length);
  }

  static MemorySegment src(String name) {
    return MemorySegment.ofArray(java.util.Arrays.copyOfRange(packet(name).toByteArray(), 8, 24));
  }

  static MemorySegment dst(String name) {
    return MemorySegment.ofArray(java.util.Arrays.copyOfRange(packet(name).toByteArray(), 24, 40));
  }

  static Inet6Address srcAddr(String name) {
    return Ip6.of(src(name).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
  }

  static Inet6Address dstAddr(String name) {
    return Ip6.of(dst(name).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
  }

  static Icmpv6Packet view(String name) {
    return Icmpv6Packet.checked(MemorySegment.ofArray(icmp(name)));
  }

  /** Parses a vector verifying its checksum. */
  static Icmpv6Message parse(String name, AnomalySink sink) {
    return Icmpv6Message.parse(view(name), src(name), dst(name), ChecksumPolicy.VERIFY, sink);
  }

  static Icmpv6Message parse(String name) {
    return parse(name, AnomalySink.IGNORE);
  }

  /** Emits with FILL into a buffer pre-filled with 0xA5 one byte longer than needed; returns the written part and checks the extra byte. */
  static byte[] emit(Icmpv6Message m, String name) {
    MemorySegment buf = MemorySegment.ofArray(new byte[m.bufferLength() + 1]);
    buf.fill((byte) 0xA5);
    m.emit(buf, srcAddr(name), dstAddr(name), ChecksumPolicy.FILL);
    byte[] all = buf.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    assertThat(all[all.length - 1]).as("byte after bufferLength()").isEqualTo((byte) 0xA5);
    return java.util.Arrays.copyOf(all, m.bufferLength());
  }

  static Inet6Address addr(String text) {
    try {
      return (Inet6Address) InetAddress.getByName(text);
    } catch (UnknownHostException | ClassCastException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** The tshark Info column per vector, with what belongs to other layers or to tshark's conversation tracking removed. */
  static Map<String, String> tsharkInfo() {
    try (InputStream in = V6.class.getResourceAsStream("/vectors/icmpv6_tshark.tsv")) {
      Map<String, String> out = new LinkedHashMap<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", 2);
        String info = f[1].replaceAll(", hop limit=\\d+.*$", "").replace("[Malformed Packet]", "");
        out.put(f[0], info);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
