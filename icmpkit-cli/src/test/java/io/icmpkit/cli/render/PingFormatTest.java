package io.icmpkit.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** iputils' number formats and ICMP texts (expected values worked out from ping_common.c / ping.c). */
class PingFormatTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0.000", "45, 0.045", "999, 0.999",
    // from 1 ms: 3 significant digits, rounded half up on the dropped digit
    "1000, 1.00", "1234, 1.23", "1235, 1.24", "9994, 9.99",
    "9995, 10.0", "10049, 10.0", "10050, 10.1", "99949, 99.9",
    "99950, 100", "123456, 123", "1234567, 1235",
  })
  void replyTimeRoundsLikeIputils(long micros, String text) {
    assertThat(PingFormat.replyTime(micros, false)).isEqualTo(text);
  }

  @Test
  void preciseReplyTimeNeverRounds() {
    assertThat(PingFormat.replyTime(1235, true)).isEqualTo("1.235");
    assertThat(PingFormat.replyTime(123456, true)).isEqualTo("123.456");
  }

  @ParameterizedTest
  @CsvSource({
    "3, 3, 0", "3, 0, 100", "3, 1, 66.6667", "3, 2, 33.3333", "7, 6, 14.2857",
    "2000000, 1999999, 5e-05", "10, 11, -10", "1000, 999, 0.1",
  })
  void lossIsCFloatThroughPercentG(long tx, long rx, String text) {
    assertThat(PingFormat.lossPercent(tx, rx)).isEqualTo(text);
  }

  @Test
  void formatGSwitchesToExponentLikeC() {
    assertThat(PingFormat.formatG(1234567.0)).isEqualTo("1.23457e+06");
    assertThat(PingFormat.formatG(123456.0)).isEqualTo("123456");
    assertThat(PingFormat.formatG(0.0001)).isEqualTo("0.0001");
    assertThat(PingFormat.formatG(0.00001)).isEqualTo("1e-05");
  }

  @Test
  void millisTruncatesToMicroseconds() {
    assertThat(PingFormat.millis(0)).isEqualTo("0.000");
    assertThat(PingFormat.millis(1005)).isEqualTo("1.005");
    assertThat(PingFormat.millis(123_456_789)).isEqualTo("123456.789");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      3  | 0  | 0          | Destination Net Unreachable
      3  | 1  | 0          | Destination Host Unreachable
      3  | 3  | 0          | Destination Port Unreachable
      3  | 4  | 1400       | Frag needed and DF set (mtu = 1400)
      3  | 13 | 0          | Packet filtered
      3  | 99 | 0          | Dest Unreachable, Bad Code: 99
      4  | 0  | 0          | Source Quench
      5  | 1  | 167772161  | Redirect Host(New nexthop: 10.0.0.1)
      11 | 0  | 0          | Time to live exceeded
      11 | 1  | 0          | Frag reassembly time exceeded
      11 | 7  | 0          | Time exceeded, Bad Code: 7
      12 | 0  | 20         | Parameter problem: pointer = 20
      42 | 0  | 0          | Bad ICMP type: 42
      """)
  void icmpv4ErrorTexts(int type, int code, long info, String text) {
    assertThat(PingFormat.icmpv4Error(type, code, info)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      1 | 0 | 0    | Destination unreachable: No route
      1 | 1 | 0    | Destination unreachable: Administratively prohibited
      1 | 3 | 0    | Destination unreachable: Address unreachable
      1 | 4 | 0    | Destination unreachable: Port unreachable
      1 | 6 | 0    | Destination unreachable: Unknown code 6
      2 | 0 | 1280 | Packet too big: mtu=1280
      2 | 1 | 1280 | Packet too big: mtu=1280, code=1
      3 | 0 | 0    | Time exceeded: Hop limit
      3 | 1 | 0    | Time exceeded: Defragmentation failure
      4 | 1 | 40   | Parameter problem: Unknown header at 40
      4 | 9 | 6    | Parameter problem: code 9 at 6
      200 | 0 | 0  | unknown icmp type: 200
      """)
  void icmpv6ErrorTexts(int type, int code, long info, String text) {
    assertThat(PingFormat.icmpv6Error(type, code, info)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({
    "fd00:200:3:0:0:0:0:2, fd00:200:3::2", "0:0:0:0:0:0:0:1, ::1", "0:0:0:0:0:0:0:0, ::",
    "1:0:0:1:0:0:0:1, 1:0:0:1::1", "1:0:0:1:0:0:1:1, 1::1:0:0:1:1", "1:0:1:0:1:0:1:0, 1:0:1:0:1:0:1:0",
    "FE80:0:0:0:0:0:0:AB, fe80::ab", "10.0.0.1, 10.0.0.1",
  })
  void ntopIsRfc5952LikeGlibc(String literal, String text) throws Exception {
    assertThat(PingFormat.ntop(java.net.InetAddress.getByName(literal))).isEqualTo(text);
  }

  @Test
  void timestampPrefixHasSixDigitMicros() {
    assertThat(PingFormat.timestampPrefix(1_795_450_214_000_007L)).isEqualTo("[1795450214.000007] ");
  }
}
