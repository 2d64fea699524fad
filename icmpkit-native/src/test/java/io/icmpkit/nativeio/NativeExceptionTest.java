package io.icmpkit.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NativeExceptionTest {
  @Test
  void messageNamesFunctionErrnoAndStrerrorText() {
    NativeException e = new NativeException("socket", 13);
    assertThat(e.function()).isEqualTo("socket");
    assertThat(e.errno()).isEqualTo(Errno.EACCES);
    assertThat(e.getMessage()).isEqualTo("socket: EACCES (13) Permission denied");
  }

  @Test
  void hintIsAppended() {
    NativeException e = new NativeException("socket", Errno.EPERM, "run as root");
    assertThat(e.getMessage()).startsWith("socket: EPERM (1) Operation not permitted; run as root");
    assertThat(e.hint()).isEqualTo("run as root");
  }

  @Test
  void checkPassesResultsAndThrowsOnMinusErrno() {
    assertThat(NativeException.check("read", 5)).isEqualTo(5);
    assertThat(NativeException.check("read", 7L)).isEqualTo(7L);
    assertThatThrownBy(() -> NativeException.check("sendto", -111))
        .isInstanceOfSatisfying(NativeException.class,
            e -> assertThat(e.errno()).isEqualTo(Errno.ECONNREFUSED))
        .hasMessageContaining("Connection refused");
    assertThatThrownBy(() -> NativeException.check("recvmsg", -11L))
        .hasMessageStartingWith("recvmsg: EAGAIN (11)");
  }
}
