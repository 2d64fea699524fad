package io.icmpkit.bench;

import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.icmpv4.Icmpv4Message;
import io.icmpkit.wire.icmpv4.Icmpv4Packet;
import io.icmpkit.wire.icmpv6.Icmpv6Message;
import io.icmpkit.wire.icmpv6.Icmpv6Packet;
import io.icmpkit.wire.ipv4.Ipv4Packet;
import io.icmpkit.wire.ipv6.Ipv6ExtensionWalk;
import io.icmpkit.wire.ipv6.Ipv6Packet;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6Packet;

/**
 * Decode + checksum verification of the {@link Mix} on one thread: the IP header, the ICMP
 * header fields a ping/traceroute consumer reads (type, code, identifier/sequence or the quoted
 * datagram's ports) and both checksums (IPv4 header, ICMPv4; ICMPv6 with its pseudo-header). One
 * op is one packet, so the score is packets/us; {@code -prof gc} shows the allocation per packet.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DecodeBenchmark {
  /** Packets in one round of the mix; checked against {@link Mix#packets()} at setup. */
  static final int MIX_SIZE = 19;

  private byte[][] raw;
  private MemorySegment[] segments;

  @Setup(Level.Trial)
  public void setUp() {
    List<byte[]> packets = Mix.packets();
    if (packets.size() != MIX_SIZE) {
      throw new IllegalStateException("mix has " + packets.size() + " packets, MIX_SIZE says " + MIX_SIZE);
    }
    raw = packets.toArray(byte[][]::new);
    segments = new MemorySegment[raw.length];
    for (int i = 0; i < raw.length; i++) {
      segments[i] = MemorySegment.ofArray(raw[i]);
    }
  }

  private final Ipv6ExtensionWalk walk = new Ipv6ExtensionWalk();
  private final ViewDecoder views = new ViewDecoder();

  /**
   * icmpkit views, the hot-path form: one set of reusable views per thread re-pointed with
   * {@code wrap} at offsets of the packet, no slices; no copy, nothing kept, no allocation per
   * packet (the path of a sweep or a capture decode).
   */
  @Benchmark
  @OperationsPerInvocation(MIX_SIZE)
  public void icmpkitViews(Blackhole bh) {
    for (MemorySegment s : segments) {
      bh.consume(views.decode(s));
    }
  }

  /**
   * icmpkit views, the one-shot form: {@code checked()} per layer on {@code payload()}/{@code
   * data()} slices. Allocation-free only where C2 inlines the whole chain (escape analysis).
   */
  @Benchmark
  @OperationsPerInvocation(MIX_SIZE)
  public void icmpkitCheckedViews(Blackhole bh) {
    for (MemorySegment s : segments) {
      bh.consume(CheckedViewDecoder.decode(s, walk));
    }
  }

  /** icmpkit representations: views, then {@code Icmpv4Message}/{@code Icmpv6Message} records (copies the data). */
  @Benchmark
  @OperationsPerInvocation(MIX_SIZE)
  public void icmpkitMessages(Blackhole bh) {
    for (MemorySegment s : segments) {
      bh.consume(MessageDecoder.decode(s, walk));
    }
  }

  /**
   * Decoding with reusable icmpkit views (one decoder per thread); package-private for the sanity
   * test. Every view reads the packet's segment at an offset: nothing is sliced or allocated.
   */
  static final class ViewDecoder {
    private final Ipv4Packet ip = Ipv4Packet.reusable();
    private final Icmpv4Packet icmp = Icmpv4Packet.reusable();
    private final Ipv4Packet quoted = Ipv4Packet.reusable();
    private final Ipv6Packet ip6 = Ipv6Packet.reusable();
    private final Icmpv6Packet icmp6 = Icmpv6Packet.reusable();

    int decode(MemorySegment s) {
      if ((Bytes.u8(s, 0) >>> 4) == 4) {
        ip.wrap(s);
        icmp.wrap(s, ip.payloadOffset(), ip.payloadLength());
        if (!ip.verifyChecksum() || !icmp.verifyChecksum()) {
          throw new IllegalStateException("icmpkit rejected a valid packet");
        }
        int t = icmp.type();
        if (t == 0 || t == 8) {
          return t + icmp.code() + icmp.echoIdentifier() + icmp.echoSequence();
        }
        // an error: the quoted datagram's protocol and ports, read in place
        long q = icmp.bufferOffset() + icmp.dataOffset();
        quoted.wrap(s, q, ip.payloadOffset() + ip.payloadLength() - q);
        long l4 = q + quoted.payloadOffset();
        return t + icmp.code() + quoted.protocol() + Bytes.u16(s, l4) + Bytes.u16(s, l4 + 2);
      }
      ip6.wrap(s, AnomalySink.IGNORE);
      icmp6.wrap(s, ip6.upperLayerOffset(), ip6.upperLayerLength());
      if (!icmp6.verifyChecksum(s)) {
        throw new IllegalStateException("icmpkit rejected a valid packet");
      }
      return icmp6.type() + icmp6.code() + icmp6.echoIdentifier() + icmp6.echoSequence();
    }
  }

  /** Decoding with one-shot icmpkit views ({@code checked()} per layer); package-private for the sanity test. */
  static final class CheckedViewDecoder {
    private CheckedViewDecoder() {}

    static int decode(MemorySegment s, Ipv6ExtensionWalk walk) {
      if ((Bytes.u8(s, 0) >>> 4) == 4) {
        Ipv4Packet ip = Ipv4Packet.checked(s);
        Icmpv4Packet icmp = Icmpv4Packet.checked(ip.payload());
        if (!ip.verifyChecksum() || !icmp.verifyChecksum()) {
          throw new IllegalStateException("icmpkit rejected a valid packet");
        }
        int t = icmp.type();
        if (t == 0 || t == 8) {
          return t + icmp.code() + icmp.echoIdentifier() + icmp.echoSequence();
        }
        // an error: the quoted datagram's protocol and ports, read in place
        Ipv4Packet quoted = Ipv4Packet.checked(icmp.data());
        MemorySegment l4 = quoted.payload();
        return t + icmp.code() + quoted.protocol() + Bytes.u16(l4, 0) + Bytes.u16(l4, 2);
      }
      Ipv6Packet ip = Ipv6Packet.checked(s, AnomalySink.IGNORE, walk);
      Icmpv6Packet icmp = Icmpv6Packet.checked(ip.upperLayerPayload());
      if (!icmp.verifyChecksum(ip.sourceBytes(), ip.destinationBytes())) {
        throw new IllegalStateException("icmpkit rejected a valid packet");
      }
      return icmp.type() + icmp.code() + icmp.echoIdentifier() + icmp.echoSequence();
    }
  }

  /** Decoding into icmpkit records; package-private for the sanity test. */
  static final class MessageDecoder {
    private MessageDecoder() {}

    static Object decode(MemorySegment s, Ipv6ExtensionWalk walk) {
      if ((Bytes.u8(s, 0) >>> 4) == 4) {
        Ipv4Packet ip = Ipv4Packet.checked(s);
        if (!ip.verifyChecksum()) {
          throw new IllegalStateException("icmpkit rejected a valid packet");
        }
        Icmpv4Message m = Icmpv4Message.parse(Icmpv4Packet.checked(ip.payload()), ChecksumPolicy.VERIFY);
        return m instanceof Icmpv4Message.ErrorMessage e ? e.quoted() : m;
      }
      Ipv6Packet ip = Ipv6Packet.checked(s, AnomalySink.IGNORE, walk);
      return Icmpv6Message.parse(Icmpv6Packet.checked(ip.upperLayerPayload()), ip.sourceBytes(),
          ip.destinationBytes(), ChecksumPolicy.VERIFY, AnomalySink.IGNORE);
    }
  }

  /** pcap4j 1.8.2 on the same bytes: the packet factory builds the whole object tree. */
  @Benchmark
  @OperationsPerInvocation(MIX_SIZE)
  public void pcap4j(Blackhole bh) throws IllegalRawDataException {
    for (byte[] p : raw) {
      bh.consume(Pcap4jDecoder.decode(p));
    }
  }

  /** Decoding with pcap4j; package-private for the sanity test. */
  static final class Pcap4jDecoder {
    private Pcap4jDecoder() {}

    static int decode(byte[] p) throws IllegalRawDataException {
      if ((p[0] & 0xF0) == 0x40) {
        IpV4Packet ip = IpV4Packet.newPacket(p, 0, p.length);
        IcmpV4CommonPacket icmp = ip.get(IcmpV4CommonPacket.class);
        if (!ip.getHeader().hasValidChecksum(false) || icmp == null || !icmp.hasValidChecksum(false)) {
          throw new IllegalStateException("pcap4j rejected a valid packet");
        }
        return icmp.getHeader().getType().value() + icmp.getPayload().length();
      }
      IpV6Packet ip = IpV6Packet.newPacket(p, 0, p.length);
      IcmpV6CommonPacket icmp = ip.get(IcmpV6CommonPacket.class);
      if (icmp == null || !icmp.hasValidChecksum((Inet6Address) ip.getHeader().getSrcAddr(),
          (Inet6Address) ip.getHeader().getDstAddr(), false)) {
        throw new IllegalStateException("pcap4j rejected a valid packet");
      }
      return icmp.getHeader().getType().value() + icmp.getPayload().length();
    }
  }
}
