package io.icmpkit.stack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A node's counters, named as Linux's {@code nstat} shows them ({@code IcmpInMsgs},
 * {@code IcmpMsgOutType3}, {@code Icmp6InErrors}, {@code IpReasmTimeout}...). Written by the thread
 * that drives the node, readable from any thread.
 */
public final class StackCounters {
  /** The scalar counters; {@link #nstatName()} is the name {@code nstat} prints. */
  public enum Counter {
    IP_IN_RECEIVES("IpInReceives"),
    IP_IN_HDR_ERRORS("IpInHdrErrors"),
    IP_IN_ADDR_ERRORS("IpInAddrErrors"),
    IP_IN_UNKNOWN_PROTOS("IpInUnknownProtos"),
    IP_IN_DISCARDS("IpInDiscards"),
    IP_IN_DELIVERS("IpInDelivers"),
    IP_FORW_DATAGRAMS("IpForwDatagrams"),
    IP_OUT_REQUESTS("IpOutRequests"),
    IP_OUT_NO_ROUTES("IpOutNoRoutes"),
    IP_REASM_REQDS("IpReasmReqds"),
    IP_REASM_OKS("IpReasmOKs"),
    IP_REASM_FAILS("IpReasmFails"),
    IP_REASM_TIMEOUT("IpReasmTimeout"),
    /** Our addition: fragments that would make a datagram over 65,535 bytes (ping of death). */
    IP_REASM_OVERSIZE("IpExtReasmOversize"),
    /** Our addition: incomplete datagrams evicted because the reassembly memory cap was reached. */
    IP_REASM_EVICTED("IpExtReasmEvicted"),
    /** Overlapping fragments: the whole datagram is dropped (RFC 5722; Linux does so for IPv4 too). */
    IP_REASM_OVERLAPS("IpExtReasmOverlaps"),
    IP_FRAG_OKS("IpFragOKs"),
    IP_FRAG_FAILS("IpFragFails"),
    IP_FRAG_CREATES("IpFragCreates"),
    ICMP_IN_MSGS("IcmpInMsgs"),
    ICMP_IN_ERRORS("IcmpInErrors"),
    ICMP_IN_CSUM_ERRORS("IcmpInCsumErrors"),
    ICMP_OUT_MSGS("IcmpOutMsgs"),
    ICMP_OUT_ERRORS("IcmpOutErrors"),
    ICMP_OUT_RATE_LIMIT_GLOBAL("IcmpOutRateLimitGlobal"),
    ICMP_OUT_RATE_LIMIT_HOST("IcmpOutRateLimitHost"),
    /** Our addition: errors not sent because a never-rule (RFC 1122 3.2.2, RFC 4443 2.4 e) forbade it. */
    ICMP_OUT_SUPPRESSED("IcmpExtOutSuppressed"),
    ICMP6_IN_MSGS("Icmp6InMsgs"),
    ICMP6_IN_ERRORS("Icmp6InErrors"),
    ICMP6_IN_CSUM_ERRORS("Icmp6InCsumErrors"),
    ICMP6_OUT_MSGS("Icmp6OutMsgs"),
    ICMP6_OUT_ERRORS("Icmp6OutErrors"),
    ICMP6_OUT_RATE_LIMIT_GLOBAL("Icmp6OutRateLimitGlobal"),
    ICMP6_OUT_RATE_LIMIT_HOST("Icmp6OutRateLimitHost"),
    ICMP6_OUT_SUPPRESSED("Icmp6ExtOutSuppressed"),
    UDP_IN_DATAGRAMS("UdpInDatagrams"),
    UDP_NO_PORTS("UdpNoPorts"),
    UDP_IN_CSUM_ERRORS("UdpInCsumErrors"),
    UDP6_IN_DATAGRAMS("Udp6InDatagrams"),
    UDP6_NO_PORTS("Udp6NoPorts"),
    UDP6_IN_CSUM_ERRORS("Udp6InCsumErrors"),
    TCP_OUT_RSTS("TcpOutRsts"),
    IGMP_IN_MSGS("IgmpExtInMsgs"),
    IGMP_OUT_MSGS("IgmpExtOutMsgs");

    private final String nstatName;

    Counter(String nstatName) {
      this.nstatName = nstatName;
    }

    public String nstatName() {
      return nstatName;
    }
  }

  private static final Counter[] ALL = Counter.values();
  private final AtomicLongArray scalars = new AtomicLongArray(ALL.length);
  private final AtomicLongArray icmpIn = new AtomicLongArray(256);
  private final AtomicLongArray icmpOut = new AtomicLongArray(256);
  private final AtomicLongArray icmp6In = new AtomicLongArray(256);
  private final AtomicLongArray icmp6Out = new AtomicLongArray(256);

  public void increment(Counter c) {
    scalars.incrementAndGet(c.ordinal());
  }

  public long get(Counter c) {
    return scalars.get(c.ordinal());
  }

  /** Counts a received ICMP message of {@code type} (IcmpMsgInTypeN / Icmp6InTypeN). */
  public void icmpIn(boolean v6, int type) {
    (v6 ? icmp6In : icmpIn).incrementAndGet(type & 0xFF);
    increment(v6 ? Counter.ICMP6_IN_MSGS : Counter.ICMP_IN_MSGS);
  }

  /** Counts a sent ICMP message of {@code type}. */
  public void icmpOut(boolean v6, int type, boolean error) {
    (v6 ? icmp6Out : icmpOut).incrementAndGet(type & 0xFF);
    increment(v6 ? Counter.ICMP6_OUT_MSGS : Counter.ICMP_OUT_MSGS);
    if (error) {
      increment(v6 ? Counter.ICMP6_OUT_ERRORS : Counter.ICMP_OUT_ERRORS);
    }
  }

  public long icmpInType(boolean v6, int type) {
    return (v6 ? icmp6In : icmpIn).get(type & 0xFF);
  }

  public long icmpOutType(boolean v6, int type) {
    return (v6 ? icmp6Out : icmpOut).get(type & 0xFF);
  }

  /** A counter by its nstat name ({@code IcmpMsgOutType11}, {@code Icmp6OutType1}, {@code UdpNoPorts}); 0 if unknown. */
  public long get(String nstatName) {
    for (Counter c : ALL) {
      if (c.nstatName.equals(nstatName)) {
        return get(c);
      }
    }
    Long v = typed(nstatName, "IcmpMsgInType", icmpIn);
    v = v != null ? v : typed(nstatName, "IcmpMsgOutType", icmpOut);
    v = v != null ? v : typed(nstatName, "Icmp6InType", icmp6In);
    v = v != null ? v : typed(nstatName, "Icmp6OutType", icmp6Out);
    return v == null ? 0 : v;
  }

  private static Long typed(String name, String prefix, AtomicLongArray a) {
    if (!name.startsWith(prefix)) {
      return null;
    }
    try {
      int t = Integer.parseInt(name.substring(prefix.length()));
      return t >= 0 && t < 256 ? a.get(t) : 0L;
    } catch (NumberFormatException e) {
      return 0L;
    }
  }

  /** The non-zero counters by nstat name, scalars first, then per-type counts. */
  public Map<String, Long> snapshot() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Counter c : ALL) {
      long v = get(c);
      if (v != 0) {
        m.put(c.nstatName, v);
      }
    }
    put(m, "IcmpMsgInType", icmpIn);
    put(m, "IcmpMsgOutType", icmpOut);
    put(m, "Icmp6InType", icmp6In);
    put(m, "Icmp6OutType", icmp6Out);
    return m;
  }

  private static void put(Map<String, Long> m, String prefix, AtomicLongArray a) {
    for (int t = 0; t < 256; t++) {
      long v = a.get(t);
      if (v != 0) {
        m.put(prefix + t, v);
      }
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    snapshot().forEach((k, v) -> sb.append(String.format("%-28s %d%n", k, v)));
    return sb.toString();
  }
}
