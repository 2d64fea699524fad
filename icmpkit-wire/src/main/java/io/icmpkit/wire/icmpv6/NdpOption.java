package io.icmpkit.wire.icmpv6;

import io.icmpkit.wire.Anomaly;
import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Neighbor Discovery option (RFC 4861 section 4.6): type, length in units of 8 bytes (header
 * included), value. Options whose length does not fit their type's layout are kept as
 * {@link UnknownOption}, so every option list re-emits the bytes it was parsed from.
 *
 * @see <a href="https://www.iana.org/assignments/icmpv6-parameters">IANA IPv6 Neighbor Discovery Option Formats</a>
 */
public sealed interface NdpOption {
  int SOURCE_LINK_LAYER_ADDRESS = 1;
  int TARGET_LINK_LAYER_ADDRESS = 2;
  int PREFIX_INFORMATION = 3;
  int REDIRECTED_HEADER = 4;
  int MTU = 5;
  int NONCE = 14;
  int ROUTE_INFORMATION = 24;
  int RECURSIVE_DNS_SERVER = 25;
  int DNS_SEARCH_LIST = 31;

  /** The option type. */
  int type();

  /** The wire length in bytes (a multiple of 8, at least 8). */
  int bufferLength();

  /** Adds this option as a subtree, as tshark's "ICMPv6 Option (...)". */
  void describe(FieldTree tree);

  /** Source Link-layer Address (type 1): the address bytes, with any padding (6 for Ethernet). */
  record SourceLinkLayerAddress(Octets address) implements NdpOption {
    public SourceLinkLayerAddress {
      checkPadded("link-layer address", address);
    }

    @Override
    public int type() {
      return SOURCE_LINK_LAYER_ADDRESS;
    }

    @Override
    public int bufferLength() {
      return 2 + address.length();
    }

    @Override
    public void describe(FieldTree tree) {
      tree.child("ICMPv6 Option (Source link-layer address : " + Ip6.mac(address) + ")")
          .field("Type", "Source link-layer address (1)").field("Length", bufferLength() / 8 + " (" + bufferLength() + " bytes)")
          .field("Link-layer address", Ip6.mac(address));
    }
  }

  /** Target Link-layer Address (type 2). */
  record TargetLinkLayerAddress(Octets address) implements NdpOption {
    public TargetLinkLayerAddress {
      checkPadded("link-layer address", address);
    }

    @Override
    public int type() {
      return TARGET_LINK_LAYER_ADDRESS;
    }

    @Override
    public int bufferLength() {
      return 2 + address.length();
    }

    @Override
    public void describe(FieldTree tree) {
      tree.child("ICMPv6 Option (Target link-layer address : " + Ip6.mac(address) + ")")
          .field("Type", "Target link-layer address (2)").field("Length", bufferLength() / 8 + " (" + bufferLength() + " bytes)")
          .field("Link-layer address", Ip6.mac(address));
    }
  }

  /**
   * Prefix Information (type 3, length 4, RFC 4861 section 4.6.2): L (on-link), A (autonomous),
   * R (router address, RFC 6275) and the remaining 5 reserved flag bits.
   */
  record PrefixInformation(int prefixLength, boolean onLink, boolean autonomous, boolean routerAddress,
      int reservedFlags, long validLifetime, long preferredLifetime, Inet6Address prefix) implements NdpOption {
    public PrefixInformation {
      if (prefixLength < 0 || prefixLength > 128) {
        throw new IllegalArgumentException("prefix length out of range 0-128: " + prefixLength);
      }
      if (reservedFlags < 0 || reservedFlags > 0x1F) {
        throw new IllegalArgumentException("reserved flags are 5 bits: " + reservedFlags);
      }
      Icmpv6Codec.checkU32("valid lifetime", validLifetime);
      Icmpv6Codec.checkU32("preferred lifetime", preferredLifetime);
    }

    public PrefixInformation(int prefixLength, boolean onLink, boolean autonomous, long validLifetime,
        long preferredLifetime, Inet6Address prefix) {
      this(prefixLength, onLink, autonomous, false, 0, validLifetime, preferredLifetime, prefix);
    }

    @Override
    public int type() {
      return PREFIX_INFORMATION;
    }

    @Override
    public int bufferLength() {
      return 32;
    }

    @Override
    public void describe(FieldTree tree) {
      tree.child("ICMPv6 Option (Prefix information : " + Ip6.format(prefix) + "/" + prefixLength + ")")
          .field("Type", "Prefix information (3)").field("Length", "4 (32 bytes)")
          .field("Prefix Length", prefixLength)
          .field("Flag", "on-link " + onLink + ", autonomous " + autonomous + ", router address " + routerAddress)
          .field("Valid Lifetime", lifetimeText(validLifetime))
          .field("Preferred Lifetime", lifetimeText(preferredLifetime))
          .field("Prefix", Ip6.format(prefix));
    }
  }

  /** Redirected Header (type 4, RFC 4861 section 4.6.3): the start of the redirected packet, padded. */
  record RedirectedHeader(Octets packet) implements NdpOption {
    public RedirectedHeader {
      if (packet.length() % 8 != 0) {
        throw new IllegalArgumentException("redirected header data must be a multiple of 8 bytes: " + packet.length());
      }
      checkSize(8 + packet.length());
    }

    @Override
    public int type() {
      return REDIRECTED_HEADER;
    }

    @Override
    public int bufferLength() {
      return 8 + packet.length();
    }

    @Override
    public void describe(FieldTree tree) {
      tree.child("ICMPv6 Option (Redirected header)").field("Type", "Redirected header (4)")
          .field("Length", bufferLength() / 8 + " (" + bufferLength() + " bytes)")
          .field("Redirected packet", packet.toHex());
    }
  }

  /** MTU (type 5, length 1). */
  record Mtu(long mtu) implements NdpOption {
    public Mtu {
      Icmpv6Codec.checkU32("mtu", mtu);
    }

    @Override
    public int type() {
      return MTU;
    }

    @Override
    public int bufferLength() {
      return 8;
    }

    @Override
    public void describe(FieldTree tree) {
      tree.child("ICMPv6 Option (MTU : " + mtu + ")").field("Type", "MTU (5)").field("Length", "1 (8 bytes)").field("MTU", mtu);
    }
  }

  /** Nonce (type 14, RFC 3971 section 5.3.2): at least 6 bytes, a multiple of 8 with the header. */
  record Nonce(Octets nonce) implements NdpOption {
    public Nonce {
      checkPadded("nonce", nonce);
    }

    @Override
    public int type() {
      return NONCE;
    }

    @Override
    public int bufferLength() {
      return 2 + nonce.length();
    }

    @Override
    public void describe(FieldTree tree) {
      tree.child("ICMPv6 Option (Nonce)").field("Type", "Nonce (14)")
          .field("Length", bufferLength() / 8 + " (" + bufferLength() + " bytes)").field("Nonce", nonce.toHex());
    }
  }

  /**
   * Route Information (type 24, RFC 4191 section 2.3): prefix length, preference (2 bits: 0
   * medium, 1 high, 3 low), route lifetime, prefix, and the option length in 8-byte units (1, 2 or
   * 3: senders may use a longer option than the prefix needs, and many, Scapy included, always use
   * 3). The 4-argument constructor picks the shortest length that carries the prefix.
   */
  record RouteInformation(int prefixLength, int preference, long routeLifetime, Inet6Address prefix, int units)
      implements NdpOption {
    public RouteInformation {
      if (prefixLength < 0 || prefixLength > 128) {
        throw new IllegalArgumentException("prefix length out of range 0-128: " + prefixLength);
      }
      if (preference < 0 || preference > 3) {
        throw new IllegalArgumentException("preference is 2 bits: " + preference);
      }
      Icmpv6Codec.checkU32("route lifetime", routeLifetime);
      if (units < minimalUnits(prefixLength, prefix) || units > 3) {
        throw new IllegalArgumentException("option length " + units + " cannot carry /" + prefixLength
            + " " + prefix.getHostAddress() + " (needs " + minimalUnits(prefixLength, prefix) + "-3)");
      }
    }

    public RouteInformation(int prefixLength, int preference, long routeLifetime, Inet6Address prefix) {
      this(prefixLength, preference, routeLifetime, prefix, minimalUnits(prefixLength, prefix));
    }

    /** The shortest length carrying the prefix bits and every non-zero prefix byte. */
    static int minimalUnits(int prefixLength, Inet6Address prefix) {
      byte[] a = prefix.getAddress();
      int last = 0;
      for (int i = 0; i < 16; i++) {
        if (a[i] != 0) {
          last = i + 1;
        }
      }
      int bytes = Math.max(last, (prefixLength + 7) / 8);
      return bytes == 0 ? 1 : bytes <= 8 ? 2 : 3;
    }

    @Override
    public int type() {
      return ROUTE_INFORMATION;
    }

    @Override
    public int bufferLength() {
      return units * 8;
    }

    @Override
    public void describe(FieldTree tree) {
      String prf = preferenceName(preference);
      tree.child("ICMPv6 Option (Route Information : " + prf + " " + Ip6.format(prefix) + "/" + prefixLength + ")")
          .field("Type", "Route Information (24)").field("Length", bufferLength() / 8 + " (" + bufferLength() + " bytes)")
          .field("Prefix Length", prefixLength).field("Route Preference", prf)
          .field("Route Lifetime", lifetimeText(routeLifetime)).field("Prefix", Ip6.format(prefix));
    }
  }

  /** Recursive DNS Server (type 25, RFC 8106 section 5.1): lifetime in seconds and the servers. */
  record RecursiveDnsServer(long lifetime, List<Inet6Address> servers) implements NdpOption {
    public RecursiveDnsServer {
      Icmpv6Codec.checkU32("lifetime", lifetime);
      servers = List.copyOf(servers);
      checkSize(8 + 16 * servers.size());
    }

    @Override
    public int type() {
      return RECURSIVE_DNS_SERVER;
    }

    @Override
    public int bufferLength() {
      return 8 + 16 * servers.size();
    }

    @Override
    public void describe(FieldTree tree) {
      StringBuilder label = new StringBuilder("ICMPv6 Option (Recursive DNS Server");
      servers.forEach(a -> label.append(' ').append(Ip6.format(a)));
      FieldTree t = tree.child(label.append(')').toString()).field("Type", "Recursive DNS Server (25)")
          .field("Length", bufferLength() / 8 + " (" + bufferLength() + " bytes)").field("Lifetime", lifetimeText(lifetime));
      servers.forEach(a -> t.field("Recursive DNS Servers", Ip6.format(a)));
    }
  }

  /**
   * DNS Search List (type 31, RFC 8106 section 5.2): lifetime and domain names (without the final
   * dot), encoded as DNS labels (no compression) and padded with zeros to a multiple of 8.
   */
  record DnsSearchList(long lifetime, List<String> domains) implements NdpOption {
    public DnsSearchList {
      Icmpv6Codec.checkU32("lifetime", lifetime);
      domains = List.copyOf(domains);
      if (domains.isEmpty()) {
        throw new IllegalArgumentException("RFC 8106 5.2: a DNS Search List holds at least one domain name");
      }
      for (String d : domains) {
        checkDomain(d);
      }
      checkSize(encodedLength(domains));
    }

    @Override
    public int type() {
      return DNS_SEARCH_LIST;
    }

    @Override
    public int bufferLength() {
      return encodedLength(domains);
    }

    private static int encodedLength(List<String> domains) {
      int n = 8;
      for (String d : domains) {
        n += d.length() + 2; // each label's length byte replaces a dot; plus first length byte and root
      }
      return (n + 7) & ~7;
    }

    @Override
    public void describe(FieldTree tree) {
      FieldTree t = tree.child("ICMPv6 Option (DNS Search List Option " + String.join(" ", domains) + ")")
          .field("Type", "DNS Search List Option (31)")
          .field("Length", bufferLength() / 8 + " (" + bufferLength() + " bytes)").field("Lifetime", lifetimeText(lifetime));
      domains.forEach(d -> t.field("Domain Names", d));
    }
  }

  /** Any other option (or one whose length does not fit its type): type and the bytes after the length byte. */
  record UnknownOption(int type, Octets data) implements NdpOption {
    public UnknownOption {
      Icmpv6Codec.checkU8("type", type);
      checkPadded("option data", data);
    }

    @Override
    public int bufferLength() {
      return 2 + data.length();
    }

    @Override
    public void describe(FieldTree tree) {
      tree.child("ICMPv6 Option (" + typeName(type) + ")").field("Type", typeName(type) + " (" + type + ")")
          .field("Length", bufferLength() / 8 + " (" + bufferLength() + " bytes)").field("Data", data.toHex());
    }
  }

  // ---- walk -----------------------------------------------------------------------------------

  /**
   * Walks an option list (RFC 4861 section 4.6). Every option consumes at least 8 bytes, so the
   * walk is bounded by the segment length.
   *
   * @throws WireException MALFORMED for an option of length 0 (RFC 4861 section 4.6: "Nodes MUST
   *     silently discard an ND packet that contains an option with length zero"; BAD-INPUTS row 40)
   */
  static List<NdpOption> parseAll(MemorySegment s, AnomalySink sink) {
    List<NdpOption> out = new ArrayList<>();
    long n = s.byteSize();
    long off = 0;
    while (off < n) {
      if (n - off < 2) {
        sink.flag(Anomaly.ND_OPT_TRUNCATED); // a stray byte (row 41)
        break;
      }
      int type = Bytes.u8(s, off);
      int units = Bytes.u8(s, off + 1);
      if (units == 0) {
        throw new WireException(WireException.Reason.MALFORMED, "ND option type " + type + " with length 0 at offset " + off);
      }
      long len = units * 8L;
      if (len > n - off) {
        sink.flag(Anomaly.ND_OPT_TRUNCATED);
        break;
      }
      out.add(parseOne(s.asSlice(off, len), type, units, sink));
      off += len;
    }
    return out;
  }

  private static NdpOption parseOne(MemorySegment o, int type, int units, AnomalySink sink) {
    int len = units * 8;
    Octets rest = Octets.copyOf(o, 2, len - 2);
    switch (type) {
      case SOURCE_LINK_LAYER_ADDRESS:
        return new SourceLinkLayerAddress(rest);
      case TARGET_LINK_LAYER_ADDRESS:
        return new TargetLinkLayerAddress(rest);
      case PREFIX_INFORMATION:
        if (units == 4) {
          int f = Bytes.u8(o, 3);
          if (Bytes.u32(o, 12) == 0 && Bytes.u8(o, 2) <= 128) { // else it would not re-emit the same bytes
            return new PrefixInformation(Bytes.u8(o, 2), (f & 0x80) != 0, (f & 0x40) != 0,
                (f & 0x20) != 0, f & 0x1F, Bytes.u32(o, 4), Bytes.u32(o, 8), Ip6.read(o, 16));
          }
        }
        break;
      case REDIRECTED_HEADER:
        if (Bytes.u16(o, 2) == 0 && Bytes.u32(o, 4) == 0) {
          return new RedirectedHeader(Octets.copyOf(o, 8, len - 8));
        }
        break;
      case MTU:
        if (units == 1 && Bytes.u16(o, 2) == 0) {
          return new Mtu(Bytes.u32(o, 4));
        }
        break;
      case NONCE:
        return new Nonce(rest);
      case ROUTE_INFORMATION:
        if (units <= 3) {
          int plen = Bytes.u8(o, 2);
          int f = Bytes.u8(o, 3);
          byte[] prefix = new byte[16];
          MemorySegment.copy(o, java.lang.foreign.ValueLayout.JAVA_BYTE, 8, prefix, 0, len - 8);
          Inet6Address a = Ip6.of(prefix);
          if (plen <= 128 && (f & ~0x18) == 0 && units >= RouteInformation.minimalUnits(plen, a)) {
            return new RouteInformation(plen, (f >> 3) & 3, Bytes.u32(o, 4), a, units);
          }
        }
        break;
      case RECURSIVE_DNS_SERVER:
        if (units % 2 == 0) {
          sink.flag(Anomaly.ND_RDNSS_BAD_LENGTH); // CVE-2020-16898 pattern (row 42); no address read
          break;
        }
        if (Bytes.u16(o, 2) == 0) {
          List<Inet6Address> servers = new ArrayList<>((units - 1) / 2);
          for (int i = 8; i + 16 <= len; i += 16) {
            servers.add(Ip6.read(o, i));
          }
          return new RecursiveDnsServer(Bytes.u32(o, 4), servers);
        }
        break;
      case DNS_SEARCH_LIST:
        if (units >= 2 && Bytes.u16(o, 2) == 0) {
          List<String> names = decodeNames(o.asSlice(8));
          // no name at all (only padding) is not a DNSSL (RFC 8106 5.2: one or more names): kept raw
          if (names != null && !names.isEmpty()) {
            DnsSearchList d = new DnsSearchList(Bytes.u32(o, 4), names);
            if (d.bufferLength() == len) {
              return d;
            }
          }
        }
        break;
      default:
        break;
    }
    return new UnknownOption(type, rest);
  }

  /**
   * Decodes uncompressed DNS names until the zero padding; null when the bytes are not exactly
   * that (compression pointer, label past the end, name over 255 bytes, non-zero padding, or a
   * label that would not survive the text round trip).
   */
  private static List<String> decodeNames(MemorySegment s) {
    List<String> names = new ArrayList<>();
    long n = s.byteSize();
    long off = 0;
    while (off < n) {
      int first = Bytes.u8(s, off);
      if (first == 0) {
        for (long i = off; i < n; i++) { // padding: zeros to the end
          if (Bytes.u8(s, i) != 0) {
            return null;
          }
        }
        return names;
      }
      StringBuilder name = new StringBuilder();
      int wire = 0;
      while (true) {
        if (off >= n) {
          return null;
        }
        int l = Bytes.u8(s, off);
        off++;
        wire += l + 1;
        if (l == 0) {
          break;
        }
        if (l > 63 || off + l > n || wire > 255) {
          return null;
        }
        if (name.length() > 0) {
          name.append('.');
        }
        for (int i = 0; i < l; i++) {
          int c = Bytes.u8(s, off + i);
          if (c <= 0x20 || c >= 0x7F || c == '.') {
            return null;
          }
          name.append((char) c);
        }
        off += l;
      }
      names.add(name.toString());
    }
    return names;
  }

  /** Writes options back to back at {@code offset} (the caller checked the room); returns the bytes written. */
  static int emitAll(List<NdpOption> options, MemorySegment dst, long offset) {
    long off = offset;
    for (NdpOption o : options) {
      MemorySegment b = dst.asSlice(off, o.bufferLength());
      emit(o, b);
      off += o.bufferLength();
    }
    return (int) (off - offset);
  }

  /** The wire length of an option list. */
  static int lengthOf(List<NdpOption> options) {
    int n = 0;
    for (NdpOption o : options) {
      n += o.bufferLength();
    }
    return n;
  }

  private static void emit(NdpOption o, MemorySegment b) {
    b.fill((byte) 0);
    Bytes.setU8(b, 0, o.type());
    Bytes.setU8(b, 1, o.bufferLength() / 8);
    switch (o) {
      case SourceLinkLayerAddress a -> a.address().copyTo(b, 2);
      case TargetLinkLayerAddress a -> a.address().copyTo(b, 2);
      case PrefixInformation p -> {
        Bytes.setU8(b, 2, p.prefixLength());
        Bytes.setU8(b, 3, (p.onLink() ? 0x80 : 0) | (p.autonomous() ? 0x40 : 0) | (p.routerAddress() ? 0x20 : 0) | p.reservedFlags());
        Bytes.setU32(b, 4, p.validLifetime());
        Bytes.setU32(b, 8, p.preferredLifetime());
        Ip6.write(b, 16, p.prefix());
      }
      case RedirectedHeader r -> r.packet().copyTo(b, 8);
      case Mtu m -> Bytes.setU32(b, 4, m.mtu());
      case Nonce n -> n.nonce().copyTo(b, 2);
      case RouteInformation r -> {
        Bytes.setU8(b, 2, r.prefixLength());
        Bytes.setU8(b, 3, r.preference() << 3);
        Bytes.setU32(b, 4, r.routeLifetime());
        byte[] a = r.prefix().getAddress();
        MemorySegment.copy(a, 0, b, java.lang.foreign.ValueLayout.JAVA_BYTE, 8, r.bufferLength() - 8);
      }
      case RecursiveDnsServer r -> {
        Bytes.setU32(b, 4, r.lifetime());
        int off = 8;
        for (Inet6Address a : r.servers()) {
          Ip6.write(b, off, a);
          off += 16;
        }
      }
      case DnsSearchList d -> {
        Bytes.setU32(b, 4, d.lifetime());
        int off = 8;
        for (String name : d.domains()) {
          for (String label : name.split("\\.")) {
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            Bytes.setU8(b, off++, l.length);
            Bytes.put(b, off, l);
            off += l.length;
          }
          Bytes.setU8(b, off++, 0);
        }
      }
      case UnknownOption u -> u.data().copyTo(b, 2);
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** IANA names of the ND option types, worded as Wireshark. */
  static String typeName(int type) {
    return switch (type) {
      case 1 -> "Source link-layer address";
      case 2 -> "Target link-layer address";
      case 3 -> "Prefix information";
      case 4 -> "Redirected header";
      case 5 -> "MTU";
      case 6 -> "NBMA Shortcut Limit Option";
      case 7 -> "Advertisement Interval";
      case 8 -> "Home Agent Information";
      case 9 -> "Source Address List";
      case 10 -> "Target Address List";
      case 11 -> "CGA";
      case 12 -> "RSA Signature";
      case 13 -> "Timestamp";
      case 14 -> "Nonce";
      case 15 -> "Trust Anchor";
      case 16 -> "Certificate";
      case 17 -> "IP Address/Prefix Option";
      case 18 -> "New Router Prefix Information";
      case 19 -> "Link-layer Address";
      case 20 -> "Neighbor Advertisement Acknowledgment";
      case 23 -> "MAP";
      case 24 -> "Route Information";
      case 25 -> "Recursive DNS Server";
      case 26 -> "RA Flags Extension";
      case 31 -> "DNS Search List Option";
      case 37 -> "Captive-Portal";
      case 38 -> "PREF64";
      case 253, 254 -> "Experimental";
      default -> "Unknown";
    };
  }

  /** RFC 4191 section 2.1 preference names, as Wireshark prints them. */
  static String preferenceName(int prf) {
    return switch (prf) {
      case 0 -> "Medium";
      case 1 -> "High";
      case 2 -> "Reserved";
      default -> "Low";
    };
  }

  private static String lifetimeText(long seconds) {
    return seconds == 0xFFFF_FFFFL ? "Infinity (4294967295)" : Long.toString(seconds);
  }

  private static void checkPadded(String what, Octets data) {
    if ((data.length() + 2) % 8 != 0) {
      throw new IllegalArgumentException(what + " plus the 2-byte option header must be a multiple of 8, got "
          + data.length() + " bytes");
    }
    checkSize(data.length() + 2);
  }

  private static void checkSize(int bytes) {
    if (bytes > 255 * 8) {
      throw new IllegalArgumentException("ND option longer than 2040 bytes: " + bytes);
    }
  }

  private static void checkDomain(String d) {
    if (d.isEmpty() || d.length() > 253 || d.startsWith(".") || d.endsWith(".") || d.contains("..")) {
      throw new IllegalArgumentException("not a domain name (no final dot): '" + d + "'");
    }
    for (String label : d.split("\\.")) {
      if (label.length() > 63) {
        throw new IllegalArgumentException("DNS label longer than 63 bytes in " + d);
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (c <= 0x20 || c >= 0x7F) {
          throw new IllegalArgumentException("domain name must be printable ASCII: " + d);
        }
      }
    }
  }
}
