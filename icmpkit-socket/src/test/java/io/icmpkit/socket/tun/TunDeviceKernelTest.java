package io.icmpkit.socket.tun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.pcap.io.LinkType;
import io.icmpkit.socket.capture.Tcpdump;
import io.icmpkit.testing.NetnsExtension;
import io.icmpkit.testing.NetnsTopology;
import io.icmpkit.wire.Octets;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TunDevice against the real kernel, inside a namespace of the fixture: the device {@code ikt0} is
 * opened in node {@code host}, which gets 10.200.250.1/24 and fd00:200:fa::1/64 on it; the Java side
 * plays the peer 10.200.250.2 / fd00:200:fa::2. tcpdump on {@code ikt0} is the independent witness
 * of the bytes crossing the device.
 */
@Tag("integration")
class TunDeviceKernelTest {
  @RegisterExtension
  static final NetnsExtension NET = new NetnsExtension(NetnsTopology.chain("host", "peer"));

  private static final String DEV = "ikt0";
  private static final Duration WAIT = Duration.ofSeconds(5);
  private TunDevice tun;

  private static NetnsTopology t() {
    return NET.topology();
  }

  private static InetAddress addr(String s) throws Exception {
    return InetAddress.getByName(s); // literals only
  }

  private static InetAddress local(boolean v6) throws Exception {
    return addr(v6 ? "fd00:200:fa::1" : "10.200.250.1");
  }

  private static InetAddress peer(boolean v6) throws Exception {
    return addr(v6 ? "fd00:200:fa::2" : "10.200.250.2");
  }

  private static void ip(String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    NetnsTopology.ExecResult r = t().exec("host", cmd.toArray(String[]::new));
    assertThat(r.exitCode()).as("%s: %s", cmd, r.output()).isZero();
  }

  @BeforeEach
  void openDevice() {
    tun = t().call("host", () -> TunDevice.open(DEV));
    ip("addr", "add", "10.200.250.1/24", "dev", DEV);
    ip("-6", "addr", "add", "fd00:200:fa::1/64", "dev", DEV, "nodad");
    ip("link", "set", DEV, "up");
  }

  @AfterEach
  void closeDevice() {
    tun.close();
  }

  /** Reads packets until one matches (others: IPv6 router solicitations, MLD reports...). */
  private static byte[] readUntil(TunDevice tun, Predicate<byte[]> wanted) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Octets p = tun.receive(Duration.ofMillis(200));
      if (p != null && wanted.test(p.toByteArray())) {
        return p.toByteArray();
      }
    }
    throw new AssertionError("no matching packet from " + tun + " within " + WAIT);
  }

  private static String echoFilter(boolean v6) {
    return v6 ? "icmp6 and (ip6[40] == 128 or ip6[40] == 129)"
        : "icmp and (icmp[0] == 8 or icmp[0] == 0)";
  }

  private static Path pcap(String name) throws Exception {
    Path dir = Path.of("target", "tun-it");
    Files.createDirectories(dir);
    return dir.resolve(name).toAbsolutePath();
  }

  @ParameterizedTest(name = "ipv6={0}")
  @ValueSource(booleans = {false, true})
  void echoWrittenIntoTheDeviceIsAnsweredByTheKernelByteForByte(boolean v6) throws Exception {
    byte[] data = "icmpkit tun echo 0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    byte[] request = EchoPackets.request(peer(v6), local(v6), 0x4b1d, 7, data);
    try (Tcpdump dump = Tcpdump.start(t().namespace("host"), DEV, pcap("echo-" + v6 + ".pcap"), 2,
        echoFilter(v6))) {
      try (Arena a = Arena.ofConfined()) {
        MemorySegment seg = a.allocate(request.length);
        MemorySegment.copy(request, 0, seg, ValueLayout.JAVA_BYTE, 0, request.length);
        assertThat(tun.write(seg)).isEqualTo(request.length);
      }
      byte[] reply = readUntil(tun, p -> EchoPackets.isIcmp(p) && EchoPackets.isV6(p) == v6
          && EchoPackets.type(p) == (v6 ? 129 : 0) && EchoPackets.identifier(p) == 0x4b1d);
      assertThat(EchoPackets.source(reply)).isEqualTo(local(v6));
      assertThat(EchoPackets.destination(reply)).isEqualTo(peer(v6));
      assertThat(EchoPackets.sequence(reply)).isEqualTo(7);
      assertThat(EchoPackets.data(reply)).isEqualTo(data);
      assertThat(EchoPackets.checksumsVerify(reply)).isTrue();
      // the ICMP part is the request's with the type changed (RFC 792, RFC 4443 4.2)
      int o = EchoPackets.icmpOffset(reply);
      byte[] expectedIcmp = java.util.Arrays.copyOfRange(EchoPackets.reply(request), o,
          request.length);
      assertThat(java.util.Arrays.copyOfRange(reply, o, reply.length)).isEqualTo(expectedIcmp);

      assertThat(dump.awaitExit(10)).as("tcpdump saw both packets: %s", dump.output()).isTrue();
      List<Tcpdump.Frame> frames = dump.frames(LinkType.RAW);
      assertThat(frames).hasSize(2);
      assertThat(frames.get(0).data()).as("what the kernel received").isEqualTo(request);
      assertThat(frames.get(1).data()).as("what Java read").isEqualTo(reply);
    }
  }

  @ParameterizedTest(name = "ipv6={0}")
  @ValueSource(booleans = {false, true})
  void pingFromTheNamespaceComesOutOfJavaAndItsReplyGoesBack(boolean v6) throws Exception {
    try (Tcpdump dump = Tcpdump.start(t().namespace("host"), DEV, pcap("ping-" + v6 + ".pcap"), 2,
        echoFilter(v6))) {
      Process ping = new ProcessBuilder("ip", "netns", "exec", t().namespace("host"), "ping",
          v6 ? "-6" : "-4", "-n", "-c", "1", "-W", "5", "-p", "a5c3", "-s", "40",
          peer(v6).getHostAddress()).redirectErrorStream(true).start();
      try {
        byte[] request = readUntil(tun, p -> EchoPackets.isIcmp(p) && EchoPackets.isV6(p) == v6
            && EchoPackets.type(p) == (v6 ? 128 : 8));
        assertThat(EchoPackets.source(request)).isEqualTo(local(v6));
        assertThat(EchoPackets.destination(request)).isEqualTo(peer(v6));
        assertThat(EchoPackets.checksumsVerify(request)).isTrue();
        byte[] payload = EchoPackets.data(request);
        assertThat(payload).hasSize(40);
        // ping -p a5c3 fills the data after its 16-byte timestamp with the pattern
        assertThat(payload[16]).isEqualTo((byte) 0xa5);
        assertThat(payload[17]).isEqualTo((byte) 0xc3);
        assertThat(payload[39]).isEqualTo((byte) 0xc3);

        byte[] reply = EchoPackets.reply(request);
        assertThat(tun.write(Octets.of(reply))).isEqualTo(reply.length);

        assertThat(ping.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String out = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ping.exitValue()).as(out).isZero();
        assertThat(out).contains("1 received");

        assertThat(dump.awaitExit(10)).as("tcpdump saw both packets: %s", dump.output()).isTrue();
        List<Tcpdump.Frame> frames = dump.frames(LinkType.RAW);
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).data()).as("what ping sent = what Java read").isEqualTo(request);
        assertThat(frames.get(1).data()).as("what Java wrote = what the kernel got")
            .isEqualTo(reply);
      } finally {
        ping.destroyForcibly();
      }
    }
  }

  /** A second device that stays down: nothing is routed to it, so reads have nothing to read. */
  private static TunDevice quiet() {
    return t().call("host", () -> TunDevice.open("iktquiet"));
  }

  @Test
  void closeFromAnotherThreadWakesABlockedRead() throws Exception {
    TunDevice dev = quiet();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Integer> result = new AtomicReference<>();
    Thread reader = Thread.ofPlatform().start(() -> {
      try (Arena a = Arena.ofConfined()) {
        result.set(dev.read(a.allocate(TunDevice.MAX_PACKET + 1))); // no timeout: blocks in poll
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    Thread.sleep(300); // let the reader reach poll (if it has not, close still makes it throw)
    assertThat(reader.isAlive()).as("read is blocked (got %s)", result.get()).isTrue();
    dev.close();
    reader.join(10_000);
    assertThat(reader.isAlive()).as("close woke the blocked read").isFalse();
    assertThat(thrown.get()).isInstanceOf(NativeException.class);
    assertThat(((NativeException) thrown.get()).errno()).isEqualTo(Errno.EBADF);
    assertThatThrownBy(() -> dev.write(Octets.of(new byte[20])))
        .isInstanceOf(NativeException.class).hasMessageContaining("closed");
    dev.close(); // idempotent
    // the interface went away with its only queue
    assertThat(t().exec("host", "ip", "link", "show", "iktquiet").exitCode()).isNotZero();
  }

  @Test
  void readTimesOutWithMinusOne() throws Exception {
    try (TunDevice dev = quiet(); Arena a = Arena.ofConfined()) {
      assertThat(dev.read(a.allocate(100), Duration.ofMillis(100))).isEqualTo(-1);
      assertThat(dev.read(a.allocate(100), Duration.ZERO)).isEqualTo(-1);
      assertThat(dev.receive(Duration.ZERO)).isNull();
    }
  }

  @Test
  void kernelAssignedNameMultiQueueAndBusy() {
    try (TunDevice any = t().call("host", () -> TunDevice.builder().open())) {
      assertThat(any.name()).matches("tun\\d+");
      assertThat(any.interfaceIndex()).isPositive();
      assertThat(t().exec("host", "ip", "link", "show", any.name()).exitCode()).isZero();
    }
    // a second queue of a single-queue device is refused
    assertThatThrownBy(() -> t().call("host", () -> TunDevice.open(DEV)))
        .isInstanceOf(NativeException.class).hasMessageContaining("EBUSY");
    try (TunDevice q1 = t().call("host", () -> TunDevice.builder().name("iktmq").multiQueue(true)
        .open());
        TunDevice q2 = t().call("host", () -> TunDevice.builder().name("iktmq").multiQueue(true)
            .open())) {
      assertThat(q1.name()).isEqualTo("iktmq");
      assertThat(q2.interfaceIndex()).isEqualTo(q1.interfaceIndex());
      assertThat(q1.multiQueue()).isTrue();
    }
  }

  @Test
  void theDeviceLivesInTheNamespaceThatOpenedIt() throws Exception {
    try (Arena a = Arena.ofConfined()) {
      // not in the test JVM's own namespace
      assertThat(io.icmpkit.nativeio.Native.libc().if_nametoindex(a.allocateFrom(DEV)))
          .isNegative();
    }
    assertThat(t().exec("host", "ip", "link", "show", DEV).output()).contains(DEV);
    assertThat(t().exec("peer", "ip", "link", "show", DEV).exitCode()).isNotZero();
  }
}
