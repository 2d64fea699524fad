package io.icmpkit.engine.ping;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The receive timestamp of every reply is the kernel's, taken when the reply arrived — also for
 * the first probe of a fresh Pinger. Linux switches receive timestamps on (for the whole system)
 * from a work queue some time after the first socket asks for them; a reply that arrives before
 * has none, and recvmsg() then reports the time of the read as if it were the receive time (the
 * first RTT of a run showed 20 to 90 ms of JVM warm-up on loopback).
 *
 * <p>The oracle is an order, not a duration: the listener holds the engine thread for a while
 * after each send (so the loopback reply is queued long before the engine reads it) and notes
 * the clock when it lets go; a true receive stamp is earlier than that, the stamp made up at the
 * read is later. Each run uses a new Pinger after a pause, so that the kernel has switched the
 * stamps off again (unless another process on the machine keeps them on: then every run passes).
 */
@Tag("integration")
class PingerRxTimestampTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(NetnsTopology.chain("client", "peer"));
  private static final int RUNS = 10;

  /** Holds the engine thread after each send, then records the clock (CLOCK_REALTIME). */
  static final class HoldAfterSend implements PingListener {
    final Map<Integer, Long> released = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<PingEvent.Reply> replies = new ConcurrentLinkedQueue<>();

    @Override
    public void onEvent(PingEvent e) {
      if (e instanceof PingEvent.Sent s) {
        try {
          Thread.sleep(50); // the loopback reply is queued (and stamped) meanwhile
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
        }
        Instant now = Instant.now();
        released.put(s.seq(), now.getEpochSecond() * 1_000_000_000L + now.getNano());
      } else if (e instanceof PingEvent.Reply r) {
        replies.add(r);
      }
    }
  }

  @ParameterizedTest(name = "v6={0} {1}")
  @CsvSource({"false,DATAGRAM", "false,RAW", "true,DATAGRAM", "true,RAW"})
  void everyReplyOfFreshPingersHasTheKernelsReceiveStamp(boolean v6, IcmpSocket.Kind kind)
      throws Exception {
    InetAddress loopback = InetAddress.getByName(v6 ? "::1" : "127.0.0.1");
    PingRequest request = PingRequest.builder(loopback).count(2)
        .interval(Duration.ofMillis(20)).build();
    for (int run = 0; run < RUNS; run++) {
      Thread.sleep(100); // the kernel switches stamps off (deferred) once our sockets are closed
      try (Pinger p = NET.topology().call("client",
          () -> Pinger.builder().socketKind(kind).build())) {
        HoldAfterSend rec = new HoldAfterSend();
        CompletableFuture<PingResult> f = p.ping(request, rec);
        PingResult r = f.get(30, TimeUnit.SECONDS);
        Session s = ((Pinger.PingFuture) f).session;
        String where = "run " + run;
        assertThat(r.statistics().received()).as(where).isEqualTo(2);
        assertThat(s.kernelRtts).as(where + ": RTTs from kernel stamps").isEqualTo(2);
        assertThat(s.clockRtts).as(where + ": RTTs from the clock").isZero();
        List<PingEvent.Reply> replies = List.copyOf(rec.replies);
        assertThat(replies).extracting(PingEvent.Reply::seq).containsExactly(1, 2);
        for (PingEvent.Reply x : replies) {
          assertThat(x.receivedNanos()).as("%s seq %d: receive stamp before the engine read it",
              where, x.seq()).isLessThan(rec.released.get(x.seq()));
        }
      }
    }
  }
}
