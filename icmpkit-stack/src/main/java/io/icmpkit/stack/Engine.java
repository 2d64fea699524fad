package io.icmpkit.stack;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.icmpkit.stack.StackCounters.Counter;
import io.icmpkit.stack.iface.Addresses;
import io.icmpkit.stack.iface.IcmpRateLimiter;
import io.icmpkit.stack.iface.InterfaceAddress;
import io.icmpkit.stack.iface.NextHop;
import io.icmpkit.stack.iface.NodeInterface;
import io.icmpkit.stack.iface.Reassembler;
import io.icmpkit.stack.iface.Route;
import io.icmpkit.stack.iface.RouteType;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.ext.ExtensionObject;
import io.icmpkit.wire.ext.IcmpExtensions;
import io.icmpkit.wire.ext.InterfaceIdentification;
import io.icmpkit.wire.ext.InterfaceInformation;
import io.icmpkit.wire.ext.MplsLabelStack;
import io.icmpkit.wire.icmpv4.Icmpv4Message;
import io.icmpkit.wire.icmpv4.Icmpv4Packet;
import io.icmpkit.wire.icmpv6.Icmpv6Message;
import io.icmpkit.wire.icmpv6.Icmpv6Packet;
import io.icmpkit.wire.icmpv6.NdpOption;
import io.icmpkit.wire.ipv4.Ipv4Packet;
import io.icmpkit.wire.ipv6.Ipv6ExtensionWalk;
import io.icmpkit.wire.ipv6.Ipv6Packet;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The packet processing of a {@link Node}: IPv4 and IPv6 input, local delivery, forwarding, ICMP
 * replies and errors. Each rule cites the RFC section it applies. Not thread safe.
 */
final class Engine {
  /** RFC 1812 4.3.2.3 / RFC 1122 3.2.2: an ICMPv4 error is at most 576 bytes. */
  static final int MAX_ERROR_V4 = 576;
  /** RFC 4443 2.4 (c): an ICMPv6 error must not exceed the minimum IPv6 MTU. */
  static final int MAX_ERROR_V6 = 1280;
  /** Bound on nested processing (a reassembled datagram is processed once more). */
  private static final int MAX_DEPTH = 2;

  private static final int PROTO_ICMP = 1;
  private static final int PROTO_IGMP = 2;
  private static final int PROTO_TCP = 6;
  private static final int PROTO_UDP = 17;
  private static final int PROTO_ICMPV6 = 58;

  private final Node node;
  private final StackCounters c;
  private final StackConfig cfg;
  private final Transmit fixedTransmit;
  private Transmit lastTransmit;
  long lastNow;
  private int ipId;
  private int depth;

  Engine(Node node, Transmit fixedTransmit) {
    this.node = node;
    this.c = node.counters();
    this.cfg = node.config();
    this.fixedTransmit = fixedTransmit;
    this.ipId = node.random.nextInt(0x10000);
  }

  // ---------------------------------------------------------------- entry points

  void receive(MemorySegment pkt, NodeInterface in, long now, Transmit out) {
    lastTransmit = out;
    lastNow = now;
    c.increment(Counter.IP_IN_RECEIVES);
    if (pkt.byteSize() < 1) {
      c.increment(Counter.IP_IN_HDR_ERRORS);
      return;
    }
    int version = Bytes.u8(pkt, 0) >>> 4;
    if (version == 4) {
      receive4(pkt, in, now, out);
    } else if (version == 6) {
      receive6(pkt, in, now, out);
    } else {
      c.increment(Counter.IP_IN_HDR_ERRORS);
    }
  }

  void tick(long now, Transmit out) {
    lastNow = now;
    Transmit t = out != null ? out : fixedTransmit != null ? fixedTransmit : lastTransmit;
    if (t != null) {
      node.multicast.tick(now, t);
    }
    for (Reassembler.Expired e : node.reassembler.expire(now)) {
      // RFC 792 / RFC 1122 3.2.1.4 / RFC 8200 4.5: Time Exceeded code 1 only when the first
      // fragment (offset zero) arrived; it is the one quoted
      if (e.firstFragment() == null || t == null) {
        continue;
      }
      MemorySegment first = MemorySegment.ofArray(e.firstFragment());
      if (e.version() == 4) {
        error4(first, e.ingress(), 11, 1, 0, now, t);
      } else {
        error6(first, e.ingress(), 3, 1, 0, now, t);
      }
    }
  }

  void originate(MemorySegment pkt, long now, Transmit out) {
    byte[] b = pkt.toArray(JAVA_BYTE);
    int version = b.length > 0 ? (b[0] & 0xFF) >>> 4 : 0;
    byte[] dst = version == 4 ? Arrays.copyOfRange(b, 16, 20) : version == 6 ? Arrays.copyOfRange(b, 24, 40) : null;
    if (dst == null || b.length < (version == 4 ? 20 : 40)) {
      throw new IllegalArgumentException("not an IPv4 or IPv6 packet");
    }
    if (node.isOwnAddress(dst)) {
      receive(pkt, node.interfaces().getFirst(), now, out);
      return;
    }
    sendLocal(b, version == 6, now, out);
  }

  // ---------------------------------------------------------------- IPv4

  private void receive4(MemorySegment raw, NodeInterface in, long now, Transmit out) {
    Ipv4Packet p;
    try {
      p = Ipv4Packet.checked(raw);
    } catch (WireException e) {
      c.increment(Counter.IP_IN_HDR_ERRORS);
      return;
    }
    // RFC 1122 3.2.1.1-3.2.1.2 / RFC 1812 5.2.2: a datagram cut short or with a bad header
    // checksum is silently discarded (BAD-INPUTS rows 7, 12)
    if (p.isTruncated() || !p.verifyChecksum()) {
      c.increment(Counter.IP_IN_HDR_ERRORS);
      return;
    }
    MemorySegment seg = raw.asSlice(0, p.totalLength()); // row 8: padding is not payload
    int src = p.sourceBits();
    int dst = p.destinationBits();
    // RFC 1812 5.3.7 / RFC 1122 3.2.1.3: a multicast, broadcast or class E source is martian
    if (Addresses.isV4Multicast(src) || (src >>> 28) == 0xF) {
      c.increment(Counter.IP_IN_ADDR_ERRORS);
      return;
    }
    if (p.headerLength() > 20 && !options4(seg, p, in, now, out)) {
      return;
    }
    byte[] dstb = Arrays.copyOfRange(seg.toArray(JAVA_BYTE), 16, 20);
    boolean unicastLocal = node.isOwnAddress(dstb);
    boolean bcast = !unicastLocal && isBroadcastOrMulticast4(dst);
    if (unicastLocal || bcast) {
      if (p.isFragment()) {
        if (depth >= MAX_DEPTH) {
          return;
        }
        byte[] whole = node.reassembler.offerV4(seg, in, now);
        if (whole != null) {
          depth++;
          try {
            deliver4(MemorySegment.ofArray(whole), in, now, out, bcast);
          } finally {
            depth--;
          }
        }
        return;
      }
      deliver4(seg, in, now, out, bcast);
      return;
    }
    if (!node.isRouter()) {
      // RFC 1122 3.3.4.2 / 3.3.1.6: a host does not forward; a datagram not for it is dropped
      c.increment(Counter.IP_IN_ADDR_ERRORS);
      return;
    }
    forward4(seg, p, in, now, out);
  }

  /** Whether an IPv4 destination is the limited broadcast, a directed broadcast of a connected subnet, or multicast. */
  private boolean isBroadcastOrMulticast4(int dst) {
    if (Addresses.isV4LimitedBroadcast(dst) || Addresses.isV4Multicast(dst)) {
      return true;
    }
    for (NodeInterface i : node.interfaces()) {
      if (i.isDirectedBroadcast(dst)) {
        return true;
      }
    }
    return false;
  }

  /**
   * IPv4 options (RFC 791 3.1): a malformed option gets Parameter Problem pointing at it (RFC 1122
   * 3.2.2.5, RFC 1812 5.2.5); a source route that is not exhausted gets Destination
   * Unreachable code 5 when source routing is off (RFC 1812 5.2.4.1 and 4.3.3.5). Returns whether
   * processing continues.
   */
  private boolean options4(MemorySegment seg, Ipv4Packet p, NodeInterface in, long now, Transmit out) {
    int end = p.headerLength();
    int pos = 20;
    for (int guard = 0; pos < end && guard < 40; guard++) {
      int type = Bytes.u8(seg, pos);
      if (type == 0) {
        break; // end of option list
      }
      if (type == 1) {
        pos++;
        continue;
      }
      if (pos + 1 >= end) {
        error4(seg, in, 12, 0, pos, now, out);
        return false;
      }
      int len = Bytes.u8(seg, pos + 1);
      if (len < 2 || pos + len > end) {
        // BAD-INPUTS rows 9-10; the pointer names the offending length octet (as Linux does)
        error4(seg, in, 12, 0, pos + 1, now, out);
        return false;
      }
      if ((type == 131 || type == 137) && !cfg.sourceRouting()) {
        // LSRR / SSRR: the route is not exhausted while pointer <= length
        int ptr = len >= 3 ? Bytes.u8(seg, pos + 2) : 0;
        if (ptr <= len) {
          error4(seg, in, 3, 5, 0, now, out);
          return false;
        }
      }
      pos += len;
    }
    return true;
  }

  private void deliver4(MemorySegment seg, NodeInterface in, long now, Transmit out, boolean bcast) {
    c.increment(Counter.IP_IN_DELIVERS);
    int ihl = (Bytes.u8(seg, 0) & 0xF) * 4;
    int proto = Bytes.u8(seg, 9);
    byte[] src = bytes(seg, 12, 4);
    byte[] dst = bytes(seg, 16, 4);
    if (!node.filters().isEmpty() && node.filtered(src, dst, proto)) {
      error4(seg, in, 3, 13, 0, now, out);
      return;
    }
    MemorySegment payload = seg.asSlice(ihl);
    switch (proto) {
      case PROTO_ICMP -> icmp4(seg, payload, in, now, out, bcast);
      case PROTO_UDP -> udp(seg, payload, false, in, now, out);
      case PROTO_TCP -> tcp(seg, payload, false, in, now, out, bcast);
      case PROTO_IGMP -> node.multicast.igmpIn(seg, payload, in, now, out);
      default -> {
        // RFC 1122 3.2.2.1 / RFC 792: no handler for the protocol: protocol unreachable
        c.increment(Counter.IP_IN_UNKNOWN_PROTOS);
        error4(seg, in, 3, 2, 0, now, out);
      }
    }
  }

  private void forward4(MemorySegment seg, Ipv4Packet p, NodeInterface in, long now, Transmit out) {
    byte[] dst = bytes(seg, 16, 4);
    byte[] src = bytes(seg, 12, 4);
    int dstBits = p.destinationBits();
    if (Addresses.isV4LimitedBroadcast(dstBits) || Addresses.isV4Multicast(dstBits)) {
      return; // RFC 1812 5.3.5.1: never forward the limited broadcast; no multicast routing here
    }
    Route route = node.lookup(dst);
    if (route == null) {
      // RFC 1812 5.2.7.1: no route at all: Network Unreachable (code 0)
      c.increment(Counter.IP_OUT_NO_ROUTES);
      error4(seg, in, 3, 0, 0, now, out);
      return;
    }
    switch (route.type()) {
      case UNREACHABLE -> {
        // an unreachable route: Host Unreachable (code 1), as Linux answers for such routes
        c.increment(Counter.IP_OUT_NO_ROUTES);
        error4(seg, in, 3, 1, 0, now, out);
        return;
      }
      case PROHIBIT -> {
        // RFC 1812 5.2.7.1: Communication Administratively Prohibited (code 13)
        error4(seg, in, 3, 13, 0, now, out);
        return;
      }
      case BLACKHOLE -> {
        c.increment(Counter.IP_IN_DISCARDS);
        return;
      }
      case UNICAST -> {
      }
    }
    // RFC 1812 5.3.1 / RFC 792: a router that would forward with TTL 0 discards and sends Time
    // Exceeded code 0 instead (checked before the decrement, as Linux's ip_forward does)
    if (p.ttl() <= 1) {
      error4(seg, in, 11, 0, 0, now, out);
      return;
    }
    NextHop hop = route.select(flowHash4(seg));
    NodeInterface egress = hop.iface();
    byte[] nextHop = hop.via() != null ? hop.via().getAddress() : dst;
    int len = (int) seg.byteSize();
    if (len > egress.mtu() && p.dontFragment()) {
      // RFC 1191 section 4 / RFC 1812 5.2.7.1: Fragmentation Needed and DF Set (code 4) with the
      // next-hop MTU in bytes 6-7
      c.increment(Counter.IP_FRAG_FAILS);
      error4(seg, in, 3, 4, egress.mtu(), now, out);
      return;
    }
    if (!node.filters().isEmpty() && node.filtered(src, dst, p.protocol())) {
      error4(seg, in, 3, 13, 0, now, out);
      return;
    }
    // RFC 1812 5.2.7.2 / RFC 1122 3.2.2.2: leaving by the interface it came in on, towards a next
    // hop on the source's own subnet, the packet earns the source a Redirect; routers send only
    // host redirects (code 1; RFC 1812 5.2.7.2 forbids network redirects), never for a packet
    // with a source route, and still forward the packet
    if (cfg.redirects() && egress == in && in.onLink(src) && !hasSourceRoute4(seg)) {
      redirect4(seg, in, nextHop, now, out);
    }
    byte[] fwd = seg.toArray(JAVA_BYTE);
    MemorySegment f = MemorySegment.ofArray(fwd);
    int oldWord = Bytes.u16(f, 8);
    Bytes.setU8(f, 8, p.ttl() - 1);
    // RFC 1624 equation 3: update the header checksum for the TTL change without summing again
    Bytes.setU16(f, 10, Checksum.update(Bytes.u16(f, 10), oldWord, Bytes.u16(f, 8)));
    c.increment(Counter.IP_FORW_DATAGRAMS);
    output4(fwd, egress, Addresses.of(nextHop), out);
  }

  private static boolean hasSourceRoute4(MemorySegment seg) {
    int end = (Bytes.u8(seg, 0) & 0xF) * 4;
    int pos = 20;
    for (int guard = 0; pos < end && guard < 40; guard++) {
      int t = Bytes.u8(seg, pos);
      if (t == 0) {
        return false;
      }
      if (t == 1) {
        pos++;
        continue;
      }
      if (t == 131 || t == 137) {
        return true;
      }
      if (pos + 1 >= end || Bytes.u8(seg, pos + 1) < 2) {
        return false;
      }
      pos += Bytes.u8(seg, pos + 1);
    }
    return false;
  }

  /** Per-flow hash (addresses, protocol, ports of a first fragment) for ECMP. */
  private int flowHash4(MemorySegment seg) {
    int h = node.hashSeed;
    h = mix(h, Bytes.i32(seg, 12));
    h = mix(h, Bytes.i32(seg, 16));
    int proto = Bytes.u8(seg, 9);
    h = mix(h, proto);
    int ihl = (Bytes.u8(seg, 0) & 0xF) * 4;
    boolean first = (Bytes.u16(seg, 6) & 0x1FFF) == 0;
    if (first && (proto == PROTO_UDP || proto == PROTO_TCP) && seg.byteSize() >= ihl + 4) {
      h = mix(h, Bytes.i32(seg, ihl));
    }
    return h;
  }

  private static int mix(int h, int v) {
    h ^= v * 0x9E3779B1;
    h = Integer.rotateLeft(h, 13) * 5 + 0xE6546B64;
    return h ^ (h >>> 16);
  }

  // ---------------------------------------------------------------- ICMPv4 input

  private void icmp4(MemorySegment ip, MemorySegment icmp, NodeInterface in, long now, Transmit out, boolean bcast) {
    Icmpv4Packet v;
    try {
      v = Icmpv4Packet.checked(icmp);
    } catch (WireException e) {
      c.increment(Counter.ICMP_IN_ERRORS);
      return;
    }
    if (!v.verifyChecksum()) {
      // BAD-INPUTS row 34: the stack drops a message whose checksum fails
      c.increment(Counter.ICMP_IN_CSUM_ERRORS);
      c.increment(Counter.ICMP_IN_ERRORS);
      return;
    }
    int type = v.type();
    c.icmpIn(false, type);
    int src = Bytes.i32(ip, 12);
    switch (type) {
      case 8 -> {
        // RFC 1122 3.2.2.6: echo reply with the data copied whole; a request to a broadcast or
        // multicast address MAY be ignored (Linux icmp_echo_ignore_broadcasts)
        if (!cfg.echoReply() || (bcast && cfg.echoIgnoreBroadcasts()) || Addresses.isV4NonUnicastSource(src)) {
          return;
        }
        byte[] reply = icmp.toArray(JAVA_BYTE);
        MemorySegment r = MemorySegment.ofArray(reply);
        int old = Bytes.u16(r, 0);
        Bytes.setU8(r, 0, 0);
        Bytes.setU8(r, 1, 0);
        Bytes.setU16(r, 2, Checksum.update(Bytes.u16(r, 2), old, 0));
        // RFC 1812 4.3.2.5: the reply keeps the request's TOS
        reply4(ip, in, Bytes.u8(ip, 1), reply, 0, now, out, bcast);
      }
      case 13 -> {
        // RFC 792 timestamp: originate copied, receive and transmit in ms since midnight UT;
        // BAD-INPUTS row 20: shorter than 20 bytes has no timestamp fields
        if (!cfg.timestampReply() || v.length() < 20 || (bcast && cfg.echoIgnoreBroadcasts())
            || Addresses.isV4NonUnicastSource(src)) {
          return;
        }
        long ms = node.utcMillisOfDay(now);
        var m = new Icmpv4Message.TimestampReply(0, v.echoIdentifier(), v.echoSequence(), v.originateTimestamp(), ms, ms);
        reply4(ip, in, 0, emit4(m), 14, now, out, bcast);
      }
      case 17 -> {
        // RFC 950 / RFC 1122 3.2.2.9: address mask reply, only when configured to be authoritative
        if (!cfg.addressMaskReply() || v.length() < 12 || Addresses.isV4NonUnicastSource(src)) {
          return;
        }
        InterfaceAddress a = in.ipv4();
        if (a == null) {
          return;
        }
        var m = new Icmpv4Message.AddressMaskReply(0, v.echoIdentifier(), v.echoSequence(),
            Addresses.v4(a.maskBits()));
        reply4(ip, in, 0, emit4(m), 18, now, out, bcast);
      }
      case 42 -> {
        if (!cfg.extendedEcho() || bcast || Addresses.isV4NonUnicastSource(src)) {
          return; // RFC 8335 section 6: off unless enabled
        }
        Icmpv4Message m = Icmpv4Message.parse(v, ChecksumPolicy.IGNORE);
        int code;
        int[] st = {0, 0, 0, 0};
        if (m instanceof Icmpv4Message.ExtendedEchoRequest q && v.code() == 0) {
          code = probe(q.local(), q.query(), st);
        } else {
          code = 1; // RFC 8335 section 3: Malformed Query
        }
        var reply = new Icmpv4Message.ExtendedEchoReply(code, v.echoIdentifier(), v.extendedEchoSequence(),
            st[0], st[1] != 0, st[2] != 0, st[3] != 0);
        reply4(ip, in, 0, emit4(reply), 43, now, out, bcast);
      }
      // RFC 6633 section 3: source quench is never sent and ignored on receive; information
      // request/reply (15/16) are obsolete (RFC 1812 4.3.3.7: a router SHOULD NOT answer);
      // redirects do not change a router's routes (RFC 1812 4.3.3.2); errors are counted only
      default -> {
      }
    }
  }

  /**
   * RFC 8335 section 4: answers a PROBE about one of this node's interfaces (L bit set) by name,
   * index or address. {@code st}: state, active, ipv4, ipv6. Returns the reply code.
   */
  private int probe(boolean local, InterfaceIdentification q, int[] st) {
    if (!local) {
      if (q.cType() == InterfaceIdentification.BY_ADDRESS && q.inetAddress() != null) {
        // a neighbour on a connected subnet: without a neighbour table we report no entry
        return 3;
      }
      return 3; // No Such Table Entry
    }
    List<NodeInterface> found = new ArrayList<>();
    for (NodeInterface i : node.interfaces()) {
      boolean match = switch (q.cType()) {
        case InterfaceIdentification.BY_NAME -> i.name().equals(q.name());
        case InterfaceIdentification.BY_INDEX -> i.index() == q.index();
        case InterfaceIdentification.BY_ADDRESS -> q.inetAddress() != null && i.hasAddress(q.inetAddress().getAddress());
        default -> false;
      };
      if (match) {
        found.add(i);
      }
    }
    if (q.cType() < 1 || q.cType() > 3) {
      return 1;
    }
    if (found.isEmpty()) {
      return 2; // No Such Interface
    }
    if (found.size() > 1) {
      return 4; // Multiple Interfaces Satisfy Query
    }
    NodeInterface i = found.getFirst();
    st[0] = 0; // RFC 8335 3: state is 0 when the probed interface is the proxy's own
    st[1] = 1;
    st[2] = i.ipv4() != null ? 1 : 0;
    st[3] = i.ipv6() != null ? 1 : 0;
    return 0;
  }

  private static byte[] emit4(Icmpv4Message m) {
    byte[] b = new byte[m.bufferLength()];
    m.emit(MemorySegment.ofArray(b), ChecksumPolicy.FILL);
    return b;
  }

  /** Sends an ICMPv4 reply to the request's source. */
  private void reply4(MemorySegment req, NodeInterface in, int tos, byte[] icmp, int type, long now, Transmit out,
      boolean bcast) {
    byte[] reqDst = bytes(req, 16, 4);
    byte[] src;
    if (!bcast) {
      src = reqDst;
    } else {
      InterfaceAddress a = in.ipv4();
      if (a == null) {
        return;
      }
      src = a.address().getAddress();
    }
    byte[] pkt = ipv4(src, bytes(req, 12, 4), PROTO_ICMP, tos, cfg.defaultTtl(), icmp);
    if (sendLocal(pkt, false, now, out)) {
      c.icmpOut(false, type, false);
    }
  }

  // ---------------------------------------------------------------- ICMPv4 errors

  /**
   * Sends an ICMPv4 error about {@code orig} (the offending datagram as received) unless a
   * never-rule forbids it or the rate limiter says no. {@code param}: next-hop MTU (type 3 code 4),
   * pointer (type 12) or gateway bits (type 5).
   */
  void error4(MemorySegment orig, NodeInterface in, int type, int code, int param, long now, Transmit out) {
    if (!mayError4(orig)) {
      c.increment(Counter.ICMP_OUT_SUPPRESSED);
      return;
    }
    byte[] origSrc = bytes(orig, 12, 4);
    byte[] origDst = bytes(orig, 16, 4);
    Route back = node.lookup(origSrc);
    if (!Node.isUnicastRoute(back)) {
      c.increment(Counter.IP_OUT_NO_ROUTES);
      return;
    }
    byte[] src = errorSource(origDst, in, back, false);
    if (src == null) {
      return;
    }
    switch (node.limiter.allow(false, type, code, origSrc, now)) {
      case LIMITED_GLOBAL -> {
        c.increment(Counter.ICMP_OUT_RATE_LIMIT_GLOBAL);
        return;
      }
      case LIMITED_HOST -> {
        c.increment(Counter.ICMP_OUT_RATE_LIMIT_HOST);
        return;
      }
      case ALLOW -> {
      }
    }
    IcmpExtensions ext = type == 3 || type == 11 || type == 12 ? extensions(in, false) : null;
    int extLen = ext == null ? 0 : ext.bufferLength();
    // RFC 1812 4.3.2.3 / RFC 1122 3.2.2: as much of the original datagram as fits in 576 bytes,
    // copied unchanged (Linux: room = 576 - IP header - ICMP header)
    int room = MAX_ERROR_V4 - 20 - 8 - extLen;
    int qlen = Math.min((int) orig.byteSize(), room);
    if (ext != null && qlen < orig.byteSize()) {
      qlen &= ~3; // RFC 4884 4.1: the original datagram field is whole 32-bit words
    }
    Octets quote = Octets.copyOf(orig, 0, qlen);
    Icmpv4Message m = switch (type) {
      case 3 -> new Icmpv4Message.DestinationUnreachable(code, code == 4 ? param : 0, quote, ext);
      case 11 -> new Icmpv4Message.TimeExceeded(code, quote, ext);
      case 12 -> new Icmpv4Message.ParameterProblem(code, param, quote, ext);
      case 5 -> new Icmpv4Message.Redirect(code, Addresses.v4(param), quote);
      default -> throw new IllegalArgumentException("not an ICMPv4 error type: " + type);
    };
    // Linux: errors carry the original TOS with precedence "internetwork control" (RFC 1812 4.3.2.5)
    int tos = (Bytes.u8(orig, 1) & 0x1E) | 0xC0;
    byte[] pkt = ipv4(src, origSrc, PROTO_ICMP, tos, cfg.defaultTtl(), emit4(m));
    if (sendLocal(pkt, false, now, out)) {
      c.icmpOut(false, type, true);
    }
  }

  /**
   * The never-rules of RFC 1122 3.2.2 and RFC 1812 4.3.2.7: no error about an ICMP error (an
   * unknown type counts as an error, as in Linux), a datagram to a broadcast or multicast address,
   * a fragment other than the first, or a datagram whose source is not a single host.
   */
  boolean mayError4(MemorySegment orig) {
    int src = Bytes.i32(orig, 12);
    int dst = Bytes.i32(orig, 16);
    if (Addresses.isV4NonUnicastSource(src) || isBroadcastOrMulticast4(src) || isBroadcastOrMulticast4(dst)) {
      return false;
    }
    if ((Bytes.u16(orig, 6) & 0x1FFF) != 0) {
      return false;
    }
    if (Bytes.u8(orig, 9) == PROTO_ICMP) {
      int ihl = (Bytes.u8(orig, 0) & 0xF) * 4;
      if (orig.byteSize() < ihl + 1) {
        return false; // no type to look at: treat as an error message
      }
      return isIcmpv4Query(Bytes.u8(orig, ihl));
    }
    return true;
  }

  /** ICMPv4 query (informational) types; everything else, unknown types included, is an error. */
  static boolean isIcmpv4Query(int type) {
    return switch (type) {
      case 0, 8, 9, 10, 13, 14, 15, 16, 17, 18, 42, 43 -> true;
      default -> false;
    };
  }

  private void redirect4(MemorySegment seg, NodeInterface in, byte[] gateway, long now, Transmit out) {
    error4(seg, in, 5, 1, Addresses.bits(gateway), now, out);
  }

  /**
   * The error's source address: the original destination when it is ours (RFC 1812 4.3.2.4 /
   * Linux), else the interface the packet came in on or the one the error leaves by.
   */
  private byte[] errorSource(byte[] origDst, NodeInterface in, Route back, boolean v6) {
    if (node.isOwnAddress(origDst)) {
      return origDst;
    }
    NodeInterface via = cfg.errorSource() == ErrorSourcePolicy.INBOUND_INTERFACE ? in : back.nextHops().getFirst().iface();
    InetAddress a = via.addressLike(v6);
    if (a == null) {
      for (NodeInterface i : node.interfaces()) {
        a = i.addressLike(v6);
        if (a != null) {
          break;
        }
      }
    }
    return a == null ? null : a.getAddress();
  }

  /**
   * RFC 4884 extensions for an error about a packet that came in on {@code in}: the MPLS label
   * stack it arrived with (RFC 4950) and the incoming interface information (RFC 5837 4.1 role 0:
   * ifIndex, an address of the family of the error, name, MTU). Null when none is configured.
   */
  private IcmpExtensions extensions(NodeInterface in, boolean v6) {
    if (!cfg.rfc4884()) {
      return null;
    }
    List<ExtensionObject> objects = new ArrayList<>();
    List<MplsLabelStack.Entry> labels = in.mplsLabels();
    if (!labels.isEmpty()) {
      List<MplsLabelStack.Entry> l = new ArrayList<>();
      for (int i = 0; i < labels.size(); i++) {
        MplsLabelStack.Entry e = labels.get(i);
        l.add(new MplsLabelStack.Entry(e.label(), e.trafficClass(), i == labels.size() - 1, e.ttl()));
      }
      objects.add(new MplsLabelStack(l));
    }
    if (cfg.interfaceInformation()) {
      InetAddress a = in.addressLike(v6);
      objects.add(new InterfaceInformation(InterfaceInformation.ROLE_INCOMING, (long) in.index(), a, in.name(),
          (long) in.mtu()));
    }
    return objects.isEmpty() ? null : IcmpExtensions.of(objects);
  }

  // ---------------------------------------------------------------- UDP / TCP (v4 and v6)

  private void udp(MemorySegment ip, MemorySegment udp, boolean v6, NodeInterface in, long now, Transmit out) {
    if (udp.byteSize() < 8) {
      c.increment(Counter.IP_IN_DISCARDS);
      return;
    }
    int ulen = Bytes.u16(udp, 4);
    int csum = Bytes.u16(udp, 2);
    if (ulen < 8 || ulen > udp.byteSize()) {
      c.increment(Counter.IP_IN_DISCARDS);
      return;
    }
    // RFC 768 / RFC 8200 8.1: a bad checksum drops the datagram before any port lookup (Linux
    // too); checksum 0 means none over IPv4 and is invalid over IPv6
    if (csum != 0 || v6) {
      long s = v6 ? Checksum.pseudoHeaderV6(ip.asSlice(8, 16), ip.asSlice(24, 16), ulen, PROTO_UDP)
          : Checksum.pseudoHeaderV4(Bytes.i32(ip, 12), Bytes.i32(ip, 16), PROTO_UDP, ulen);
      if (csum == 0 || !Checksum.verifies(Checksum.sum(udp, 0, ulen, s))) {
        c.increment(v6 ? Counter.UDP6_IN_CSUM_ERRORS : Counter.UDP_IN_CSUM_ERRORS);
        return;
      }
    }
    if (node.udpOpen(Bytes.u16(udp, 2))) {
      c.increment(v6 ? Counter.UDP6_IN_DATAGRAMS : Counter.UDP_IN_DATAGRAMS);
      return;
    }
    c.increment(v6 ? Counter.UDP6_NO_PORTS : Counter.UDP_NO_PORTS);
    // RFC 1122 3.2.2.1 / RFC 792 code 3; RFC 4443 3.1 code 4
    if (v6) {
      error6(ip, in, 1, 4, 0, now, out);
    } else {
      error4(ip, in, 3, 3, 0, now, out);
    }
  }

  private void tcp(MemorySegment ip, MemorySegment tcp, boolean v6, NodeInterface in, long now, Transmit out,
      boolean bcast) {
    if (tcp.byteSize() < 20 || bcast) {
      return;
    }
    int flags = Bytes.u8(tcp, 13);
    if ((flags & 0x04) != 0) {
      return; // RFC 793: an incoming RST is never answered
    }
    int sport = Bytes.u16(tcp, 0);
    int dport = Bytes.u16(tcp, 2);
    long seq = Bytes.u32(tcp, 4);
    long ack = Bytes.u32(tcp, 8);
    int off = (Bytes.u8(tcp, 12) >>> 4) * 4;
    int segLen = (int) tcp.byteSize() - Math.min(off, (int) tcp.byteSize());
    boolean syn = (flags & 0x02) != 0;
    boolean fin = (flags & 0x01) != 0;
    byte[] r = new byte[20];
    MemorySegment rs = MemorySegment.ofArray(r);
    Bytes.setU16(rs, 0, dport);
    Bytes.setU16(rs, 2, sport);
    Bytes.setU8(rs, 12, 5 << 4);
    if (syn && (flags & 0x10) == 0 && node.tcpOpen(dport)) {
      // a listener answers SYN-ACK (stateless: no connection follows), enough for tcp traceroute
      Bytes.setU32(rs, 4, node.random.nextInt() & 0xFFFF_FFFFL);
      Bytes.setU32(rs, 8, (seq + 1) & 0xFFFF_FFFFL);
      Bytes.setU8(rs, 13, 0x12);
      Bytes.setU16(rs, 14, 65535);
    } else if ((flags & 0x10) != 0) {
      // RFC 793 3.4 (CLOSED): <SEQ=SEG.ACK><CTL=RST>
      Bytes.setU32(rs, 4, ack);
      Bytes.setU8(rs, 13, 0x04);
      c.increment(Counter.TCP_OUT_RSTS);
    } else {
      // RFC 793 3.4 (CLOSED): <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
      Bytes.setU32(rs, 8, (seq + segLen + (syn ? 1 : 0) + (fin ? 1 : 0)) & 0xFFFF_FFFFL);
      Bytes.setU8(rs, 13, 0x14);
      c.increment(Counter.TCP_OUT_RSTS);
    }
    if (v6) {
      byte[] src = bytes(ip, 24, 16);
      byte[] dst = bytes(ip, 8, 16);
      long s = Checksum.pseudoHeaderV6(MemorySegment.ofArray(src), MemorySegment.ofArray(dst), 20, PROTO_TCP);
      Bytes.setU16(rs, 16, Checksum.finish(Checksum.sum(rs, 0, 20, s)));
      sendLocal(ipv6(src, dst, PROTO_TCP, cfg.defaultTtl(), r), true, now, out);
    } else {
      byte[] src = bytes(ip, 16, 4);
      byte[] dst = bytes(ip, 12, 4);
      long s = Checksum.pseudoHeaderV4(Addresses.bits(src), Addresses.bits(dst), PROTO_TCP, 20);
      Bytes.setU16(rs, 16, Checksum.finish(Checksum.sum(rs, 0, 20, s)));
      sendLocal(ipv4(src, dst, PROTO_TCP, 0, cfg.defaultTtl(), r), false, now, out);
    }
  }

  // ---------------------------------------------------------------- IPv6

  private void receive6(MemorySegment raw, NodeInterface in, long now, Transmit out) {
    Ipv6Packet p;
    try {
      p = Ipv6Packet.checked(raw);
    } catch (WireException e) {
      c.increment(Counter.IP_IN_HDR_ERRORS);
      return;
    }
    if (p.isTruncated() || p.payloadLength() == 0 && p.nextHeader() != Ipv6ExtensionWalk.NO_NEXT_HEADER) {
      c.increment(Counter.IP_IN_HDR_ERRORS); // jumbograms (RFC 2675) are not supported
      return;
    }
    MemorySegment seg = raw.asSlice(0, 40 + p.payloadLength());
    byte[] src = bytes(seg, 8, 16);
    byte[] dst = bytes(seg, 24, 16);
    // RFC 4291 2.7: a multicast address is never a source
    if (Addresses.isV6Multicast(src)) {
      c.increment(Counter.IP_IN_ADDR_ERRORS);
      return;
    }
    boolean multicast = Addresses.isV6Multicast(dst);
    boolean local = multicast || node.isOwnAddress(dst);
    int end = (int) seg.byteSize();
    int nh = p.nextHeader();
    int nhField = 6;
    int pos = 40;
    // RFC 8200 4.3: hop-by-hop options are examined by every node on the path, and only there,
    // right after the IPv6 header
    if (nh == Ipv6ExtensionWalk.HOP_BY_HOP) {
      int r = options6(seg, pos, end, in, now, out, multicast);
      if (r < 0) {
        return;
      }
      nhField = pos;
      nh = Bytes.u8(seg, pos);
      pos += r;
    }
    if (!local) {
      if (!node.isRouter()) {
        c.increment(Counter.IP_IN_ADDR_ERRORS);
        return;
      }
      forward6(seg, p, in, now, out);
      return;
    }
    for (int guard = 0; guard < Ipv6ExtensionWalk.MAX_HEADERS; guard++) {
      switch (nh) {
        case Ipv6ExtensionWalk.HOP_BY_HOP -> {
          // RFC 8200 4.1: hop-by-hop anywhere but first is an unrecognised next header
          error6(seg, in, 4, 1, nhField, now, out);
          return;
        }
        case Ipv6ExtensionWalk.DESTINATION_OPTIONS -> {
          int r = options6(seg, pos, end, in, now, out, multicast);
          if (r < 0) {
            return;
          }
          nhField = pos;
          nh = Bytes.u8(seg, pos);
          pos += r;
        }
        case Ipv6ExtensionWalk.ROUTING -> {
          if (pos + 8 > end || pos + (Bytes.u8(seg, pos + 1) + 1) * 8 > end) {
            c.increment(Counter.IP_IN_HDR_ERRORS);
            return;
          }
          int segmentsLeft = Bytes.u8(seg, pos + 3);
          if (segmentsLeft != 0) {
            // RFC 8200 4.4: an unrecognised routing type (type 0 is deprecated, RFC 5095) with
            // segments left: Parameter Problem code 0 pointing at the routing type
            error6(seg, in, 4, 0, pos + 2, now, out);
            return;
          }
          nhField = pos;
          nh = Bytes.u8(seg, pos);
          pos += (Bytes.u8(seg, pos + 1) + 1) * 8;
        }
        case Ipv6ExtensionWalk.FRAGMENT -> {
          fragment6(seg, pos, nhField, in, now, out);
          return;
        }
        case Ipv6ExtensionWalk.NO_NEXT_HEADER -> {
          return;
        }
        case PROTO_ICMPV6 -> {
          deliver6(seg, seg.asSlice(pos), PROTO_ICMPV6, in, now, out, multicast);
          return;
        }
        case PROTO_UDP, PROTO_TCP -> {
          deliver6(seg, seg.asSlice(pos), nh, in, now, out, multicast);
          return;
        }
        default -> {
          // RFC 8200 4 / RFC 4443 3.4: unrecognised Next Header: Parameter Problem code 1
          // pointing at the field that names it
          c.increment(Counter.IP_IN_UNKNOWN_PROTOS);
          error6(seg, in, 4, 1, nhField, now, out);
          return;
        }
      }
    }
  }

  /**
   * Walks the options of a hop-by-hop or destination options header at {@code pos} (RFC 8200
   * 4.2). Unrecognised options act by their two high bits: 00 skip, 01 discard, 10 discard and
   * send Parameter Problem code 2 (even to multicast), 11 the same unless the destination is
   * multicast. Returns the header length, or -1 when the packet is discarded.
   */
  private int options6(MemorySegment seg, int pos, int end, NodeInterface in, long now, Transmit out,
      boolean multicast) {
    if (pos + 2 > end) {
      c.increment(Counter.IP_IN_HDR_ERRORS);
      return -1;
    }
    int len = (Bytes.u8(seg, pos + 1) + 1) * 8;
    if (pos + len > end) {
      c.increment(Counter.IP_IN_HDR_ERRORS);
      return -1;
    }
    int o = pos + 2;
    int hend = pos + len;
    while (o < hend) {
      int t = Bytes.u8(seg, o);
      if (t == 0) {
        o++;
        continue;
      }
      if (o + 2 > hend || o + 2 + Bytes.u8(seg, o + 1) > hend) {
        // an option running past its header: Parameter Problem code 0 at its length octet
        error6(seg, in, 4, 0, Math.min(o + 1, hend - 1), now, out);
        return -1;
      }
      int olen = Bytes.u8(seg, o + 1);
      if (t != 1 && t != 5) { // PadN and Router Alert (RFC 2711) are known
        switch (t >>> 6) {
          case 0 -> {
          }
          case 1 -> {
            c.increment(Counter.IP_IN_DISCARDS);
            return -1;
          }
          case 2 -> {
            error6(seg, in, 4, 2, o, now, out);
            return -1;
          }
          default -> {
            if (!multicast) {
              error6(seg, in, 4, 2, o, now, out);
            } else {
              c.increment(Counter.IP_IN_DISCARDS);
            }
            return -1;
          }
        }
      }
      o += 2 + olen;
    }
    return len;
  }

  private void fragment6(MemorySegment seg, int pos, int nhField, NodeInterface in, long now, Transmit out) {
    int end = (int) seg.byteSize();
    if (pos + 8 > end) {
      c.increment(Counter.IP_IN_HDR_ERRORS);
      return;
    }
    int w = Bytes.u16(seg, pos + 2);
    int off = w & 0xFFF8;
    boolean more = (w & 1) != 0;
    int len = end - pos - 8;
    if (off == 0 && !more) {
      // RFC 6946: an atomic fragment is processed as a whole datagram, without reassembly
      byte[] b = seg.toArray(JAVA_BYTE);
      byte[] whole = new byte[b.length - 8];
      System.arraycopy(b, 0, whole, 0, pos);
      System.arraycopy(b, pos + 8, whole, pos, b.length - pos - 8);
      whole[nhField] = b[pos];
      Bytes.setU16(MemorySegment.ofArray(whole), 4, whole.length - 40);
      reprocess6(whole, in, now, out);
      return;
    }
    if (more && (len & 7) != 0) {
      // RFC 8200 4.5: a fragment that is not the last must be a multiple of 8 bytes: Parameter
      // Problem code 0 pointing at the Payload Length field
      error6(seg, in, 4, 0, 4, now, out);
      return;
    }
    if (off + len > Reassembler.MAX_DATAGRAM) {
      // RFC 8200 4.5: beyond 65,535 bytes: Parameter Problem code 0 at the Fragment Offset field
      c.increment(Counter.IP_REASM_OVERSIZE);
      error6(seg, in, 4, 0, pos + 2, now, out);
      return;
    }
    byte[] whole = node.reassembler.offerV6(seg, pos, nhField, in, now);
    if (whole != null) {
      reprocess6(whole, in, now, out);
    }
  }

  private void reprocess6(byte[] whole, NodeInterface in, long now, Transmit out) {
    if (depth >= MAX_DEPTH) {
      return;
    }
    depth++;
    try {
      receive6(MemorySegment.ofArray(whole), in, now, out);
    } finally {
      depth--;
    }
  }

  private void deliver6(MemorySegment ip, MemorySegment upper, int proto, NodeInterface in, long now, Transmit out,
      boolean multicast) {
    c.increment(Counter.IP_IN_DELIVERS);
    if (!node.filters().isEmpty() && node.filtered(bytes(ip, 8, 16), bytes(ip, 24, 16), proto)) {
      error6(ip, in, 1, 1, 0, now, out);
      return;
    }
    switch (proto) {
      case PROTO_ICMPV6 -> icmp6(ip, upper, in, now, out, multicast);
      case PROTO_UDP -> udp(ip, upper, true, in, now, out);
      default -> tcp(ip, upper, true, in, now, out, multicast);
    }
  }

  private void forward6(MemorySegment seg, Ipv6Packet p, NodeInterface in, long now, Transmit out) {
    byte[] src = bytes(seg, 8, 16);
    byte[] dst = bytes(seg, 24, 16);
    if (Addresses.isV6Multicast(dst)) {
      return; // no multicast routing
    }
    if (Addresses.isV6LinkLocal(dst)) {
      return; // RFC 4291 2.5.6: link-local destinations are never forwarded
    }
    Route route = node.lookup(dst);
    if (route == null || route.type() == RouteType.UNREACHABLE) {
      // RFC 4443 3.1: code 0, no route to destination
      c.increment(Counter.IP_OUT_NO_ROUTES);
      error6(seg, in, 1, 0, 0, now, out);
      return;
    }
    if (route.type() == RouteType.PROHIBIT) {
      error6(seg, in, 1, 1, 0, now, out); // RFC 4443 3.1 code 1
      return;
    }
    if (route.type() == RouteType.BLACKHOLE) {
      c.increment(Counter.IP_IN_DISCARDS);
      return;
    }
    // RFC 8200 3 / RFC 4443 3.3: hop limit exhausted in transit: Time Exceeded code 0
    if (p.hopLimit() <= 1) {
      error6(seg, in, 3, 0, 0, now, out);
      return;
    }
    NextHop hop = route.select(flowHash6(seg));
    NodeInterface egress = hop.iface();
    if (Addresses.isV6LinkLocal(src) && egress != in) {
      error6(seg, in, 1, 2, 0, now, out); // RFC 4443 3.1 code 2: beyond scope of source address
      return;
    }
    if (seg.byteSize() > egress.mtu()) {
      // RFC 8200 5 / RFC 4443 3.2 / RFC 8201: routers never fragment IPv6: Packet Too Big with
      // the MTU of the next-hop link
      c.increment(Counter.IP_FRAG_FAILS);
      error6(seg, in, 2, 0, egress.mtu(), now, out);
      return;
    }
    if (!node.filters().isEmpty() && node.filtered(src, dst, p.upperLayerProtocol())) {
      error6(seg, in, 1, 1, 0, now, out);
      return;
    }
    byte[] nextHop = hop.via() != null ? hop.via().getAddress() : dst;
    // RFC 4861 8.2: a router redirects a source on the link when a better first hop is on it too
    if (cfg.redirects() && egress == in && in.onLink(src) && !Addresses.isV6Unspecified(src)) {
      redirect6(seg, in, nextHop, dst, src, now, out);
    }
    byte[] fwd = seg.toArray(JAVA_BYTE);
    fwd[7] = (byte) (p.hopLimit() - 1);
    c.increment(Counter.IP_FORW_DATAGRAMS);
    send(egress, Addresses.of(nextHop), fwd, out);
  }

  private int flowHash6(MemorySegment seg) {
    int h = node.hashSeed;
    for (int i = 8; i < 40; i += 4) {
      h = mix(h, Bytes.i32(seg, i));
    }
    h = mix(h, Bytes.u8(seg, 6));
    return mix(h, Bytes.i32(seg, 0) & 0xFFFFF); // the flow label (RFC 6438)
  }

  private void redirect6(MemorySegment seg, NodeInterface in, byte[] target, byte[] dst, byte[] src, long now,
      Transmit out) {
    InetAddress ll = null;
    for (InterfaceAddress a : in.addresses()) {
      if (!a.isIpv4() && Addresses.isV6LinkLocal(a.address().getAddress())) {
        ll = a.address();
      }
    }
    if (ll == null) {
      return; // RFC 4861 8.2: the source of a redirect must be the router's link-local address
    }
    if (node.limiter.allow(true, 137, 0, src, now) != IcmpRateLimiter.Verdict.ALLOW) {
      return;
    }
    // RFC 4861 4.6.3: as much of the redirected packet as fits in 1280 bytes, in 8-byte units
    int room = (MAX_ERROR_V6 - 40 - 40 - 8) & ~7;
    int qlen = Math.min((int) seg.byteSize(), room) & ~7;
    var opt = new NdpOption.RedirectedHeader(Octets.copyOf(seg, 0, qlen));
    var m = new Icmpv6Message.Redirect(Addresses.v6(target), Addresses.v6(dst), List.of(opt));
    byte[] icmp = emit6(m, ll.getAddress(), src);
    byte[] pkt = ipv6(ll.getAddress(), src, PROTO_ICMPV6, 255, icmp); // RFC 4861 8.2: hop limit 255
    send(in, Addresses.of(src), pkt, out);
    c.icmpOut(true, 137, false);
  }

  // ---------------------------------------------------------------- ICMPv6 input

  private void icmp6(MemorySegment ip, MemorySegment icmp, NodeInterface in, long now, Transmit out,
      boolean multicast) {
    Icmpv6Packet v;
    try {
      v = Icmpv6Packet.checked(icmp);
    } catch (WireException e) {
      c.increment(Counter.ICMP6_IN_ERRORS);
      return;
    }
    if (!v.verifyChecksum(ip.asSlice(8, 16), ip.asSlice(24, 16))) {
      c.increment(Counter.ICMP6_IN_CSUM_ERRORS);
      c.increment(Counter.ICMP6_IN_ERRORS);
      return;
    }
    int type = v.type();
    c.icmpIn(true, type);
    byte[] src = bytes(ip, 8, 16);
    if (Addresses.isV6Unspecified(src)) {
      return;
    }
    switch (type) {
      case 128 -> {
        // RFC 4443 4.2: an echo reply carries the request's data whole; a request to a multicast
        // address may be answered (Linux answers only if icmp_echo_ignore_multicast is 0)
        if (!cfg.echoReply() || (multicast && cfg.echoIgnoreMulticastV6()) || v.length() < 8) {
          return;
        }
        byte[] reply = icmp.toArray(JAVA_BYTE);
        reply[0] = (byte) 129;
        reply[1] = 0;
        reply6(ip, in, reply, 129, now, out, multicast);
      }
      case 160 -> {
        if (!cfg.extendedEcho() || multicast || v.length() < 8) {
          return; // RFC 8335 section 6: off unless enabled
        }
        Icmpv6Message m;
        try {
          m = Icmpv6Message.parse(v, ChecksumPolicy.IGNORE);
        } catch (WireException e) {
          m = null;
        }
        int code;
        int[] st = {0, 0, 0, 0};
        if (m instanceof Icmpv6Message.ExtendedEchoRequest q && v.code() == 0) {
          code = probe(q.local(), q.query(), st);
        } else {
          code = 1;
        }
        var r = new Icmpv6Message.ExtendedEchoReply(code, v.echoIdentifier(), Bytes.u8(icmp, 6), st[0], st[1] != 0,
            st[2] != 0, st[3] != 0, Octets.EMPTY);
        byte[] b = new byte[r.bufferLength()];
        r.emit(MemorySegment.ofArray(b), ChecksumPolicy.IGNORE);
        reply6(ip, in, b, 161, now, out, multicast);
      }
      case 130, 131, 132, 143 -> node.multicast.mldIn(ip, icmp, in, now, out);
      default -> {
        // errors and other informational messages are counted only
      }
    }
  }

  private void reply6(MemorySegment req, NodeInterface in, byte[] icmp, int type, long now, Transmit out,
      boolean multicast) {
    byte[] dst = bytes(req, 8, 16);
    byte[] src;
    if (!multicast) {
      src = bytes(req, 24, 16);
    } else {
      InetAddress a = in.addressLike(true);
      if (a == null) {
        return;
      }
      src = a.getAddress();
    }
    MemorySegment s = MemorySegment.ofArray(icmp);
    Bytes.setU16(s, 2, 0);
    long sum = Checksum.pseudoHeaderV6(MemorySegment.ofArray(src), MemorySegment.ofArray(dst), icmp.length,
        PROTO_ICMPV6);
    Bytes.setU16(s, 2, Checksum.finish(Checksum.sum(s, 0, icmp.length, sum)));
    if (sendLocal(ipv6(src, dst, PROTO_ICMPV6, cfg.defaultTtl(), icmp), true, now, out)) {
      c.icmpOut(true, type, false);
    }
  }

  // ---------------------------------------------------------------- ICMPv6 errors

  /**
   * Sends an ICMPv6 error about {@code orig} unless RFC 4443 2.4 (e) forbids it or the rate
   * limiter says no. {@code param}: MTU (Packet Too Big) or pointer (Parameter Problem).
   */
  void error6(MemorySegment orig, NodeInterface in, int type, int code, long param, long now, Transmit out) {
    if (!mayError6(orig, type, code)) {
      c.increment(Counter.ICMP6_OUT_SUPPRESSED);
      return;
    }
    byte[] origSrc = bytes(orig, 8, 16);
    byte[] origDst = bytes(orig, 24, 16);
    Route back = node.lookup(origSrc);
    if (!Node.isUnicastRoute(back)) {
      c.increment(Counter.IP_OUT_NO_ROUTES);
      return;
    }
    byte[] src = Addresses.isV6Multicast(origDst) ? null : errorSource(origDst, in, back, true);
    if (src == null) {
      InetAddress a = in.addressLike(true);
      if (a == null) {
        return;
      }
      src = a.getAddress();
    }
    switch (node.limiter.allow(true, type, code, origSrc, now)) {
      case LIMITED_GLOBAL -> {
        c.increment(Counter.ICMP6_OUT_RATE_LIMIT_GLOBAL);
        return;
      }
      case LIMITED_HOST -> {
        c.increment(Counter.ICMP6_OUT_RATE_LIMIT_HOST);
        return;
      }
      case ALLOW -> {
      }
    }
    IcmpExtensions ext = type == 1 || type == 3 ? extensions(in, true) : null;
    int extLen = ext == null ? 0 : ext.bufferLength();
    // RFC 4443 2.4 (c): as much of the invoking packet as fits without exceeding 1280 bytes
    int room = MAX_ERROR_V6 - 40 - 8 - extLen;
    int qlen = Math.min((int) orig.byteSize(), room);
    Octets quote;
    if (ext != null) {
      // RFC 4884 4.1 / 5: the original datagram field is whole 64-bit words, at least 128 bytes
      qlen &= ~7;
      int padded = Math.max(128, (qlen + 7) & ~7);
      byte[] q = new byte[padded];
      MemorySegment.copy(orig, JAVA_BYTE, 0, q, 0, Math.min(qlen, (int) orig.byteSize()));
      quote = Octets.of(q);
    } else {
      quote = Octets.copyOf(orig, 0, qlen);
    }
    Icmpv6Message m = switch (type) {
      case 1 -> new Icmpv6Message.DestinationUnreachable(code, quote, ext);
      case 2 -> new Icmpv6Message.PacketTooBig(param, quote);
      case 3 -> new Icmpv6Message.TimeExceeded(code, quote, ext);
      case 4 -> new Icmpv6Message.ParameterProblem(code, param, quote);
      default -> throw new IllegalArgumentException("not an ICMPv6 error type: " + type);
    };
    byte[] icmp = emit6(m, src, origSrc);
    if (sendLocal(ipv6(src, origSrc, PROTO_ICMPV6, cfg.defaultTtl(), icmp), true, now, out)) {
      c.icmpOut(true, type, true);
    }
  }

  /**
   * RFC 4443 2.4 (e): no error about an ICMPv6 error or a Redirect, about a packet to a multicast
   * address (except Packet Too Big and Parameter Problem code 2, e.3), or whose source is not a
   * single node (unspecified or multicast, e.6). A non-first fragment shows no ICMPv6 type, so it is
   * eligible (as in Linux's {@code is_ineligible}).
   */
  boolean mayError6(MemorySegment orig, int type, int code) {
    byte[] src = bytes(orig, 8, 16);
    byte[] dst = bytes(orig, 24, 16);
    if (Addresses.isV6Unspecified(src) || Addresses.isV6Multicast(src)) {
      return false;
    }
    if (Addresses.isV6Multicast(dst) && !(type == 2 || (type == 4 && code == 2))) {
      return false;
    }
    Ipv6ExtensionWalk w = new Ipv6ExtensionWalk();
    w.walk(orig, 40, (int) orig.byteSize(), Bytes.u8(orig, 6), io.icmpkit.wire.AnomalySink.IGNORE);
    if (w.upperLayerProtocol() == PROTO_ICMPV6 && !w.isNonFirstFragment()) {
      int off = w.upperLayerOffset();
      if (off >= orig.byteSize()) {
        return false;
      }
      int t = Bytes.u8(orig, off);
      return t >= 128 && t != 137;
    }
    return true;
  }

  private static byte[] emit6(Icmpv6Message m, byte[] src, byte[] dst) {
    byte[] b = new byte[m.bufferLength()];
    m.emit(MemorySegment.ofArray(b), Addresses.v6(src), Addresses.v6(dst), ChecksumPolicy.FILL);
    return b;
  }

  // ---------------------------------------------------------------- output

  private byte[] ipv4(byte[] src, byte[] dst, int proto, int tos, int ttl, byte[] payload) {
    byte[] b = new byte[20 + payload.length];
    MemorySegment s = MemorySegment.ofArray(b);
    Bytes.setU8(s, 0, 0x45);
    Bytes.setU8(s, 1, tos);
    Bytes.setU16(s, 2, b.length);
    ipId = (ipId + 1) & 0xFFFF;
    Bytes.setU16(s, 4, ipId);
    Bytes.setU8(s, 8, ttl);
    Bytes.setU8(s, 9, proto);
    System.arraycopy(src, 0, b, 12, 4);
    System.arraycopy(dst, 0, b, 16, 4);
    Bytes.setU16(s, 10, Checksum.compute(s, 0, 20));
    System.arraycopy(payload, 0, b, 20, payload.length);
    return b;
  }

  private static byte[] ipv6(byte[] src, byte[] dst, int nextHeader, int hopLimit, byte[] payload) {
    byte[] b = new byte[40 + payload.length];
    MemorySegment s = MemorySegment.ofArray(b);
    Bytes.setU8(s, 0, 0x60);
    Bytes.setU16(s, 4, payload.length);
    Bytes.setU8(s, 6, nextHeader);
    Bytes.setU8(s, 7, hopLimit);
    System.arraycopy(src, 0, b, 8, 16);
    System.arraycopy(dst, 0, b, 24, 16);
    System.arraycopy(payload, 0, b, 40, payload.length);
    return b;
  }

  /** Routes and sends a packet this node originates; false when there is no route. */
  private boolean sendLocal(byte[] pkt, boolean v6, long now, Transmit out) {
    byte[] dst = v6 ? Arrays.copyOfRange(pkt, 24, 40) : Arrays.copyOfRange(pkt, 16, 20);
    Route r = node.lookup(dst);
    if (!Node.isUnicastRoute(r)) {
      c.increment(Counter.IP_OUT_NO_ROUTES);
      return false;
    }
    MemorySegment s = MemorySegment.ofArray(pkt);
    NextHop hop = r.select(v6 ? flowHash6(s) : flowHash4(s));
    InetAddress nextHop = hop.via() != null ? hop.via() : Addresses.of(dst);
    c.increment(Counter.IP_OUT_REQUESTS);
    if (v6) {
      output6(pkt, hop.iface(), nextHop, out);
    } else {
      output4(pkt, hop.iface(), nextHop, out);
    }
    return true;
  }

  /** Sends an IPv4 packet, fragmenting it (RFC 791 3.2) when it exceeds the egress MTU. */
  private void output4(byte[] pkt, NodeInterface egress, InetAddress nextHop, Transmit out) {
    if (pkt.length <= egress.mtu()) {
      send(egress, nextHop, pkt, out);
      return;
    }
    MemorySegment s = MemorySegment.ofArray(pkt);
    if ((Bytes.u16(s, 6) & 0x4000) != 0) {
      c.increment(Counter.IP_FRAG_FAILS);
      return;
    }
    int ihl = (pkt[0] & 0xF) * 4;
    int baseOff = (Bytes.u16(s, 6) & 0x1FFF) * 8;
    boolean baseMore = (Bytes.u16(s, 6) & 0x2000) != 0;
    int data = pkt.length - ihl;
    int chunk = (egress.mtu() - ihl) & ~7;
    if (chunk <= 0) {
      c.increment(Counter.IP_FRAG_FAILS);
      return;
    }
    for (int o = 0; o < data; o += chunk) {
      int n = Math.min(chunk, data - o);
      byte[] f = new byte[ihl + n];
      System.arraycopy(pkt, 0, f, 0, ihl);
      System.arraycopy(pkt, ihl + o, f, ihl, n);
      MemorySegment fs = MemorySegment.ofArray(f);
      boolean more = o + n < data || baseMore;
      Bytes.setU16(fs, 2, f.length);
      Bytes.setU16(fs, 6, (more ? 0x2000 : 0) | ((baseOff + o) / 8));
      Bytes.setU16(fs, 10, 0);
      Bytes.setU16(fs, 10, Checksum.compute(fs, 0, ihl));
      c.increment(Counter.IP_FRAG_CREATES);
      send(egress, nextHop, f, out);
    }
    c.increment(Counter.IP_FRAG_OKS);
  }

  /** Sends an IPv6 packet the node originates, with a fragment header (RFC 8200 4.5) when too big. */
  private void output6(byte[] pkt, NodeInterface egress, InetAddress nextHop, Transmit out) {
    if (pkt.length <= egress.mtu()) {
      send(egress, nextHop, pkt, out);
      return;
    }
    int unfrag = 40; // our own packets carry no extension headers
    int data = pkt.length - unfrag;
    int chunk = (egress.mtu() - unfrag - 8) & ~7;
    int id = node.random.nextInt();
    for (int o = 0; o < data; o += chunk) {
      int n = Math.min(chunk, data - o);
      byte[] f = new byte[unfrag + 8 + n];
      System.arraycopy(pkt, 0, f, 0, unfrag);
      MemorySegment fs = MemorySegment.ofArray(f);
      Bytes.setU8(fs, 6, Ipv6ExtensionWalk.FRAGMENT);
      Bytes.setU16(fs, 4, f.length - 40);
      Bytes.setU8(fs, 40, pkt[6] & 0xFF);
      Bytes.setU16(fs, 42, o | (o + n < data ? 1 : 0));
      Bytes.setU32(fs, 44, id & 0xFFFF_FFFFL);
      System.arraycopy(pkt, unfrag + o, f, unfrag + 8, n);
      c.increment(Counter.IP_FRAG_CREATES);
      send(egress, nextHop, f, out);
    }
    c.increment(Counter.IP_FRAG_OKS);
  }

  private static void send(NodeInterface egress, InetAddress nextHop, byte[] pkt, Transmit out) {
    out.send(egress, nextHop, MemorySegment.ofArray(pkt));
  }

  private static byte[] bytes(MemorySegment s, long off, int len) {
    byte[] b = new byte[len];
    MemorySegment.copy(s, JAVA_BYTE, off, b, 0, len);
    return b;
  }

  static Inet4Address v4(byte[] b) {
    return (Inet4Address) Addresses.of(b);
  }

  static Inet6Address v6(byte[] b) {
    return Addresses.v6(b);
  }
}
