package io.icmpkit.socket.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.pcap.io.LinkType;
import io.icmpkit.pcap.io.PcapWriter;
import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PacketCaptureSocket against the real kernel in the fixture's namespaces (client – target, link 1:
 * client veth1a 10.200.1.1 / fd00:200:1::1, target veth1b 10.200.1.2 / fd00:200:1::2). iputils
 * {@code ping} makes the traffic, tcpdump on the same interface at the same time is the oracle.
 */
@Tag("integration")
class PacketCaptureKernelTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(NetnsTopology.chain("client", "target"));

  private static final HexFormat HEX = HexFormat.of();
  private static final String IFACE = "veth1b";

  private static NetnsTopology t() {
    return NET.topology();
  }

  private static PacketCaptureSocket open(PacketCaptureSocket.Builder b) {
    return t().call("target", b::open);
  }

  private static void ping(boolean v6, int count) {
    requirePing();
    String dst = (v6 ? t().ipv6("target") : t().ipv4("target")).getHostAddress();
    NetnsTopology.ExecResult r = t().exec("client", "ping", v6 ? "-6" : "-4", "-n", "-c",
        Integer.toString(count), "-i", "0.05", "-W", "2", dst);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains(count + " received");
  }

  private static void requirePing() {
    if (!Files.isExecutable(Path.of("/usr/bin/ping")) && !Files.isExecutable(Path.of("/bin/ping"))) {
      String why = "iputils ping is not installed (apt-get install iputils-ping)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        org.junit.jupiter.api.Assertions.fail(why);
      }
      org.junit.jupiter.api.Assumptions.abort(why);
    }
  }

  /** Everything queued now, copied. */
  private static List<CapturedPacket> drain(PacketCaptureSocket s) {
    List<CapturedPacket> out = new ArrayList<>();
    while (s.dispatch(256, Duration.ofMillis(300), f -> out.add(f.copy())) > 0) {
      // until 300 ms pass without a frame
    }
    return out;
  }

  /** Whether an Ethernet frame carries an echo request/reply (ICMP 8/0, ICMPv6 128/129). */
  private static boolean isEcho(byte[] f) {
    int type = ((f[12] & 0xff) << 8) | (f[13] & 0xff);
    if (type == 0x0800 && f.length >= 14 + 20 + 8 && f[14 + 9] == 1) {
      int t = f[14 + (f[14] & 0x0f) * 4] & 0xff;
      return t == 8 || t == 0;
    }
    if (type == 0x86dd && f.length >= 14 + 40 + 8 && f[14 + 6] == 58) {
      int t = f[14 + 40] & 0xff;
      return t == 128 || t == 129;
    }
    return false;
  }

  /** Whether an Ethernet frame is ICMP, IGMP or ICMPv6 (directly or after a fragment header). */
  private static boolean isIcmpOrIgmp(byte[] f) {
    int type = ((f[12] & 0xff) << 8) | (f[13] & 0xff);
    if (type == 0x0800) {
      return f[14 + 9] == 1 || f[14 + 9] == 2;
    }
    if (type == 0x86dd) {
      return f[14 + 6] == 58 || (f[14 + 6] == 44 && f[14 + 40] == 58);
    }
    return false;
  }

  private static List<String> hex(List<byte[]> frames) {
    return frames.stream().map(HEX::formatHex).toList();
  }

  private static Path file(String name) throws Exception {
    Path dir = Path.of("target", "capture-it");
    Files.createDirectories(dir);
    return dir.resolve(name).toAbsolutePath();
  }

  /** Capture on veth1b with the default filter; through recvmsg, or a TPACKET_V3 ring. */
  private static PacketCaptureSocket.Builder onIface(boolean ring) {
    PacketCaptureSocket.Builder b = PacketCaptureSocket.builder().interfaceName(IFACE);
    return ring ? b.ring(64 * 1024, 16) : b;
  }

  @ParameterizedTest(name = "ring={0}")
  @ValueSource(booleans = {false, true})
  void pingsAreCapturedWithTheFilterExactlyAsTcpdumpCapturesThem(boolean ring) throws Exception {
    try (PacketCaptureSocket cap = open(onIface(ring))) {
      assertThat(cap.usesRing()).isEqualTo(ring);
      assertThat(cap.linkType()).isEqualTo(PacketCaptureSocket.LINKTYPE_ETHERNET);
      assertThat(cap.filter()).isEqualTo(BpfProgram.icmpEthernet());
      Tcpdump dump = Tcpdump.start(t().namespace("target"), IFACE, file("tcpdump-ping-" + ring + ".pcap"), 0,
          "icmp or igmp or icmp6");
      long before = System.currentTimeMillis();
      try {
        ping(false, 5);
        ping(true, 5);
        Thread.sleep(200); // let the last replies pass tcpdump's ring too
      } finally {
        dump.stop();
      }
      List<CapturedPacket> got = drain(cap);
      // write what Java captured as a pcap next to tcpdump's, for a human to diff
      try (PcapWriter w = PcapWriter.create(file("java-ping-" + ring + ".pcap"), LinkType.ETHERNET, true)) {
        for (CapturedPacket p : got) {
          w.write(p.timestampNanos() / 1_000_000_000L, (int) (p.timestampNanos() % 1_000_000_000L),
              p.data().asSegment(), p.originalLength());
        }
      }
      List<byte[]> java = got.stream().map(p -> p.data().toByteArray()).toList();
      List<byte[]> oracle = dump.frames(LinkType.ETHERNET).stream().map(Tcpdump.Frame::data)
          .toList();

      // the 20 echo packets (5 requests + 5 replies, v4 and v6), byte for byte, in the same order
      List<byte[]> javaEcho = java.stream().filter(PacketCaptureKernelTest::isEcho).toList();
      List<byte[]> oracleEcho = oracle.stream().filter(PacketCaptureKernelTest::isEcho).toList();
      assertThat(javaEcho).hasSize(20);
      assertThat(hex(javaEcho)).containsExactlyElementsOf(hex(oracleEcho));
      // everything tcpdump saw while it ran (neighbour discovery too), Java saw in a row
      assertThat(Collections.indexOfSubList(hex(java), hex(oracle)))
          .as("tcpdump's %d frames within Java's %d", oracle.size(), java.size())
          .isNotNegative();
      assertThat(java).allMatch(PacketCaptureKernelTest::isIcmpOrIgmp);

      // metadata: both directions, the interface, kernel timestamps of this run
      assertThat(got).anyMatch(CapturedPacket::outgoing).anyMatch(p -> !p.outgoing());
      int index = t().call("target", () -> cap.interfaceIndex());
      assertThat(got).allMatch(p -> p.interfaceIndex() == index && !p.truncated()
          && p.linkType() == 1 && p.originalLength() == p.data().length());
      assertThat(got).allMatch(p -> p.timestampNanos() / 1_000_000 >= before - 1000
          && p.timestampNanos() / 1_000_000 <= System.currentTimeMillis() + 1000);
      // the kernel stamps the frame once for every packet socket: tcpdump's time (microseconds) is
      // ours; not necessarily monotonic between directions, so compare frame by frame
      List<Long> javaTimes = got.stream().filter(p -> isEcho(p.data().toByteArray()))
          .map(CapturedPacket::timestampNanos).toList();
      List<Long> oracleTimes = dump.frames(LinkType.ETHERNET).stream()
          .filter(f -> isEcho(f.data())).map(Tcpdump.Frame::timestampNanos).toList();
      for (int i = 0; i < javaTimes.size(); i++) {
        assertThat(Math.abs(javaTimes.get(i) - oracleTimes.get(i))).as("frame %d", i)
            .isLessThan(1_000_000L);
      }
      CaptureStatistics st = cap.statistics();
      assertThat(st.drops()).isZero();
      assertThat(st.packets()).isEqualTo(java.size());
    }
  }

  @ParameterizedTest(name = "ring={0}")
  @ValueSource(booleans = {false, true})
  void aUdpFloodIsDroppedByTheKernelFilterNotDeliveredToJava(boolean ring) throws Exception {
    // a UDP sink on the target, so the flood makes no ICMP port unreachable of its own
    DatagramChannel sink = t().call("target", () -> DatagramChannel.open(StandardProtocolFamily.INET)
        .bind(new InetSocketAddress(t().ipv4("target"), 9)));
    try (sink; PacketCaptureSocket cap = open(onIface(ring))) {
      long rxBefore = rxPackets();
      ping(false, 3);
      // 20000 datagrams, bounded to 5 s, from the client to the target's sink only
      String py = "import socket,time\n"
          + "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
          + "d=b'u'*64; n=0; end=time.time()+5\n"
          + "while n<20000 and time.time()<end:\n"
          + "    s.sendto(d,('" + t().ipv4("target").getHostAddress() + "',9)); n+=1\n"
          + "print(n)\n";
      NetnsTopology.ExecResult flood = t().exec("client", "/usr/bin/python3", "-c", py);
      assertThat(flood.exitCode()).as(flood.output()).isZero();
      int sent = Integer.parseInt(flood.output().trim());
      assertThat(sent).isGreaterThan(1000);
      ping(false, 3);
      long rxDelta = rxPackets() - rxBefore;
      assertThat(rxDelta).as("the flood reached the interface").isGreaterThanOrEqualTo(sent);

      List<CapturedPacket> got = drain(cap);
      List<byte[]> frames = got.stream().map(p -> p.data().toByteArray()).toList();
      assertThat(frames).allMatch(PacketCaptureKernelTest::isIcmpOrIgmp);
      assertThat(frames.stream().filter(PacketCaptureKernelTest::isEcho)).hasSize(12);
      CaptureStatistics st = cap.statistics();
      // the kernel counts only what passed the filter: the ICMP frames, not the 20000 datagrams
      assertThat(st.packets()).isEqualTo(got.size());
      assertThat(st.drops()).isZero();
      assertThat(got.size()).isLessThan(100);
    }
  }

  private static long rxPackets() {
    NetnsTopology.ExecResult r =
        t().exec("target", "cat", "/sys/class/net/" + IFACE + "/statistics/rx_packets");
    assertThat(r.exitCode()).as(r.output()).isZero();
    return Long.parseLong(r.output().trim());
  }

  @Test
  void cookedCaptureOnAllInterfacesStartsAtTheIpHeader() throws Exception {
    try (PacketCaptureSocket cap = open(PacketCaptureSocket.builder()
        .mode(PacketCaptureSocket.Mode.COOKED))) {
      assertThat(cap.linkType()).isEqualTo(PacketCaptureSocket.LINKTYPE_RAW);
      assertThat(cap.filter()).isEqualTo(BpfProgram.icmpRawIp());
      assertThat(cap.interfaceIndex()).isZero();
      ping(false, 2);
      ping(true, 2);
      List<CapturedPacket> got = drain(cap);
      assertThat(got).allMatch(p -> {
        int v = (p.data().get(0) >> 4) & 0xf;
        return (v == 4 && p.protocol() == 0x0800) || (v == 6 && p.protocol() == 0x86dd);
      });
      long echoes = got.stream().filter(p -> {
        byte[] d = p.data().toByteArray();
        return (d[0] >> 4 & 0xf) == 4 ? d[9] == 1 && (d[20] == 8 || d[20] == 0)
            : d[6] == 58 && ((d[40] & 0xff) == 128 || (d[40] & 0xff) == 129);
      }).count();
      assertThat(echoes).isEqualTo(8);
    }
  }

  @Test
  void aFilterThatRejectsEverythingDeliversNothing() throws Exception {
    try (PacketCaptureSocket cap = open(PacketCaptureSocket.builder().interfaceName(IFACE)
        .filter(BpfProgram.rejectAll()))) {
      ping(false, 2);
      assertThat(cap.receive(Duration.ofMillis(300))).isNull();
      assertThat(cap.statistics()).isEqualTo(new CaptureStatistics(0, 0));
      // swap in tcpdump's own program for "icmp" at run time
      cap.setFilter(BpfProgram.parseTcpdumpDd(
          "{ 0x28, 0, 0, 0x0000000c },\n{ 0x15, 0, 3, 0x00000800 },\n{ 0x30, 0, 0, 0x00000017 },\n"
              + "{ 0x15, 0, 1, 0x00000001 },\n{ 0x6, 0, 0, 0x00040000 },\n{ 0x6, 0, 0, 0x00000000 },"));
      ping(false, 1);
      assertThat(drain(cap)).hasSize(2);
    }
  }

  @ParameterizedTest(name = "ring={0}")
  @ValueSource(booleans = {false, true})
  void closeFromAnotherThreadWakesABlockedReceive(boolean ring) throws Exception {
    PacketCaptureSocket cap = open(onIface(ring).filter(BpfProgram.rejectAll()));
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread reader = Thread.ofPlatform().start(() -> {
      try {
        cap.receive(null); // forever
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    Thread.sleep(300);
    assertThat(reader.isAlive()).isTrue();
    cap.close();
    reader.join(10_000);
    assertThat(reader.isAlive()).as("close woke the blocked receive").isFalse();
    assertThat(thrown.get()).isInstanceOf(NativeException.class);
    assertThat(((NativeException) thrown.get()).errno()).isEqualTo(Errno.EBADF);
    assertThatThrownBy(cap::statistics).isInstanceOf(NativeException.class);
    cap.close();
  }

  @Test
  void misuseFailsWithMessages() {
    assertThatThrownBy(() -> PacketCaptureSocket.builder().open())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("COOKED");
    assertThatThrownBy(() -> open(PacketCaptureSocket.builder().interfaceName("nosuch0")))
        .isInstanceOf(NativeException.class).hasMessageContaining("nosuch0");
  }
}
