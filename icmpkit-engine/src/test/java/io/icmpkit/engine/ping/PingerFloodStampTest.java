package io.icmpkit.engine.ping;

import static org.assertj.core.api.Assertions.assertThat;

import io.icmpkit.socket.IcmpSocket;
import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A flood ping times every reply with the kernel's transmit and receive stamps. Flood sends the
 * next probe from the reply handler, so on loopback its reply and its transmit stamp are queued
 * together; the engine used to read on through the normal queue and time all but one reply in 64
 * with the clock (the stamps came too late), until each channel read owed stamps first.
 */
@Tag("integration")
class PingerFloodStampTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(NetnsTopology.chain("client", "peer"));
  private static final int COUNT = 3000;

  @ParameterizedTest(name = "v6={0} {1} preload {2}")
  @CsvSource({"false,RAW,1", "false,DATAGRAM,1", "true,RAW,1", "true,DATAGRAM,1",
      "false,RAW,3"})
  void everyFloodReplyIsTimedWithKernelStamps(boolean v6, IcmpSocket.Kind kind, int preload)
      throws Exception {
    InetAddress loopback = InetAddress.getByName(v6 ? "::1" : "127.0.0.1");
    PingRequest request = PingRequest.builder(loopback).count(COUNT).flood(true)
        .preload(preload).build();
    try (Pinger p = NET.topology().call("client",
        () -> Pinger.builder().socketKind(kind).build())) {
      CompletableFuture<PingResult> f = p.ping(request, PingListener.NONE);
      PingResult r = f.get(60, TimeUnit.SECONDS);
      Session s = ((Pinger.PingFuture) f).session;
      assertThat(r.statistics().received()).isEqualTo(COUNT);
      assertThat(s.kernelRtts).as("RTTs from kernel stamps").isEqualTo(COUNT);
      assertThat(s.clockRtts).as("RTTs from the clock").isZero();
    }
  }
}
