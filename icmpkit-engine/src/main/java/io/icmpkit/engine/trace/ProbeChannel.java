package io.icmpkit.engine.trace;

import io.icmpkit.wire.AnomalySink;
import io.icmpkit.wire.ext.IcmpExtensions;
import io.icmpkit.wire.ext.Multipart;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * One socket (or set of sockets) that sends probes of one method and reads their answers, each
 * answer already matched to the probe's sequence number through what it quotes.
 */
interface ProbeChannel extends AutoCloseable {

  /**
   * An answer to probe {@code seq}.
   *
   * @param seq the probe's sequence number
   * @param responder sender of the answer (null for a local error)
   * @param nanos reception time in the System.nanoTime domain: the kernel receive stamp when
   *     {@code kernelRx}, else the clock when read (TCP: send time + measured RTT)
   * @param replyTtl received TTL / hop limit, -1 unknown
   * @param icmpType ICMP type, -1 for a non-ICMP answer (TCP)
   * @param icmpCode ICMP code, -1
   * @param info MTU of a "too big" error, else 0
   * @param reached the destination answered (echo reply, SYN-ACK, RST); port unreachable is
   *     classified by the tracer
   * @param localMtu a local EMSGSIZE: the MTU the kernel knows, else 0
   * @param extensions RFC 4884 extensions, or null
   * @param sentNanos the kernel's transmit stamp of the probe's (last) send, nanoTime domain, or 0
   *     when none came: the caller's clock reading at the send is then the send time
   * @param kernelRx {@code nanos} is the kernel receive stamp
   */
  record Answer(int seq, InetAddress responder, long nanos, int replyTtl, int icmpType,
      int icmpCode, long info, boolean reached, int localMtu, IcmpExtensions extensions,
      long sentNanos, boolean kernelRx) {

    /** An answer timed by the clock alone (scripted channels, TCP). */
    Answer(int seq, InetAddress responder, long nanos, int replyTtl, int icmpType, int icmpCode,
        long info, boolean reached, int localMtu, IcmpExtensions extensions) {
      this(seq, responder, nanos, replyTtl, icmpType, icmpCode, info, reached, localMtu,
          extensions, 0, false);
    }

    /** This answer with {@code kernelRx} set as given. */
    Answer withKernelRx(boolean rx) {
      return new Answer(seq, responder, nanos, replyTtl, icmpType, icmpCode, info, reached,
          localMtu, extensions, sentNanos, rx);
    }

    /** The send time to use: the kernel's when known, else {@code clockSent}. */
    long sentOr(long clockSent) {
      return sentNanos != 0 ? sentNanos : clockSent;
    }
  }

  /** Whether raw sockets are used. */
  boolean privileged();

  /**
   * Sends probe {@code seq} with {@code ttl}, {@code packetLength} bytes in all (IP header
   * included).
   *
   * @throws io.icmpkit.nativeio.NativeException when the kernel refuses (EMSGSIZE with DF...)
   */
  void send(int seq, int ttl, int packetLength);

  /** Answers that arrive within {@code timeout} (at least one, or none at the timeout). */
  List<Answer> poll(Duration timeout);

  /**
   * After a local EMSGSIZE on send: the smallest MTU below {@code below} that the error queue
   * reports (local errors, or "too big" errors not yet read, whose reporter is then preferred), or
   * null; answers read on the way are kept for the next {@link #poll}.
   */
  MtuChange localMtu(int below);

  @Override
  void close();

  /**
   * The RFC 4884 extensions of an error read from the error queue, or null. The kernel returns the
   * quote from {@code stripped} bytes on (it removed the inner IP header, and for UDP the UDP
   * header too), and with {@code IP_RECVERR_RFC4884} gives the original datagram's length
   * relative to that same point ({@code ip_icmp_error_rfc4884()}); 0 means none given, and then
   * the 128-byte rule of RFC 4884 section 5 applies to the rebuilt body.
   */
  static IcmpExtensions errorQueueExtensions(MemorySegment data, int stripped, int rfc4884Length) {
    MemorySegment body = MemorySegment.ofArray(new byte[(int) (stripped + data.byteSize())]);
    body.asSlice(stripped).copyFrom(data);
    return extensions(body, rfc4884Length > 0 ? rfc4884Length + stripped : 0);
  }

  /** The RFC 4884 extensions after a quote, or null ({@code lengthBytes} 0: the 128-byte rule). */
  static IcmpExtensions extensions(MemorySegment body, int lengthBytes) {
    try {
      return Multipart.split(body, lengthBytes, AnomalySink.IGNORE).extensions();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
