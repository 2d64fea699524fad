package io.icmpkit.engine.trace;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.socket.IcmpError;
import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.socket.IcmpSocketOption;
import io.icmpkit.socket.PmtuMode;
import io.icmpkit.socket.ReceivedDatagram;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import io.icmpkit.wire.QuotedDatagram;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.List;

/**
 * ICMP echo probes. With a datagram ("ping") socket the kernel matches errors to the socket and
 * queues them with {@code IP_RECVERR}, with the echo request we sent (its sequence number names
 * the probe). With a raw socket every ICMP message of the host arrives: errors are matched through
 * the quoted datagram (inner protocol, echo identifier and sequence, destination), echo replies by
 * identifier and sequence.
 */
final class IcmpChannel implements ProbeChannel {
  private final IcmpSocket socket;
  private final InetAddress destination;
  private final boolean v6;
  private final boolean raw;
  private final int identifier;
  private final int ipHeaderLength;
  private final Arena arena = Arena.ofConfined();
  private final MemorySegment buffer;
  private int lastTtl = -1;
  private final KernelStamps stamps;
  private final ErrorQueueReader reader;

  IcmpChannel(TraceRequest r, int identifier, PmtuMode pmtu) {
    this.destination = r.destination();
    this.v6 = destination instanceof Inet6Address;
    this.ipHeaderLength = r.ipHeaderLength();
    IcmpSocket.Kind kind = switch (r.privilege()) {
      case AUTO -> IcmpSocket.Kind.RAW;
      case RAW -> IcmpSocket.Kind.RAW;
      case UNPRIVILEGED -> IcmpSocket.Kind.DATAGRAM;
    };
    var family = v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    IcmpSocket s;
    if (r.privilege() == TraceRequest.Privilege.AUTO) {
      try {
        s = IcmpSocket.open(family, IcmpSocket.Kind.RAW);
      } catch (NativeException noRaw) {
        try {
          s = IcmpSocket.open(family, IcmpSocket.Kind.DATAGRAM);
        } catch (NativeException noDatagram) {
          // both refused: say so, with every way out (not only the sysctl of the last attempt)
          boolean denied = noDatagram.errno() == Errno.EACCES
              && (noRaw.errno() == Errno.EPERM || noRaw.errno() == Errno.EACCES);
          throw denied ? IcmpSocket.refused(noDatagram.errno(), noRaw.errno()) : noDatagram;
        }
      }
    } else {
      s = IcmpSocket.open(family, kind);
    }
    this.socket = s;
    this.raw = s.kind() == IcmpSocket.Kind.RAW;
    this.buffer = arena.allocate(65536);
    this.stamps = new KernelStamps();
    this.reader = new ErrorQueueReader(stamps, socket::receive, socket::receiveError,
        this::answer, this::fromErrorQueue);
    try {
      socket.setOption(IcmpSocketOption.RECVTTL, true);
      stamps.enable(socket::setOption);
      socket.setOption(IcmpSocketOption.RECVERR, true);
      try {
        socket.setOption(IcmpSocketOption.RECVERR_RFC4884, true);
      } catch (RuntimeException old) {
        // older kernel: extensions come from the 128-byte rule only
      }
      socket.setOption(IcmpSocketOption.PMTU_DISCOVERY, pmtu);
      if (r.tos() != 0) {
        socket.setOption(IcmpSocketOption.TOS, r.tos());
      }
      if (r.interfaceName() != null) {
        socket.setOption(IcmpSocketOption.BINDTODEVICE, r.interfaceName());
      }
      if (raw) {
        socket.passOnly(v6 ? new int[] {129, 1, 2, 3, 4} : new int[] {0, 3, 11, 12});
        if (r.source() != null) {
          socket.bind(r.source());
        }
        this.identifier = identifier & 0xffff;
      } else {
        if (r.source() != null) {
          socket.bind(r.source(), 0);
        }
        this.identifier = 0; // the kernel owns it and delivers only our replies and errors
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public boolean privileged() {
    return raw;
  }

  @Override
  public void send(int seq, int ttl, int packetLength) {
    if (ttl != lastTtl) {
      socket.setOption(IcmpSocketOption.TTL, ttl);
      lastTtl = ttl;
    }
    int len = Math.max(8, packetLength - ipHeaderLength);
    MemorySegment m = buffer.asSlice(0, len);
    m.fill((byte) 0);
    Bytes.setU8(m, 0, v6 ? 128 : 8);
    Bytes.setU16(m, 4, identifier);
    Bytes.setU16(m, 6, seq);
    for (int i = 8; i < len; i++) {
      Bytes.setU8(m, i, 0x40 + (i & 0x3f)); // traceroute's payload style, any bytes do
    }
    if (!v6) {
      Bytes.setU16(m, 2, Checksum.compute(m)); // datagram sockets overwrite it anyway
    }
    stamps.beforeSend(seq);
    socket.send(m, destination);
    stamps.sent(seq);
  }

  @Override
  public List<Answer> poll(Duration timeout) {
    return reader.poll(timeout);
  }

  private Answer answer(ReceivedDatagram d, long now) {
    return d.isError() ? fromErrorQueue(d, now) : raw ? fromRaw(d, now) : fromDatagram(d, now);
  }

  private Answer fromDatagram(ReceivedDatagram d, long now) {
    MemorySegment m = d.payload();
    if (m.byteSize() < 8 || Bytes.u8(m, 0) != (v6 ? 129 : 0)) {
      return null;
    }
    return new Answer(Bytes.u16(m, 6), d.peer(), now, d.ttl(), Bytes.u8(m, 0), 0, 0, true, 0, null);
  }

  private Answer fromErrorQueue(ReceivedDatagram d, long now) {
    IcmpError e = d.error();
    if (!e.isIcmp()) {
      return null;
    }
    MemorySegment m = d.data().asSegment();
    if (m.byteSize() < 8 || Bytes.u8(m, 0) != (v6 ? 128 : 8)) {
      return null;
    }
    var ext = ProbeChannel.errorQueueExtensions(m, ipHeaderLength, e.rfc4884Length());
    return new Answer(Bytes.u16(m, 6), e.offender(), now, d.ttl(), e.type(), e.code(), e.info(),
        false, 0, ext);
  }

  private Answer fromRaw(ReceivedDatagram d, long now) {
    MemorySegment m = d.payload();
    if (m.byteSize() < 8) {
      return null;
    }
    int replyTtl = d.ttl();
    if (!v6 && d.payloadOffset() >= 20) {
      replyTtl = Bytes.u8(d.data().asSegment(), 8);
    }
    int type = Bytes.u8(m, 0);
    int code = Bytes.u8(m, 1);
    if (type == (v6 ? 129 : 0)) {
      if (Bytes.u16(m, 4) != identifier || !destination.equals(d.peer())) {
        return null;
      }
      return new Answer(Bytes.u16(m, 6), d.peer(), now, replyTtl, type, code, 0, true, 0, null);
    }
    boolean error = v6 ? type >= 1 && type <= 4 : type == 3 || type == 11 || type == 12;
    if (!error) {
      return null;
    }
    MemorySegment body = m.asSlice(8);
    QuotedDatagram q = QuotedDatagram.parse(body, v6 ? 6 : 4);
    if (q.protocol() != (v6 ? 58 : 1) || q.icmpType() != (v6 ? 128 : 8)
        || q.echoIdentifier() != identifier || !destination.equals(q.destination())) {
      return null;
    }
    // RFC 4884 length: ICMPv4 byte 5 in 32-bit words, ICMPv6 byte 4 in 64-bit words
    int lengthBytes = v6 ? (type == 1 || type == 3 ? Bytes.u8(m, 4) * 8 : 0)
        : (type != 12 ? Bytes.u8(m, 5) * 4 : 0);
    long info = 0;
    if (v6 && type == 2) {
      info = Bytes.u32(m, 4);
    } else if (!v6 && type == 3 && code == 4) {
      info = Bytes.u16(m, 6);
    }
    var ext = ProbeChannel.extensions(body, lengthBytes);
    return new Answer(q.echoSequence(), d.peer(), now, replyTtl, type, code, info, false, 0, ext);
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
