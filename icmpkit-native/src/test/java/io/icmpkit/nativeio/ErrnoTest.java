package io.icmpkit.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrnoTest {
  @Test
  void linuxNumbersAndNames() {
    assertThat(Errno.EACCES.number()).isEqualTo(13);
    assertThat(Errno.ECONNREFUSED.number()).isEqualTo(111);
    assertThat(Errno.EMSGSIZE.number()).isEqualTo(90);
    assertThat(Errno.EHOSTUNREACH.number()).isEqualTo(113);
    assertThat(Errno.EPROTONOSUPPORT.number()).isEqualTo(93);
    assertThat(Errno.EAFNOSUPPORT.number()).isEqualTo(97);
    assertThat(Errno.valueOf(133).name()).isEqualTo("EHWPOISON");
    assertThat(Errno.valueOf(11)).isSameAs(Errno.EAGAIN);
    assertThat(Errno.EACCES).hasToString("EACCES(13)");
  }

  @Test
  void unknownNumbersGetANameAndNeverThrow() {
    assertThat(Errno.valueOf(41).name()).isEqualTo("E41"); // a hole in the Linux table
    assertThat(Errno.valueOf(41).isKnown()).isFalse();
    assertThat(Errno.valueOf(-5).name()).isEqualTo("E-5");
    assertThat(Errno.valueOf(100_000).number()).isEqualTo(100_000);
    assertThat(Errno.valueOf(500)).isEqualTo(Errno.valueOf(500));
  }

  @Test
  void namedKnowsAliases() {
    assertThat(Errno.named("EWOULDBLOCK")).contains(Errno.EAGAIN);
    assertThat(Errno.named("ECONNREFUSED")).contains(Errno.ECONNREFUSED);
    assertThat(Errno.named("ENOPE")).isEmpty();
  }
}
