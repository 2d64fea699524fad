package io.icmpkit.wire;

/**
 * The one exception every parser in icmpkit-wire throws for bad input: a {@link Reason} (named
 * after the Suricata/Snort event where one exists) and a short human message.
 *
 * <p>It is unchecked so that parse calls compose in expressions and switches; the contract of every
 * parser is that bad bytes give this exception and nothing else (no
 * {@code IndexOutOfBoundsException}, no endless loop).
 */
public final class WireException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the bytes were rejected. */
  public enum Reason {
    /** Fewer bytes than the fixed header needs (Suricata {@code pkt_too_small}). */
    PKT_TOO_SMALL,
    /** IP version nibble is not the expected one (Suricata {@code wrong_ip_version}). */
    WRONG_IP_VERSION,
    /** IPv4 IHL below 5 (Suricata {@code hlen_too_small}). */
    HLEN_TOO_SMALL,
    /** A length field points past the captured bytes (Suricata {@code trunc_pkt}). */
    TRUNCATED,
    /** IPv4 total length smaller than the header length (Suricata {@code iplen_smaller_than_hlen}). */
    IPLEN_SMALLER_THAN_HLEN,
    /** A checksum did not verify under {@link ChecksumPolicy#VERIFY}. */
    BAD_CHECKSUM,
    /** A field has a value the message cannot have (e.g. an option of length 0). */
    MALFORMED,
    /** The buffer given to an emitter is too small for {@code bufferLength()}. */
    BUFFER_TOO_SMALL,
    /** A representation holds values that cannot be encoded (e.g. a field out of range). */
    UNENCODABLE
  }

  private final Reason reason;

  public WireException(Reason reason, String message) {
    super(message, null, false, false); // no stack trace: bad input is expected, not exceptional
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  @Override
  public String getMessage() {
    return reason.name().toLowerCase(java.util.Locale.ROOT) + ": " + super.getMessage();
  }

  /** Throws {@link Reason#PKT_TOO_SMALL} unless {@code have >= need}. */
  public static void requireLength(long have, long need, String what) {
    if (have < need) {
      throw tooSmall(have, need, what); // message built out of line: keeps callers small to inline
    }
  }

  private static WireException tooSmall(long have, long need, String what) {
    return new WireException(Reason.PKT_TOO_SMALL, what + " needs " + need + " bytes, got " + have);
  }
}
