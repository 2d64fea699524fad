package io.icmpkit.engine.trace;

import io.icmpkit.socket.IcmpError;
import io.icmpkit.socket.IcmpSocketOption;
import io.icmpkit.socket.PmtuMode;
import io.icmpkit.socket.ReceivedDatagram;
import io.icmpkit.socket.UdpProbeSocket;
import io.icmpkit.wire.Bytes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.List;

/**
 * UDP probes on one unprivileged socket with {@code IP_RECVERR}: the kernel queues every ICMP
 * error about a probe together with the probe's payload, whose first bytes name the probe
 * (sequence number and a per-trace token). Classic mode sends probe {@code seq} to port
 * {@code base + seq}; Paris mode keeps one port, so the 5-tuple never changes and only the payload
 * (and with it the UDP checksum) tells probes apart.
 */
final class UdpChannel implements ProbeChannel {
  private final UdpProbeSocket socket;
  private final InetAddress destination;
  private final int basePort;
  private final boolean paris;
  private final int token;
  private final int headerLength;
  private final Arena arena = Arena.ofConfined();
  private final MemorySegment buffer;
  private int lastTtl = -1;
  private final KernelStamps stamps;
  private final ErrorQueueReader reader;

  UdpChannel(TraceRequest r, int token, PmtuMode pmtu) {
    this.destination = r.destination();
    this.basePort = r.port();
    this.paris = r.method() == ProbeMethod.UDP_PARIS;
    this.token = token & 0xffff;
    this.headerLength = r.ipHeaderLength() + 8;
    boolean v6 = destination instanceof Inet6Address;
    this.socket = UdpProbeSocket.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
    this.buffer = arena.allocate(65536);
    this.stamps = new KernelStamps();
    this.reader = new ErrorQueueReader(stamps, socket::receive, socket::receiveError,
        this::answer, this::answer);
    try {
      socket.setOption(IcmpSocketOption.RECVTTL, true);
      stamps.enable(socket::setOption);
      try {
        socket.setOption(IcmpSocketOption.RECVERR_RFC4884, true);
      } catch (RuntimeException old) {
        // kernels before 5.9 lack it; the 128-byte rule still finds extensions
      }
      socket.setOption(IcmpSocketOption.PMTU_DISCOVERY, pmtu);
      if (r.tos() != 0) {
        socket.setOption(IcmpSocketOption.TOS, r.tos());
      }
      if (r.interfaceName() != null) {
        socket.setOption(IcmpSocketOption.BINDTODEVICE, r.interfaceName());
      }
      if (r.source() != null) {
        socket.bind(r.source(), 0);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public boolean privileged() {
    return false;
  }

  @Override
  public void send(int seq, int ttl, int packetLength) {
    if (ttl != lastTtl) {
      socket.setOption(IcmpSocketOption.TTL, ttl);
      lastTtl = ttl;
    }
    int payload = Math.max(4, packetLength - headerLength);
    MemorySegment p = buffer.asSlice(0, payload);
    p.fill((byte) 0);
    Bytes.setU16(p, 0, seq);
    Bytes.setU16(p, 2, token);
    int port = paris ? basePort : (basePort + seq) & 0xffff;
    stamps.beforeSend(seq);
    socket.send(p, new InetSocketAddress(destination, port == 0 ? 1 : port));
    stamps.sent(seq);
  }

  @Override
  public List<Answer> poll(Duration timeout) {
    return reader.poll(timeout);
  }

  private Answer answer(ReceivedDatagram d, long now) {
    IcmpError e = d.error();
    if (e == null || !e.isIcmp()) {
      return null; // a UDP answer from the target, or a local error (read by localMtu)
    }
    MemorySegment data = d.data().asSegment();
    if (data.byteSize() < 4 || Bytes.u16(data, 2) != token) {
      return null;
    }
    int seq = Bytes.u16(data, 0);
    var ext = ProbeChannel.errorQueueExtensions(data, headerLength, e.rfc4884Length());
    return new Answer(seq, e.offender(), now, d.ttl(), e.type(), e.code(), e.info(), false, 0, ext);
  }

  @Override
  public MtuChange localMtu(int below) {
    return reader.localMtu(below);
  }

  @Override
  public void close() {
    stamps.close();
    socket.close();
    arena.close();
  }
}
