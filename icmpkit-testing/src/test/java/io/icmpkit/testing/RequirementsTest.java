package io.icmpkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequirementsTest {
  @Test
  void missingIsConsistentWithTheEnvironment() {
    boolean root = io.icmpkit.nativeio.Native.libc().geteuid() == 0;
    boolean ip = Requirements.ipTool().isPresent();
    assertThat(Requirements.missing().isEmpty()).isEqualTo(root && ip);
    Requirements.missing().ifPresent(why -> assertThat(why).isNotBlank());
  }
}
