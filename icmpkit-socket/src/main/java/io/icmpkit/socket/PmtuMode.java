package io.icmpkit.socket;

/**
 * Path MTU discovery mode ({@code IP_MTU_DISCOVER} / {@code IPV6_MTU_DISCOVER}, ip(7)).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1191">RFC 1191</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8201">RFC 8201</a>
 */
public enum PmtuMode {
  /** Never set DF; fragment locally ({@code IP_PMTUDISC_DONT}). */
  DONT(0),
  /** Per-route PMTU discovery: DF set, fragment when the route MTU says so (the default). */
  WANT(1),
  /** Always set DF; a datagram above the known path MTU fails with EMSGSIZE ({@code _DO}). */
  DO(2),
  /** Set DF and ignore the learnt path MTU: for probing (tracepath) ({@code _PROBE}). */
  PROBE(3);

  final int value;

  PmtuMode(int value) {
    this.value = value;
  }

  static PmtuMode of(int v) {
    for (PmtuMode m : values()) {
      if (m.value == v) {
        return m;
      }
    }
    return WANT;
  }
}
