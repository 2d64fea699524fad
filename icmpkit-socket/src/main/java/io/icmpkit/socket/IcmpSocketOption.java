package io.icmpkit.socket;

import java.util.Objects;

/**
 * A typed socket option of {@link IcmpSocket} and {@link UdpProbeSocket}, in the style of {@code
 * jdk.net.ExtendedSocketOptions}: each constant names the Linux option it sets for IPv4 and for
 * IPv6, its value type and its effect. Set with {@code socket.setOption(TTL, 5)}, read with
 * {@code socket.option(TTL)}.
 *
 * @param <T> the value type
 * @see <a href="https://man7.org/linux/man-pages/man7/ip.7.html">ip(7)</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/ipv6.7.html">ipv6(7)</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/socket.7.html">socket(7)</a>
 */
public final class IcmpSocketOption<T> {
  /** TTL (IPv4 {@code IP_TTL}) / hop limit (IPv6 {@code IPV6_UNICAST_HOPS}) of sent packets, 1-255. */
  public static final IcmpSocketOption<Integer> TTL = new IcmpSocketOption<>("TTL", Integer.class);
  /** The IPv6 name of {@link #TTL}. */
  public static final IcmpSocketOption<Integer> UNICAST_HOPS = TTL;
  /** Multicast TTL / hops ({@code IP_MULTICAST_TTL} / {@code IPV6_MULTICAST_HOPS}), 0-255. */
  public static final IcmpSocketOption<Integer> MULTICAST_TTL =
      new IcmpSocketOption<>("MULTICAST_TTL", Integer.class);
  /** Loop sent multicast back to local listeners ({@code IP_MULTICAST_LOOP} / {@code IPV6_}). */
  public static final IcmpSocketOption<Boolean> MULTICAST_LOOP =
      new IcmpSocketOption<>("MULTICAST_LOOP", Boolean.class);
  /** IPv4 TOS byte ({@code IP_TOS}) / IPv6 traffic class ({@code IPV6_TCLASS}), 0-255. */
  public static final IcmpSocketOption<Integer> TOS = new IcmpSocketOption<>("TOS", Integer.class);
  /** The IPv6 name of {@link #TOS}. */
  public static final IcmpSocketOption<Integer> TCLASS = TOS;
  /** Path MTU discovery mode ({@code IP_MTU_DISCOVER} / {@code IPV6_MTU_DISCOVER}). */
  public static final IcmpSocketOption<PmtuMode> PMTU_DISCOVERY =
      new IcmpSocketOption<>("PMTU_DISCOVERY", PmtuMode.class);
  /**
   * Queue ICMP errors about sent datagrams on the error queue ({@code IP_RECVERR} /
   * {@code IPV6_RECVERR}); read them with {@code receiveError} (or {@code receive}, which returns
   * them too).
   */
  public static final IcmpSocketOption<Boolean> RECVERR =
      new IcmpSocketOption<>("RECVERR", Boolean.class);
  /**
   * Parse RFC 4884 extension structures of queued ICMP errors ({@code IP_RECVERR_RFC4884} /
   * {@code IPV6_RECVERR_RFC4884}, Linux 5.9+): {@link IcmpError#rfc4884Length()} is then set.
   */
  public static final IcmpSocketOption<Boolean> RECVERR_RFC4884 =
      new IcmpSocketOption<>("RECVERR_RFC4884", Boolean.class);
  /** Report the received TTL / hop limit ({@code IP_RECVTTL} / {@code IPV6_RECVHOPLIMIT}). */
  public static final IcmpSocketOption<Boolean> RECVTTL =
      new IcmpSocketOption<>("RECVTTL", Boolean.class);
  /** The IPv6 name of {@link #RECVTTL}. */
  public static final IcmpSocketOption<Boolean> RECVHOPLIMIT = RECVTTL;
  /** Report interface and destination of received packets ({@code IP_PKTINFO} / {@code IPV6_RECVPKTINFO}). */
  public static final IcmpSocketOption<Boolean> PKTINFO =
      new IcmpSocketOption<>("PKTINFO", Boolean.class);
  /** Kernel receive timestamps, nanoseconds, CLOCK_REALTIME ({@code SO_TIMESTAMPNS}). */
  public static final IcmpSocketOption<Boolean> TIMESTAMPNS =
      new IcmpSocketOption<>("TIMESTAMPNS", Boolean.class);
  /**
   * Software transmit timestamps ({@code SO_TIMESTAMPING} with {@code TX_SOFTWARE | SOFTWARE |
   * OPT_ID | OPT_TSONLY}): after each send an entry of origin {@link IcmpError.Origin#TIMESTAMPING}
   * arrives on the error queue with the time the packet left the stack and, in {@link
   * IcmpError#data()}, the send counter (0, 1, 2...).
   */
  public static final IcmpSocketOption<Boolean> TIMESTAMPING_TX_SOFTWARE =
      new IcmpSocketOption<>("TIMESTAMPING_TX_SOFTWARE", Boolean.class);
  /** Bind to a device by name ({@code SO_BINDTODEVICE}); {@code ""} unbinds. */
  public static final IcmpSocketOption<String> BINDTODEVICE =
      new IcmpSocketOption<>("BINDTODEVICE", String.class);
  /** Firewall mark ({@code SO_MARK}, needs CAP_NET_ADMIN). */
  public static final IcmpSocketOption<Integer> MARK = new IcmpSocketOption<>("MARK", Integer.class);
  /** Receive buffer size in bytes ({@code SO_RCVBUF}; the kernel doubles it). */
  public static final IcmpSocketOption<Integer> RCVBUF = new IcmpSocketOption<>("RCVBUF", Integer.class);
  /** Send buffer size in bytes ({@code SO_SNDBUF}; the kernel doubles it). */
  public static final IcmpSocketOption<Integer> SNDBUF = new IcmpSocketOption<>("SNDBUF", Integer.class);
  /**
   * IPv6 flow label (20 bits) of sent packets; 0 for none. Set by leasing the label
   * ({@code IPV6_FLOWLABEL_MGR}) and sending with {@code IPV6_FLOWINFO_SEND}. IPv6 only.
   */
  public static final IcmpSocketOption<Integer> FLOW_LABEL =
      new IcmpSocketOption<>("FLOW_LABEL", Integer.class);

  private final String name;
  private final Class<T> type;

  private IcmpSocketOption(String name, Class<T> type) {
    this.name = name;
    this.type = type;
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  T cast(Object value) {
    return type.cast(Objects.requireNonNull(value, name));
  }

  @Override
  public String toString() {
    return name;
  }
}
