package io.icmpkit.engine.trace;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;

/**
 * What to trace and how; immutable, built with {@link #to(InetAddress)}. Defaults are Linux
 * traceroute 2.1's: UDP, TTL 1 to 30, 3 probes per hop, 16 probes in flight, wait 5 s at most, 3
 * times the round trip of the same hop, 10 times that of a later hop ({@code -w 5,3,10}), 60-byte
 * packets (80 for IPv6).
 *
 * @param destination the address to trace
 * @param method probe method
 * @param port destination port for UDP and TCP (UDP classic: the first one)
 * @param firstTtl first TTL (1-255)
 * @param maxTtl last TTL (firstTtl-255)
 * @param probesPerHop probes per TTL (1-10)
 * @param simultaneous probes in flight at once (1-255)
 * @param waitMax longest wait for an answer
 * @param waitHere wait at most this many times the round trip of an answer of the same hop (0: off)
 * @param waitNear wait at most this many times the round trip of an answer of a later hop (0: off)
 * @param sendInterval pause between probes (zero: none)
 * @param packetLength bytes per probe, IP header included
 * @param tos IPv4 TOS / IPv6 traffic class (0-255)
 * @param dontFragment set DF (IPv4) / no local fragmentation
 * @param pathMtu discover the path MTU as traceroute {@code --mtu} does (implies DF; probes start at
 *     65000 bytes and shrink on each "too big")
 * @param source source address, or null for the route's
 * @param interfaceName interface to send on ({@code SO_BINDTODEVICE}), or null
 * @param privilege raw sockets, datagram sockets, or whichever is allowed (AUTO)
 */
public record TraceRequest(
    InetAddress destination,
    ProbeMethod method,
    int port,
    int firstTtl,
    int maxTtl,
    int probesPerHop,
    int simultaneous,
    Duration waitMax,
    double waitHere,
    double waitNear,
    Duration sendInterval,
    int packetLength,
    int tos,
    boolean dontFragment,
    boolean pathMtu,
    InetAddress source,
    String interfaceName,
    Privilege privilege) {

  /** Socket choice. */
  public enum Privilege {
    /** Raw sockets when permitted, else the unprivileged kind (as ping does). */
    AUTO,
    /** Datagram ICMP / UDP with IP_RECVERR / connect(2) TCP: no CAP_NET_RAW needed. */
    UNPRIVILEGED,
    /** Raw ICMP sockets (needs CAP_NET_RAW). */
    RAW
  }

  /** The packet length for 65000-byte --mtu probes. */
  public static final int MTU_START = 65000;

  public TraceRequest {
    if (destination == null || method == null || waitMax == null || sendInterval == null
        || privilege == null) {
      throw new IllegalArgumentException("destination, method, waits and privilege are required");
    }
    check("port", port, 0, 65535);
    check("firstTtl", firstTtl, 1, 255);
    check("maxTtl", maxTtl, firstTtl, 255);
    check("probesPerHop", probesPerHop, 1, 10);
    check("simultaneous", simultaneous, 1, 255);
    check("tos", tos, 0, 255);
    check("packetLength", packetLength, minimumLength(destination, method), 65000);
    if (waitMax.isNegative() || waitMax.isZero() || waitHere < 0 || waitNear < 0
        || sendInterval.isNegative()) {
      throw new IllegalArgumentException("waits must be positive");
    }
  }

  private static void check(String name, int v, int min, int max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ": " + v);
    }
  }

  /** IP header length for the destination's family. */
  public int ipHeaderLength() {
    return destination instanceof Inet6Address ? 40 : 20;
  }

  /** Bytes of the IP + transport headers (the rest of a packet is payload). */
  public int headerLength() {
    return ipHeaderLength() + method.transportHeaderLength();
  }

  static int minimumLength(InetAddress destination, ProbeMethod method) {
    int ip = destination instanceof Inet6Address ? 40 : 20;
    return method == ProbeMethod.TCP ? ip + 20 : ip + 8 + 4; // 4 bytes: probe token
  }

  /** A builder with traceroute's defaults for {@code destination}. */
  public static Builder to(InetAddress destination) {
    return new Builder(destination);
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder(destination);
    b.method = method;
    b.port = port;
    b.firstTtl = firstTtl;
    b.maxTtl = maxTtl;
    b.probesPerHop = probesPerHop;
    b.simultaneous = simultaneous;
    b.waitMax = waitMax;
    b.waitHere = waitHere;
    b.waitNear = waitNear;
    b.sendInterval = sendInterval;
    b.packetLength = packetLength;
    b.tos = tos;
    b.dontFragment = dontFragment;
    b.pathMtu = pathMtu;
    b.source = source;
    b.interfaceName = interfaceName;
    b.privilege = privilege;
    return b;
  }

  /** Builder of {@link TraceRequest}; setters return this, {@link #build()} checks. */
  public static final class Builder {
    private final InetAddress destination;
    private ProbeMethod method = ProbeMethod.UDP;
    private int port = -1;
    private int firstTtl = 1;
    private int maxTtl = 30;
    private int probesPerHop = 3;
    private int simultaneous = 16;
    private Duration waitMax = Duration.ofSeconds(5);
    private double waitHere = 3;
    private double waitNear = 10;
    private Duration sendInterval = Duration.ZERO;
    private int packetLength = -1;
    private int tos;
    private boolean dontFragment;
    private boolean pathMtu;
    private InetAddress source;
    private String interfaceName;
    private Privilege privilege = Privilege.AUTO;

    private Builder(InetAddress destination) {
      if (destination == null) {
        throw new IllegalArgumentException("destination is required");
      }
      this.destination = destination;
    }

    public Builder method(ProbeMethod v) { method = v; return this; }
    /** Destination port (-1: the method's default). */
    public Builder port(int v) { port = v; return this; }
    public Builder firstTtl(int v) { firstTtl = v; return this; }
    public Builder maxTtl(int v) { maxTtl = v; return this; }
    public Builder probesPerHop(int v) { probesPerHop = v; return this; }
    public Builder simultaneous(int v) { simultaneous = v; return this; }
    public Builder waitMax(Duration v) { waitMax = v; return this; }
    public Builder waitHere(double v) { waitHere = v; return this; }
    public Builder waitNear(double v) { waitNear = v; return this; }
    public Builder sendInterval(Duration v) { sendInterval = v; return this; }
    /** Packet length with IP header (-1: 60 for IPv4, 80 for IPv6). */
    public Builder packetLength(int v) { packetLength = v; return this; }
    public Builder tos(int v) { tos = v; return this; }
    public Builder dontFragment(boolean v) { dontFragment = v; return this; }
    public Builder pathMtu(boolean v) { pathMtu = v; return this; }
    public Builder source(InetAddress v) { source = v; return this; }
    public Builder interfaceName(String v) { interfaceName = v; return this; }
    public Builder privilege(Privilege v) { privilege = v; return this; }

    public TraceRequest build() {
      int len = packetLength >= 0 ? packetLength
          : pathMtu ? MTU_START : destination instanceof Inet6Address ? 80 : 60;
      len = Math.max(len, minimumLength(destination, method));
      return new TraceRequest(destination, method, port < 0 ? method.defaultPort() : port,
          firstTtl, maxTtl, probesPerHop, simultaneous, waitMax, waitHere, waitNear, sendInterval,
          len, tos, dontFragment || pathMtu, pathMtu, source, interfaceName, privilege);
    }
  }
}
