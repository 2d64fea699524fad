package io.icmpkit.wire;

/**
 * What parsers and emitters do with a checksum field: one object passed to {@code parse} and
 * {@code emit} instead of flags scattered over the API.
 */
public enum ChecksumPolicy {
  /** parse: reject a bad checksum with {@link WireException.Reason#BAD_CHECKSUM}; emit: fill it. */
  VERIFY,
  /** parse: do not look at the checksum (an analyser computes its own verdict); emit: write zero. */
  IGNORE,
  /** parse: as {@link #IGNORE}; emit: compute and write the checksum. */
  FILL,
  /**
   * The kernel owns the checksum (Linux ICMP datagram "ping" sockets and IPv6 raw ICMP sockets
   * fill it on send and check it on receive): parse ignores it, emit writes zero.
   */
  KERNEL;

  /** Whether a parser must verify the checksum. */
  public boolean verifiesOnParse() {
    return this == VERIFY;
  }

  /** Whether an emitter must compute the checksum. */
  public boolean fillsOnEmit() {
    return this == VERIFY || this == FILL;
  }
}
