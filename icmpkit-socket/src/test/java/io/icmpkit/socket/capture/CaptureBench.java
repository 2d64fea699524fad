package io.icmpkit.socket.capture;

import java.time.Duration;

/**
 * The Java side of {@code tools/bench/capture_vs_tcpdump.sh} (not a test): captures on one
 * interface with the default ICMP filter for a number of seconds, counting frames and bytes
 * without keeping them, then prints one line {@code java delivered=N bytes=B kernel_packets=P
 * kernel_drops=D seconds=S}. Prints {@code ready} once the filter is attached.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp ... CaptureBench IFACE SECONDS
 * [RCVBUF_BYTES] [ring:BLOCK_BYTES:BLOCKS:RETIRE_MS]}; run it inside the namespace ({@code ip
 * netns exec}). With {@code ring:...} it reads a TPACKET_V3 ring instead of one {@code recvmsg}
 * per frame.
 */
public final class CaptureBench {
  private CaptureBench() {}

  public static void main(String[] args) {
    String iface = args[0];
    double seconds = Double.parseDouble(args[1]);
    int rcvbuf = args.length > 2 ? Integer.parseInt(args[2]) : 2 << 20;
    // "ring:BLOCK_BYTES:BLOCKS:RETIRE_MS", or anything else for recvmsg
    String[] ring = args.length > 3 && args[3].startsWith("ring:") ? args[3].split(":") : null;
    long[] count = new long[2];
    PacketCaptureSocket.Builder b = PacketCaptureSocket.builder().interfaceName(iface)
        .receiveBufferSize(rcvbuf);
    if (ring != null) {
      b.ring(Integer.parseInt(ring[1]), Integer.parseInt(ring[2]),
          Duration.ofMillis(Long.parseLong(ring[3])));
    }
    try (PacketCaptureSocket s = b.open()) {
      System.out.println("ready");
      System.out.flush();
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      while (System.nanoTime() < end) {
        s.dispatch(4096, Duration.ofMillis(50), f -> {
          count[0]++;
          count[1] += f.originalLength();
        });
      }
      // what is still queued when the time is up belongs to the run
      while (s.dispatch(4096, Duration.ofMillis(200), f -> {
        count[0]++;
        count[1] += f.originalLength();
      }) > 0) {
        // drain
      }
      double took = (System.nanoTime() - start) / 1e9;
      CaptureStatistics st = s.statistics();
      System.out.printf("java delivered=%d bytes=%d kernel_packets=%d kernel_drops=%d seconds=%.2f%n",
          count[0], count[1], st.packets(), st.drops(), took);
    }
  }
}
