package io.icmpkit.engine.ping.examples;

import io.icmpkit.engine.ping.PingEvent;
import io.icmpkit.engine.ping.PingListener;
import io.icmpkit.engine.ping.PingRequest;
import io.icmpkit.engine.ping.PingResult;
import io.icmpkit.engine.ping.PingStatistics;
import io.icmpkit.engine.ping.Pinger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runnable example: pings every host given on the command line (default {@code 127.0.0.1}) three
 * times at once through one {@link Pinger} and prints iputils-like lines.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp ... io.icmpkit.engine.ping.examples.PingExample ::1 127.0.0.1
 * </pre>
 */
public final class PingExample {
  private PingExample() {}

  public static void main(String[] args) {
    List<String> hosts = args.length == 0 ? List.of("127.0.0.1") : List.of(args);
    try (Pinger pinger = Pinger.create()) {
      List<CompletableFuture<PingResult>> runs = new ArrayList<>();
      for (String host : hosts) {
        PingRequest request = PingRequest.builder(host).count(3)
            .interval(Duration.ofMillis(200)).timeout(Duration.ofSeconds(2)).build();
        runs.add(pinger.ping(request, new PingListener() {
          @Override
          public void onReply(PingEvent.Reply r) {
            System.out.printf("%d bytes from %s: icmp_seq=%d ttl=%d time=%.3f ms%s%n",
                r.bytes(), r.from().getHostAddress(), r.seq(), r.ttl(), r.rttNanos() / 1e6,
                r.duplicate() ? " (DUP!)" : "");
          }

          @Override
          public void onError(PingEvent.Error e) {
            System.out.printf("From %s icmp_seq=%d type=%d code=%d (%s)%n",
                e.from() == null ? "local" : e.from().getHostAddress(), e.seq(), e.icmpType(),
                e.icmpCode(), e.errno());
          }

          @Override
          public void onTimeout(PingEvent.Timeout t) {
            System.out.printf("no answer yet for icmp_seq=%d%n", t.seq());
          }
        }));
      }
      for (CompletableFuture<PingResult> run : runs) {
        PingResult r = run.join();
        PingStatistics s = r.statistics();
        System.out.printf("--- %s ping statistics ---%n%d packets transmitted, %d received, "
            + "%g%% packet loss%n", r.target().getHostAddress(), s.transmitted(), s.received(),
            s.lossPercent());
        if (s.hasRtt()) {
          System.out.printf("rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms, median %.3f ms%n",
              s.minNanos() / 1e6, s.avgNanos() / 1e6, s.maxNanos() / 1e6, s.mdevNanos() / 1e6,
              s.medianNanos() / 1e6);
        }
      }
    }
  }
}
