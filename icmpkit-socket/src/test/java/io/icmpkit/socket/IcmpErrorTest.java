package io.icmpkit.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.wire.Octets;
import org.junit.jupiter.api.Test;

class IcmpErrorTest {
  @Test
  void linuxMappingOfIcmpv4() {
    assertThat(IcmpError.linuxErrno(false, 3, 3)).isEqualTo(Errno.ECONNREFUSED.number());
    assertThat(IcmpError.linuxErrno(false, 3, 4)).isEqualTo(Errno.EMSGSIZE.number());
    assertThat(IcmpError.linuxErrno(false, 3, 0)).isEqualTo(Errno.ENETUNREACH.number());
    assertThat(IcmpError.linuxErrno(false, 3, 1)).isEqualTo(Errno.EHOSTUNREACH.number());
    assertThat(IcmpError.linuxErrno(false, 3, 2)).isEqualTo(Errno.ENOPROTOOPT.number());
    assertThat(IcmpError.linuxErrno(false, 11, 0)).isEqualTo(Errno.EHOSTUNREACH.number());
    assertThat(IcmpError.linuxErrno(false, 12, 0)).isEqualTo(Errno.EPROTO.number());
    assertThat(IcmpError.linuxErrno(false, 0, 0)).isZero();
    assertThat(IcmpError.linuxErrno(false, 3, 200)).isEqualTo(Errno.EHOSTUNREACH.number());
  }

  @Test
  void linuxMappingOfIcmpv6() {
    assertThat(IcmpError.linuxErrno(true, 1, 4)).isEqualTo(Errno.ECONNREFUSED.number());
    assertThat(IcmpError.linuxErrno(true, 1, 1)).isEqualTo(Errno.EACCES.number());
    assertThat(IcmpError.linuxErrno(true, 1, 0)).isEqualTo(Errno.ENETUNREACH.number());
    assertThat(IcmpError.linuxErrno(true, 2, 0)).isEqualTo(Errno.EMSGSIZE.number());
    assertThat(IcmpError.linuxErrno(true, 3, 0)).isEqualTo(Errno.EHOSTUNREACH.number());
    assertThat(IcmpError.linuxErrno(true, 4, 0)).isEqualTo(Errno.EPROTO.number());
    assertThat(IcmpError.linuxErrno(true, 129, 0)).isZero();
  }

  @Test
  void mtuOnlyForTooBigErrors() {
    IcmpError v4 = new IcmpError(IcmpError.Origin.ICMP, Errno.EMSGSIZE, 3, 4, 1280, 0, null, 0, false);
    IcmpError v6 = new IcmpError(IcmpError.Origin.ICMP6, Errno.EMSGSIZE, 2, 0, 1280, 0, null, 0, false);
    IcmpError te = new IcmpError(IcmpError.Origin.ICMP, Errno.EHOSTUNREACH, 11, 0, 0, 0, null, 0, false);
    assertThat(v4.mtu()).isEqualTo(1280);
    assertThat(v6.mtu()).isEqualTo(1280);
    assertThat(te.mtu()).isEqualTo(-1);
    assertThat(te.isIcmp()).isTrue();
  }

  @Test
  void receivedDatagramChecksOffsetAndConvertsTimestamps() {
    ReceivedDatagram d = new ReceivedDatagram(Octets.ofHex("45000000"), 2, null, -1,
        1_700_000_000_123_456_789L, -1, null, false, null);
    assertThat(d.payload().byteSize()).isEqualTo(2);
    assertThat(d.kernelTimestamp().getNano()).isEqualTo(123_456_789);
    assertThat(d.isError()).isFalse();
    assertThatThrownBy(() -> new ReceivedDatagram(Octets.EMPTY, 1, null, -1, -1, -1, null, false, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
