package io.icmpkit.testing;

import static io.icmpkit.nativeio.lib.Linux.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.nativeio.Native;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.nativeio.lib.LibC;
import io.icmpkit.nativeio.struct.PollFd;
import io.icmpkit.nativeio.struct.SockAddr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("integration")
class NetnsTopologyTest {
  @RegisterExtension
  static final NetnsExtension NET =
      new NetnsExtension(NetnsTopology.chain("client", "r1", "r2", "target").linkMtu(2, 1280));

  private static final LibC C = Native.libc();

  @Test
  void addressesFollowThePlan() {
    NetnsTopology t = NET.topology();
    assertThat(t.ipv4("client").getHostAddress()).isEqualTo("10.200.1.1");
    assertThat(t.ipv4("r1").getHostAddress()).isEqualTo("10.200.1.2");
    assertThat(t.ipv4("r2").getHostAddress()).isEqualTo("10.200.2.2");
    assertThat(t.ipv4("target").getHostAddress()).isEqualTo("10.200.3.2");
    assertThat(t.ipv6("target").getHostAddress()).isEqualTo("fd00:200:3:0:0:0:0:2");
    assertThat(t.links("r1")).containsExactly(1, 2);
    assertThat(t.interfaceName("r1", 2)).isEqualTo("veth2a");
    assertThat(t.namespace("client")).startsWith("ikt-" + ProcessHandle.current().pid() + "-");
    assertThatThrownBy(() -> t.ipv4("client", 3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void codeRunsInsideTheNamespace() {
    NetnsTopology t = NET.topology();
    try (Arena a = Arena.ofConfined()) {
      assertThat(C.if_nametoindex(a.allocateFrom("veth2a"))).isNegative(); // not in the root ns
    }
    int mtu = t.call("r1", () -> {
      try (Arena a = Arena.ofConfined()) {
        assertThat(C.if_nametoindex(a.allocateFrom("veth1b"))).isPositive();
        int fd = C.socket(AF_INET, SOCK_DGRAM, 0);
        try {
          MemorySegment ifr = io.icmpkit.nativeio.struct.IfReq.allocate(a, "veth2a");
          NativeException.check("ioctl", C.ioctl(fd, SIOCGIFMTU, ifr));
          return io.icmpkit.nativeio.struct.IfReq.intValue(ifr);
        } finally {
          C.close(fd);
        }
      }
    });
    assertThat(mtu).isEqualTo(1280);
    assertThat(t.exec("client", "cat", "/proc/sys/net/ipv4/ping_group_range").output())
        .contains("0").contains("2147483647");
    assertThat(t.exec("r2", "cat", "/proc/sys/net/ipv4/ip_forward").output().trim()).isEqualTo("1");
  }

  @Test
  void udpCrossesBothRoutersInBothFamilies() {
    NetnsTopology t = NET.topology();
    for (InetAddress dst : List.of(t.ipv4("target"), t.ipv6("target"))) {
      int family = dst.getAddress().length == 4 ? AF_INET : AF_INET6;
      int rx = t.call("target", () -> {
        try (Arena a = Arena.ofConfined()) {
          int fd = NativeException.check("socket", C.socket(family, SOCK_DGRAM, 0));
          MemorySegment sa = SockAddr.allocate(a, dst, 33434, 0);
          NativeException.check("bind", C.bind(fd, sa, (int) sa.byteSize()));
          return fd;
        }
      });
      int tx = t.call("client", () -> NativeException.check("socket", C.socket(family, SOCK_DGRAM, 0)));
      try (Arena a = Arena.ofConfined()) {
        MemorySegment sa = SockAddr.allocate(a, dst, 33434, 0);
        MemorySegment msg = a.allocateFrom("x");
        assertThat(C.sendto(tx, msg, 1, 0, sa, (int) sa.byteSize())).isEqualTo(1);
        MemorySegment fds = a.allocate(PollFd.SIZEOF, 8);
        PollFd.set(fds, 0, rx, POLLIN);
        assertThat(C.poll(fds, 1, 5000)).as("datagram to %s arrived", dst).isEqualTo(1);
        MemorySegment from = a.allocate(SockAddr.SIZEOF_STORAGE, 8);
        MemorySegment fromLen = a.allocateFrom(java.lang.foreign.ValueLayout.JAVA_INT, 128);
        assertThat(C.recvfrom(rx, a.allocate(8), 8, 0, from, fromLen)).isEqualTo(1);
        InetAddress src = family == AF_INET ? t.ipv4("client") : t.ipv6("client");
        assertThat(SockAddr.address(from)).isEqualTo(src);
      } finally {
        C.close(rx);
        C.close(tx);
      }
    }
  }

  @Test
  void leftoversOfADeadRunAreDeletedAndOnlyThose() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    String dead = "ikt-" + p.pid() + "-dead-x";
    String alive = "ikt-" + ProcessHandle.current().pid() + "-live-x";
    String ip = Requirements.ipTool().orElseThrow().toString();
    Shell.check(List.of(ip, "netns", "add", dead));
    Shell.check(List.of(ip, "netns", "add", alive));
    try {
      NetnsTopology.deleteLeftovers(ip);
      assertThat(Path.of("/var/run/netns", dead)).doesNotExist();
      assertThat(Path.of("/var/run/netns", alive)).exists();
    } finally {
      Shell.run(List.of(ip, "netns", "del", alive));
      Shell.run(List.of(ip, "netns", "del", dead));
    }
  }

  @Test
  void closeDeletesEverything() {
    NetnsTopology t = NetnsTopology.chain("a", "b").build();
    String ns = t.namespace("a");
    assertThat(Files.exists(Path.of("/var/run/netns", ns))).isTrue();
    t.close();
    t.close();
    assertThat(Path.of("/var/run/netns", ns)).doesNotExist();
    assertThat(Path.of("/var/run/netns", t.namespace("b"))).doesNotExist();
  }
}
