package io.icmpkit.stack;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.icmpkit.stack.StackCounters.Counter;
import io.icmpkit.stack.iface.Addresses;
import io.icmpkit.stack.iface.InterfaceAddress;
import io.icmpkit.stack.iface.Membership;
import io.icmpkit.stack.iface.NodeInterface;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.icmpv6.Icmpv6Message;
import io.icmpkit.wire.icmpv6.Icmpv6Message.Mldv2Report.MulticastAddressRecord;
import io.icmpkit.wire.icmpv6.Icmpv6Packet;
import io.icmpkit.wire.igmp.IgmpMessage;
import io.icmpkit.wire.igmp.IgmpMessage.GroupRecord;
import io.icmpkit.wire.igmp.IgmpPacket;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IGMPv2/v3 (RFC 2236, RFC 3376) and MLDv1/v2 (RFC 2710, RFC 3810): the querier of a router
 * (general queries, group-specific queries after a leave, membership timers, querier election) and
 * the host side of groups the node joins (unsolicited reports, delayed answers to queries, leave).
 * Timer values are the RFCs' defaults: robustness 2, query interval 125 s, query response interval
 * 10 s, last member query interval 1 s.
 */
final class Multicast {
  static final int ROBUSTNESS = 2;
  static final long QUERY_RESPONSE_NANOS = 10_000_000_000L;
  static final long LAST_MEMBER_QUERY_NANOS = 1_000_000_000L;

  private static final byte[] ALL_HOSTS = {(byte) 224, 0, 0, 1};
  private static final byte[] IGMPV3_ROUTERS = {(byte) 224, 0, 0, 22};
  private static final Inet4Address ANY4 = Addresses.v4(0);
  private static final byte[] ALL_NODES6 = addr6("ff02::1");
  private static final byte[] MLDV2_ROUTERS = addr6("ff02::16");
  private static final Inet6Address ANY6 = Addresses.v6(new byte[16]);

  private record Key(int ifIndex, byte[] group) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.ifIndex == ifIndex && Arrays.equals(k.group, group);
    }

    @Override
    public int hashCode() {
      return ifIndex * 31 + Arrays.hashCode(group);
    }
  }

  /** Querier state of one interface and family. */
  private static final class Querier {
    long nextQuery = Long.MIN_VALUE;
    int startupLeft = ROBUSTNESS;
    long otherQuerierUntil = Long.MIN_VALUE;
  }

  private final Node node;
  private final StackCounters c;
  private final long queryInterval;
  private final Map<Key, Long> learned = new LinkedHashMap<>();
  private final Map<Key, int[]> specificQueries = new HashMap<>();
  private final Map<Key, Long> specificNext = new HashMap<>();
  private final Map<Key, NodeInterface> joined = new LinkedHashMap<>();
  private final Map<Key, Long> pendingReports = new HashMap<>();
  private final Map<Key, Boolean> pendingV2Format = new HashMap<>();
  private final Map<String, Querier> queriers = new HashMap<>();

  Multicast(Node node, long queryIntervalNanos) {
    this.node = node;
    this.c = node.counters();
    this.queryInterval = queryIntervalNanos;
  }

  private static byte[] addr6(String s) {
    return Addresses.parse(s).getAddress();
  }

  private long membershipInterval() {
    // RFC 3376 8.4 / RFC 3810 9.4: robustness * query interval + query response interval
    return ROBUSTNESS * queryInterval + QUERY_RESPONSE_NANOS;
  }

  // ---------------------------------------------------------------- API

  List<Membership> groups(long now) {
    List<Membership> out = new ArrayList<>();
    for (Map.Entry<Key, NodeInterface> e : joined.entrySet()) {
      out.add(new Membership(e.getValue().name(), Addresses.of(e.getKey().group), true, Long.MAX_VALUE));
    }
    for (Map.Entry<Key, Long> e : learned.entrySet()) {
      if (e.getValue() - now > 0) {
        out.add(new Membership(ifaceName(e.getKey().ifIndex), Addresses.of(e.getKey().group), false, e.getValue()));
      }
    }
    return out;
  }

  private String ifaceName(int index) {
    for (NodeInterface i : node.interfaces()) {
      if (i.index() == index) {
        return i.name();
      }
    }
    return "#" + index;
  }

  /** The node joins {@code group} on {@code iface}: RFC 3376 5.1 / RFC 3810 6.1 unsolicited report. */
  void join(NodeInterface iface, InetAddress group, Transmit out) {
    Key k = new Key(iface.index(), group.getAddress());
    if (joined.putIfAbsent(k, iface) == null) {
      sendReport(iface, group.getAddress(), false, out, GroupRecord.CHANGE_TO_EXCLUDE_MODE);
    }
  }

  /** The node leaves: a v3/MLDv2 report changing to INCLUDE {} (RFC 3376 5.1, RFC 3810 6.1). */
  void leave(NodeInterface iface, InetAddress group, Transmit out) {
    Key k = new Key(iface.index(), group.getAddress());
    if (joined.remove(k) != null) {
      pendingReports.remove(k);
      sendReport(iface, group.getAddress(), false, out, GroupRecord.CHANGE_TO_INCLUDE_MODE);
    }
  }

  boolean isJoined(NodeInterface iface, byte[] group) {
    return joined.containsKey(new Key(iface.index(), group));
  }

  // ---------------------------------------------------------------- input

  void igmpIn(MemorySegment ip, MemorySegment payload, NodeInterface in, long now, Transmit out) {
    c.increment(Counter.IGMP_IN_MSGS);
    IgmpMessage m;
    try {
      m = IgmpMessage.parse(IgmpPacket.checked(payload), ChecksumPolicy.VERIFY);
    } catch (WireException e) {
      return;
    }
    byte[] src = bytes(ip, 12, 4);
    switch (m) {
      case IgmpMessage.MembershipQuery q -> query(in, src, false, q.isGeneral() ? null : q.group().getAddress(),
          q.maxResponseTimeDeciseconds() * 100_000_000L, q.version() < 3, now);
      case IgmpMessage.V1MembershipReport r -> report(in, r.group().getAddress(), now);
      case IgmpMessage.V2MembershipReport r -> report(in, r.group().getAddress(), now);
      case IgmpMessage.LeaveGroup l -> leaveHeard(in, l.group().getAddress(), false, now, out);
      case IgmpMessage.V3MembershipReport r -> {
        for (GroupRecord g : r.records()) {
          record(in, g.group().getAddress(), g.recordType(), g.sources().isEmpty(), false, now, out);
        }
      }
      default -> {
      }
    }
  }

  /** MLD messages (ICMPv6 130, 131, 132, 143) after the ICMPv6 checksum was verified. */
  void mldIn(MemorySegment ip, MemorySegment icmp, NodeInterface in, long now, Transmit out) {
    Icmpv6Message m;
    try {
      m = Icmpv6Message.parse(Icmpv6Packet.checked(icmp), ChecksumPolicy.IGNORE);
    } catch (WireException e) {
      return;
    }
    byte[] src = bytes(ip, 8, 16);
    switch (m) {
      case Icmpv6Message.MldQuery q -> query(in, src, true, zero(q.multicastAddress()) ? null
          : q.multicastAddress().getAddress(), q.maxResponseDelay() * 1_000_000L, true, now);
      case Icmpv6Message.Mldv2Query q -> query(in, src, true, zero(q.multicastAddress()) ? null
          : q.multicastAddress().getAddress(), q.maxResponseDelayMillis() * 1_000_000L, false, now);
      case Icmpv6Message.MldReport r -> report(in, r.multicastAddress().getAddress(), now);
      case Icmpv6Message.MldDone d -> leaveHeard(in, d.multicastAddress().getAddress(), true, now, out);
      case Icmpv6Message.Mldv2Report r -> {
        for (MulticastAddressRecord g : r.records()) {
          record(in, g.multicastAddress().getAddress(), g.recordType(), g.sources().isEmpty(), true, now, out);
        }
      }
      default -> {
      }
    }
  }

  private static boolean zero(InetAddress a) {
    for (byte b : a.getAddress()) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private void query(NodeInterface in, byte[] src, boolean v6, byte[] group, long maxResp, boolean oldVersion,
      long now) {
    // querier election (RFC 3376 6.6.2, RFC 3810 7.6.2): a query from a lower address silences ours
    InetAddress mine = v6 ? linkLocal(in) : in.ipv4Address();
    if (mine != null && compare(src, mine.getAddress()) < 0) {
      querier(in, v6).otherQuerierUntil = now + ROBUSTNESS * queryInterval + QUERY_RESPONSE_NANOS / 2;
    }
    // host side (RFC 3376 5.2, RFC 3810 6.2): answer for the groups joined here after a random
    // delay within the maximum response time
    long delay = Math.max(1, maxResp <= 0 ? QUERY_RESPONSE_NANOS : maxResp);
    for (Key k : joined.keySet()) {
      if (k.ifIndex == in.index() && (k.group.length == 16) == v6 && (group == null || Arrays.equals(group, k.group))) {
        long at = now + (long) (node.random.nextDouble() * delay);
        Long cur = pendingReports.get(k);
        if (cur == null || at < cur) {
          pendingReports.put(k, at);
          pendingV2Format.put(k, oldVersion);
        }
      }
    }
  }

  private void report(NodeInterface in, byte[] group, long now) {
    if (node.isRouter()) {
      learned.put(new Key(in.index(), group), now + membershipInterval());
    }
    // RFC 2236 3: a host that hears another's report for the group cancels its own
    Key k = new Key(in.index(), group);
    if (Boolean.TRUE.equals(pendingV2Format.get(k))) {
      pendingReports.remove(k);
    }
  }

  private void record(NodeInterface in, byte[] group, int type, boolean noSources, boolean v6, long now,
      Transmit out) {
    switch (type) {
      case GroupRecord.MODE_IS_EXCLUDE, GroupRecord.CHANGE_TO_EXCLUDE_MODE -> report(in, group, now);
      case GroupRecord.MODE_IS_INCLUDE, GroupRecord.ALLOW_NEW_SOURCES -> {
        if (!noSources) {
          report(in, group, now);
        }
      }
      case GroupRecord.CHANGE_TO_INCLUDE_MODE -> {
        if (noSources) {
          leaveHeard(in, group, v6, now, out);
        } else {
          report(in, group, now);
        }
      }
      default -> {
      }
    }
  }

  /**
   * A listener left: the querier sends group-specific queries (last member query count times,
   * a last member query interval apart) and drops the group unless a report comes back (RFC 2236
   * 3, RFC 3376 6.4.2, RFC 3810 7.4.2).
   */
  private void leaveHeard(NodeInterface in, byte[] group, boolean v6, long now, Transmit out) {
    Key k = new Key(in.index(), group);
    if (!node.isRouter() || !learned.containsKey(k)) {
      return;
    }
    long lastMember = now + ROBUSTNESS * LAST_MEMBER_QUERY_NANOS;
    learned.put(k, Math.min(learned.get(k), lastMember));
    specificQueries.put(k, new int[] {ROBUSTNESS});
    specificNext.put(k, now);
    runSpecific(now, out);
  }

  // ---------------------------------------------------------------- timers

  void tick(long now, Transmit out) {
    if (node.isRouter() && node.config().multicastQuerier()) {
      for (NodeInterface i : node.interfaces()) {
        if (i.ipv4() != null) {
          generalQuery(i, false, now, out);
        }
        if (i.ipv6() != null) {
          generalQuery(i, true, now, out);
        }
      }
    }
    runSpecific(now, out);
    learned.values().removeIf(t -> t - now <= 0);
    Iterator<Map.Entry<Key, Long>> it = pendingReports.entrySet().iterator();
    List<Key> due = new ArrayList<>();
    while (it.hasNext()) {
      Map.Entry<Key, Long> e = it.next();
      if (e.getValue() - now <= 0) {
        due.add(e.getKey());
        it.remove();
      }
    }
    for (Key k : due) {
      NodeInterface i = joined.get(k);
      if (i != null) {
        sendReport(i, k.group, Boolean.TRUE.equals(pendingV2Format.remove(k)), out, GroupRecord.MODE_IS_EXCLUDE);
      }
    }
  }

  private Querier querier(NodeInterface i, boolean v6) {
    return queriers.computeIfAbsent(i.index() + (v6 ? "/6" : "/4"), x -> new Querier());
  }

  private void generalQuery(NodeInterface i, boolean v6, long now, Transmit out) {
    Querier q = querier(i, v6);
    if (q.otherQuerierUntil != Long.MIN_VALUE && q.otherQuerierUntil - now > 0) {
      return;
    }
    if (q.nextQuery != Long.MIN_VALUE && q.nextQuery - now > 0) {
      return;
    }
    // RFC 3376 8.6 / 8.7: startup queries a quarter of the query interval apart
    long interval = q.startupLeft > 0 ? queryInterval / 4 : queryInterval;
    if (q.startupLeft > 0) {
      q.startupLeft--;
    }
    q.nextQuery = now + interval;
    sendQuery(i, v6, null, out);
  }

  private void runSpecific(long now, Transmit out) {
    Iterator<Map.Entry<Key, int[]>> it = specificQueries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Key, int[]> e = it.next();
      Key k = e.getKey();
      if (specificNext.get(k) - now > 0) {
        continue;
      }
      NodeInterface i = byIndex(k.ifIndex);
      if (i != null) {
        sendQuery(i, k.group.length == 16, k.group, out);
      }
      if (--e.getValue()[0] <= 0) {
        it.remove();
        specificNext.remove(k);
      } else {
        specificNext.put(k, now + LAST_MEMBER_QUERY_NANOS);
      }
    }
  }

  private NodeInterface byIndex(int index) {
    for (NodeInterface i : node.interfaces()) {
      if (i.index() == index) {
        return i;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- output

  private void sendQuery(NodeInterface i, boolean v6, byte[] group, Transmit out) {
    int queryIntervalSeconds = (int) Math.min(31744, queryInterval / 1_000_000_000L);
    if (!v6) {
      InetAddress src = i.ipv4Address();
      if (src == null) {
        return;
      }
      Inet4Address g = group == null ? ANY4 : (Inet4Address) Addresses.of(group);
      int maxResp = group == null ? (int) (QUERY_RESPONSE_NANOS / 100_000_000L)
          : (int) (LAST_MEMBER_QUERY_NANOS / 100_000_000L);
      var m = IgmpMessage.MembershipQuery.v3(g, List.of(), maxResp, ROBUSTNESS, queryIntervalSeconds);
      sendIgmp(i, src.getAddress(), group == null ? ALL_HOSTS : group, m, out);
    } else {
      InetAddress src = linkLocal(i);
      if (src == null) {
        return;
      }
      Inet6Address g = group == null ? ANY6 : Addresses.v6(group);
      int maxResp = (int) ((group == null ? QUERY_RESPONSE_NANOS : LAST_MEMBER_QUERY_NANOS) / 1_000_000L);
      var m = new Icmpv6Message.Mldv2Query(maxResp, g, false, ROBUSTNESS, Math.min(queryIntervalSeconds, 127), List.of());
      sendMld(i, src.getAddress(), group == null ? ALL_NODES6 : group, m, out);
    }
  }

  private void sendReport(NodeInterface i, byte[] group, boolean oldFormat, Transmit out, int recordType) {
    if (group.length == 4) {
      InetAddress src = i.ipv4Address();
      if (src == null) {
        return;
      }
      Inet4Address g = (Inet4Address) Addresses.of(group);
      if (oldFormat) {
        sendIgmp(i, src.getAddress(), group, new IgmpMessage.V2MembershipReport(g), out);
      } else {
        var r = new IgmpMessage.V3MembershipReport(List.of(new GroupRecord(recordType, g, List.of())));
        sendIgmp(i, src.getAddress(), IGMPV3_ROUTERS, r, out);
      }
    } else {
      InetAddress src = linkLocal(i);
      if (src == null) {
        return;
      }
      Inet6Address g = Addresses.v6(group);
      if (oldFormat) {
        sendMld(i, src.getAddress(), group, new Icmpv6Message.MldReport(0, g), out);
      } else {
        var r = new Icmpv6Message.Mldv2Report(List.of(new MulticastAddressRecord(recordType, g, List.of())));
        sendMld(i, src.getAddress(), MLDV2_ROUTERS, r, out);
      }
    }
  }

  /** IGMP goes out with TTL 1 and the Router Alert option (RFC 2236 2, RFC 3376 4, RFC 2113). */
  private void sendIgmp(NodeInterface i, byte[] src, byte[] dst, IgmpMessage m, Transmit out) {
    byte[] b = new byte[24 + m.bufferLength()];
    MemorySegment s = MemorySegment.ofArray(b);
    Bytes.setU8(s, 0, 0x46);
    Bytes.setU8(s, 1, 0xC0);
    Bytes.setU16(s, 2, b.length);
    Bytes.setU8(s, 8, 1);
    Bytes.setU8(s, 9, 2);
    System.arraycopy(src, 0, b, 12, 4);
    System.arraycopy(dst, 0, b, 16, 4);
    b[20] = (byte) 0x94;
    b[21] = 4;
    Bytes.setU16(s, 10, Checksum.compute(s, 0, 24));
    m.emit(s.asSlice(24), ChecksumPolicy.FILL);
    c.increment(Counter.IGMP_OUT_MSGS);
    out.send(i, Addresses.of(dst), s);
  }

  /** MLD goes out from a link-local address with hop limit 1 and a hop-by-hop Router Alert (RFC 2710 3, RFC 3810 5). */
  private void sendMld(NodeInterface i, byte[] src, byte[] dst, Icmpv6Message m, Transmit out) {
    int len = m.bufferLength();
    byte[] b = new byte[48 + len];
    MemorySegment s = MemorySegment.ofArray(b);
    Bytes.setU8(s, 0, 0x60);
    Bytes.setU16(s, 4, 8 + len);
    Bytes.setU8(s, 6, 0);
    Bytes.setU8(s, 7, 1);
    System.arraycopy(src, 0, b, 8, 16);
    System.arraycopy(dst, 0, b, 24, 16);
    b[40] = 58;
    b[42] = 5; // Router Alert, value 0 = MLD (RFC 2711)
    b[43] = 2;
    b[46] = 1; // PadN of 0 bytes
    m.emit(s.asSlice(48), Addresses.v6(src), Addresses.v6(dst), ChecksumPolicy.FILL);
    c.icmpOut(true, m.type(), false);
    out.send(i, Addresses.of(dst), s);
  }

  private static InetAddress linkLocal(NodeInterface i) {
    for (InterfaceAddress a : i.addresses()) {
      if (!a.isIpv4() && Addresses.isV6LinkLocal(a.address().getAddress())) {
        return a.address();
      }
    }
    return i.ipv6Address();
  }

  private static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  private static byte[] bytes(MemorySegment s, long off, int len) {
    byte[] b = new byte[len];
    MemorySegment.copy(s, JAVA_BYTE, off, b, 0, len);
    return b;
  }
}
