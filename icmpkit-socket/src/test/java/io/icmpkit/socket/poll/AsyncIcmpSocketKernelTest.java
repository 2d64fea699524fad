package io.icmpkit.socket.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.socket.IcmpSocketOption;
import io.icmpkit.socket.ReceivedDatagram;
import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.icmpv4.Icmpv4Message;
import io.icmpkit.wire.icmpv4.Icmpv4Packet;
import io.icmpkit.wire.icmpv6.Icmpv6Message;
import io.icmpkit.wire.icmpv6.Icmpv6Packet;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AsyncIcmpSocket on a Poller against the real kernel: client – r1 – target namespaces. */
@Tag("integration")
class AsyncIcmpSocketKernelTest {
  @RegisterExtension
  static final NetnsExtension NET =
      new NetnsExtension(NetnsTopology.chain("client", "r1", "target"));

  private static IcmpSocket open(boolean v6) {
    return NET.topology().call("client", () -> IcmpSocket.open(
        v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET,
        IcmpSocket.Kind.DATAGRAM));
  }

  private static InetAddress target(boolean v6) {
    return v6 ? NET.topology().ipv6("target") : NET.topology().ipv4("target");
  }

  private static byte[] echo(boolean v6, int seq) {
    Octets data = Octets.of(new byte[16]);
    if (v6) {
      var m = new Icmpv6Message.EchoRequest(0, seq, data);
      byte[] b = new byte[m.bufferLength()];
      m.emit(MemorySegment.ofArray(b), ChecksumPolicy.KERNEL);
      return b;
    }
    var m = new Icmpv4Message.EchoRequest(0, 0, seq, data);
    byte[] b = new byte[m.bufferLength()];
    m.emit(MemorySegment.ofArray(b), ChecksumPolicy.KERNEL);
    return b;
  }

  private static int replySequence(boolean v6, ReceivedDatagram r) {
    if (v6) {
      Icmpv6Packet p = Icmpv6Packet.checked(r.payload());
      return p.type() == 129 ? p.echoSequence() : -1;
    }
    Icmpv4Packet p = Icmpv4Packet.checked(r.payload());
    return p.type() == 0 ? p.echoSequence() : -1;
  }

  @ParameterizedTest(name = "ipv6={0}")
  @ValueSource(booleans = {false, true})
  void thousandConcurrentEchoesFromManyThreadsAllComplete(boolean v6) throws Exception {
    int count = 1000;
    ConcurrentHashMap<Integer, CompletableFuture<ReceivedDatagram>> pending =
        new ConcurrentHashMap<>();
    for (int seq = 0; seq < count; seq++) {
      pending.put(seq, new CompletableFuture<>());
    }
    List<Integer> unmatched = java.util.Collections.synchronizedList(new ArrayList<>());
    Semaphore window = new Semaphore(256); // at most 256 outstanding: bounded load
    try (Poller poller = Poller.open("echo-test");
         AsyncIcmpSocket s = AsyncIcmpSocket.open(poller, open(v6), r -> {
           int seq = replySequence(v6, r);
           CompletableFuture<ReceivedDatagram> f = pending.get(seq);
           if (f != null && f.complete(r)) {
             window.release();
           } else {
             unmatched.add(seq);
           }
         });
         ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      InetAddress dst = target(v6);
      List<CompletableFuture<Integer>> sends = new ArrayList<>();
      for (int t = 0; t < 4; t++) { // four virtual threads send interleaved sequences
        int first = t;
        senders.submit(() -> {
          for (int seq = first; seq < count; seq += 4) {
            if (!window.tryAcquire(5, TimeUnit.SECONDS)) {
              throw new IllegalStateException("no reply window after 5 s at seq " + seq);
            }
            CompletableFuture<Integer> sent = s.send(echo(v6, seq), dst);
            synchronized (sends) {
              sends.add(sent);
            }
          }
          return null;
        });
      }
      CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new))
          .get(30, TimeUnit.SECONDS);
      synchronized (sends) {
        assertThat(sends).hasSize(count).allSatisfy(f -> assertThat(f.join()).isPositive());
      }
      for (var e : pending.entrySet()) {
        assertThat(replySequence(v6, e.getValue().join())).isEqualTo(e.getKey());
        assertThat(e.getValue().join().peer()).isEqualTo(dst);
      }
      assertThat(unmatched).isEmpty();
    }
  }

  @Test
  void futuresReceiveRepliesInArrivalOrder() throws Exception {
    try (Poller poller = Poller.open();
         AsyncIcmpSocket s = AsyncIcmpSocket.open(poller, open(false))) {
      CompletableFuture<ReceivedDatagram> first = s.receive();
      CompletableFuture<ReceivedDatagram> second = s.receive();
      s.send(echo(false, 1), target(false)).get(5, TimeUnit.SECONDS);
      assertThat(replySequence(false, first.get(5, TimeUnit.SECONDS))).isEqualTo(1);
      assertThat(second).isNotDone();
      s.send(echo(false, 2), target(false)).get(5, TimeUnit.SECONDS);
      assertThat(replySequence(false, second.get(5, TimeUnit.SECONDS))).isEqualTo(2);
      // a reply nobody waits for is kept for the next receive()
      s.send(echo(false, 3), target(false)).get(5, TimeUnit.SECONDS);
      assertThat(replySequence(false, s.receive().get(5, TimeUnit.SECONDS))).isEqualTo(3);
    }
  }

  @ParameterizedTest(name = "ipv6={0}")
  @ValueSource(booleans = {false, true})
  void errorQueueEntriesArriveThroughThePoller(boolean v6) throws Exception {
    try (Poller poller = Poller.open();
         AsyncIcmpSocket s = AsyncIcmpSocket.open(poller, open(v6))) {
      s.socket().setOption(IcmpSocketOption.RECVERR, true).setOption(IcmpSocketOption.TTL, 1);
      CompletableFuture<ReceivedDatagram> f = s.receive();
      s.send(echo(v6, 77), target(v6)).get(5, TimeUnit.SECONDS);
      ReceivedDatagram r = f.get(5, TimeUnit.SECONDS);
      assertThat(r.isError()).isTrue();
      assertThat(r.error().type()).isEqualTo(v6 ? 3 : 11);
      assertThat(r.error().offender()).isEqualTo(v6 ? NET.topology().ipv6("r1")
          : NET.topology().ipv4("r1"));
      // the entry was consumed: the next datagram is the reply, not the same error again
      s.socket().setOption(IcmpSocketOption.TTL, 64);
      CompletableFuture<ReceivedDatagram> next = s.receive();
      s.send(echo(v6, 78), target(v6)).get(5, TimeUnit.SECONDS);
      assertThat(replySequence(v6, next.get(5, TimeUnit.SECONDS))).isEqualTo(78);
    }
  }

  @Test
  void closeFromAnotherThreadFailsPendingReceivesAndEndsTheRegistration() throws Exception {
    try (Poller poller = Poller.open()) {
      AsyncIcmpSocket s = AsyncIcmpSocket.open(poller, open(false));
      CompletableFuture<ReceivedDatagram> pending = s.receive();
      assertThat(poller.registrationCount()).isEqualTo(1);
      Thread closer = Thread.ofPlatform().start(s::close);
      closer.join(5000);
      assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(NativeException.class)
          .satisfies(e -> assertThat(((NativeException) e).errno()).isEqualTo(Errno.EBADF));
      assertThat(s.isClosed()).isTrue();
      assertThat(s.socket().isClosed()).isTrue();
      assertThat(poller.registrationCount()).isZero();
      assertThat(s.receive()).isCompletedExceptionally();
      assertThat(s.send(echo(false, 1), target(false))).isCompletedExceptionally();
    }
  }

  @Test
  void closingThePollerFailsPendingFutures() throws Exception {
    Poller poller = Poller.open();
    try (AsyncIcmpSocket s = AsyncIcmpSocket.open(poller, open(true))) {
      List<CompletableFuture<ReceivedDatagram>> pending = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        pending.add(s.receive());
      }
      poller.close();
      for (CompletableFuture<ReceivedDatagram> f : pending) {
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(PollerClosedException.class);
      }
      assertThatThrownBy(() -> s.receive().join()).isInstanceOf(CompletionException.class)
          .cause().isInstanceOf(PollerClosedException.class);
    } // closing the socket after its poller: still clean
  }
}
