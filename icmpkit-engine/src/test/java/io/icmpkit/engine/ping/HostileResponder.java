package io.icmpkit.engine.ping;

import io.icmpkit.nativeio.Native;
import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.socket.ReceivedDatagram;
import io.icmpkit.testing.NetnsTopology;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An echo responder for tests: raw ICMP sockets opened inside a fixture namespace (whose kernel
 * echo is off, or on when the responder only records), answering every echo request as {@link
 * #mode} says. Replies are built from the request's own bytes, so they fit any pinger (ours or
 * iputils). Bounded: the loop wakes every 100 ms, stops at {@link #close()} and after 100,000
 * requests.
 */
final class HostileResponder implements AutoCloseable {
  /** What to send for each echo request. */
  enum Mode {
    /** Nothing: only record the sequence numbers seen (the kernel answers). */
    RECORD,
    /** The reply three times. */
    DUPLICATE,
    /** First a reply with a wrong ICMP checksum, then the good one. */
    BAD_CHECKSUM,
    /** One reply whose last payload byte differs (checksum recomputed: only the data is wrong). */
    CORRUPTED,
    /** A reply for a foreign identifier, one with a damaged cookie, then the good one. */
    FOREIGN,
    /** The reply with a Record Route option in its IPv4 header (IP_OPTIONS). */
    IP_OPTIONS,
    /** A reply cut to the ICMP header + 4 bytes (inside the cookie / timestamp). */
    CUT_IN_COOKIE,
    /** A reply cut to the ICMP header + 16 bytes (cookie intact, the rest of the data gone). */
    CUT_AFTER_COOKIE
  }

  /** Linux {@code IP_OPTIONS} ({@code <linux/in.h>}). */
  private static final int IP_OPTIONS = 4;
  /** Record Route with one slot, then End of Option List (RFC 791 §3.1). */
  private static final byte[] RECORD_ROUTE = {7, 7, 4, 0, 0, 0, 0, 0};

  private final boolean ipv6;
  private final IcmpSocket socket;
  private final IcmpSocket withOptions;
  private final Thread thread;
  private volatile boolean running = true;
  volatile Mode mode = Mode.RECORD;
  /** Sequence numbers of the echo requests seen (since the last {@link #reset}). */
  final Set<Integer> seen = ConcurrentHashMap.newKeySet();

  HostileResponder(NetnsTopology t, String node, boolean ipv6) {
    this.ipv6 = ipv6;
    var family = ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    this.socket = t.call(node, () -> IcmpSocket.open(family, IcmpSocket.Kind.RAW));
    socket.passOnly(ipv6 ? 128 : 8);
    if (ipv6) {
      withOptions = null;
    } else {
      withOptions = t.call(node, () -> IcmpSocket.open(family, IcmpSocket.Kind.RAW));
      withOptions.passOnly(31); // never read: let (almost) nothing queue up
      try (Arena a = Arena.ofConfined()) {
        MemorySegment o = a.allocate(RECORD_ROUTE.length);
        o.copyFrom(MemorySegment.ofArray(RECORD_ROUTE));
        int rc = Native.libc().setsockopt(withOptions.fd(), 0, IP_OPTIONS, o, RECORD_ROUTE.length);
        if (rc < 0) {
          throw new IllegalStateException("setsockopt(IP_OPTIONS): errno " + -rc);
        }
      }
    }
    thread = Thread.ofPlatform().daemon().name("hostile-responder").start(this::loop);
  }

  void reset(Mode m) {
    seen.clear();
    mode = m;
  }

  private void loop() {
    for (int n = 0; running && n < 100_000; ) {
      ReceivedDatagram d;
      try {
        d = socket.receive(Duration.ofMillis(100));
      } catch (RuntimeException e) {
        return; // closed
      }
      if (d == null || d.isError()) {
        continue;
      }
      n++;
      byte[] req = Bytes.copy(d.payload(), 0, d.payload().byteSize());
      if (req.length < 8 || (req[0] & 0xff) != (ipv6 ? 128 : 8)) {
        continue;
      }
      seen.add(((req[6] & 0xff) << 8) | (req[7] & 0xff));
      try {
        for (Reply r : replies(req, mode)) {
          (r.options ? withOptions : socket).send(r.bytes, d.peer());
        }
      } catch (RuntimeException e) {
        // a send failing (closing, buffer full) must not stop the responder
      }
    }
  }

  private record Reply(byte[] bytes, boolean options) {}

  private List<Reply> replies(byte[] req, Mode m) {
    List<Reply> out = new ArrayList<>();
    switch (m) {
      case RECORD -> { }
      case DUPLICATE -> {
        for (int i = 0; i < 3; i++) {
          out.add(new Reply(reply(req, req.length), false));
        }
      }
      case BAD_CHECKSUM -> {
        byte[] bad = reply(req, req.length);
        bad[2] ^= 0x5a; // not the other representation of the same sum: never valid again
        bad[3] ^= 0x5a;
        out.add(new Reply(bad, false));
        out.add(new Reply(reply(req, req.length), false));
      }
      case CORRUPTED -> {
        byte[] r = copy(req, req.length);
        r[r.length - 1] ^= 0x01;
        out.add(new Reply(finish(r), false));
      }
      case FOREIGN -> {
        byte[] id = copy(req, req.length);
        id[4] ^= (byte) 0x80;
        out.add(new Reply(finish(id), false));
        byte[] cookie = copy(req, req.length);
        if (cookie.length > 12) {
          cookie[12] ^= (byte) 0xff;
          out.add(new Reply(finish(cookie), false));
        }
        out.add(new Reply(reply(req, req.length), false));
      }
      case IP_OPTIONS -> out.add(new Reply(reply(req, req.length), !ipv6));
      case CUT_IN_COOKIE -> out.add(new Reply(reply(req, Math.min(req.length, 12)), false));
      case CUT_AFTER_COOKIE -> out.add(new Reply(reply(req, Math.min(req.length, 24)), false));
    }
    return out;
  }

  /** The echo reply to {@code req}, cut to {@code len} bytes, with a good checksum. */
  private byte[] reply(byte[] req, int len) {
    return finish(copy(req, len));
  }

  private byte[] copy(byte[] req, int len) {
    byte[] r = java.util.Arrays.copyOf(req, len);
    r[0] = (byte) (ipv6 ? 129 : 0);
    return r;
  }

  /** Fills the ICMPv4 checksum (ICMPv6: the kernel computes it on raw ICMPv6 sockets). */
  private byte[] finish(byte[] r) {
    r[2] = 0;
    r[3] = 0;
    if (!ipv6) {
      int c = Checksum.compute(r);
      r[2] = (byte) (c >> 8);
      r[3] = (byte) c;
    }
    return r;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(2_000);
    socket.close();
    if (withOptions != null) {
      withOptions.close();
    }
  }
}
