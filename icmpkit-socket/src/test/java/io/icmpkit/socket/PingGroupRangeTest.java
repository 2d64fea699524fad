package io.icmpkit.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The sysctl quoted in the permission hints: both numbers, as sysctl(8) prints them. */
class PingGroupRangeTest {
  @Test
  void bothNumbersOfTheSysctl() {
    assumeTrue(Files.isReadable(Path.of("/proc/sys/net/ipv4/ping_group_range")), "not Linux");
    // the kernel separates them with a tab; a byte-at-a-time read used to stop after "1"
    assertThat(IcmpSocket.pingGroupRange()).matches("[0-9]+ [0-9]+");
  }
}
