package io.icmpkit.socket;

import static io.icmpkit.nativeio.lib.Linux.*;

import io.icmpkit.nativeio.NativeException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.time.Duration;

/**
 * A UDP socket for unprivileged traceroute and tracepath: {@code IP_RECVERR} / {@code
 * IPV6_RECVERR} is on from the start, so ICMP errors about sent probes (time exceeded from each
 * hop, port unreachable from the target → ECONNREFUSED, fragmentation needed → EMSGSIZE with the
 * MTU) come back on the error queue as typed {@link IcmpError}s, together with the probe's payload
 * and its destination, with no CAP_NET_RAW. Set the TTL per probe with {@link
 * IcmpSocketOption#TTL}.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/udp.7.html">udp(7)</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/ip.7.html">ip(7) IP_RECVERR</a>
 */
public final class UdpProbeSocket implements AutoCloseable {
  private final SocketCore core;

  private UdpProbeSocket(SocketCore core) {
    this.core = core;
  }

  /** Opens a non-blocking UDP socket of {@code family} with RECVERR on. */
  public static UdpProbeSocket open(ProtocolFamily family) {
    boolean v6 = switch (family) {
      case StandardProtocolFamily.INET -> false;
      case StandardProtocolFamily.INET6 -> true;
      default -> throw new IllegalArgumentException("UDP probes are INET or INET6: " + family);
    };
    int fd = SocketCore.C.socket(v6 ? AF_INET6 : AF_INET,
        SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
    if (fd < 0) {
      throw new NativeException("socket(UDP)", -fd);
    }
    UdpProbeSocket s = new UdpProbeSocket(new SocketCore(fd, v6, IPPROTO_UDP, false));
    try {
      s.core.setOption(IcmpSocketOption.RECVERR, true);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  public boolean isIpv6() {
    return core.ipv6;
  }

  /** The file descriptor, for a poller; never close it directly. */
  public int fd() {
    return core.fd;
  }

  public <T> UdpProbeSocket setOption(IcmpSocketOption<T> option, T value) {
    core.setOption(option, value);
    return this;
  }

  public <T> T option(IcmpSocketOption<T> option) {
    return core.option(option);
  }

  /** Binds source address and port (0: the kernel chooses). */
  public UdpProbeSocket bind(InetAddress source, int port) {
    core.bind(source, port);
    return this;
  }

  /** Connects (then errors are also reported by send/receive as the kernel does). */
  public UdpProbeSocket connect(InetSocketAddress peer) {
    core.connect(peer.getAddress(), peer.getPort());
    return this;
  }

  /** The local port (after bind or the first send). */
  public int localPort() {
    return (Integer) core.localName()[1];
  }

  /** Sends one datagram with {@code payload} to {@code destination}; returns bytes sent. */
  public int send(MemorySegment payload, InetSocketAddress destination) {
    return core.send(payload, destination.getAddress(), destination.getPort());
  }

  public int send(byte[] payload, InetSocketAddress destination) {
    return send(MemorySegment.ofArray(payload), destination);
  }

  /** The next datagram or error-queue entry; null on timeout (see {@link IcmpSocket#receive}). */
  public ReceivedDatagram receive(Duration timeout) {
    return core.receive(timeout, false);
  }

  /** The next error-queue entry; null on timeout. */
  public ReceivedDatagram receiveError(Duration timeout) {
    return core.receive(timeout, true);
  }

  public boolean isClosed() {
    return core.isClosed();
  }

  @Override
  public void close() {
    core.close();
  }
}
