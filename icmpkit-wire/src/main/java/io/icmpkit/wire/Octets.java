package io.icmpkit.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string with value equality: what records hold instead of {@code byte[]} (whose
 * {@code equals} is identity), so that {@code parse(emit(x)).equals(x)} means what it says.
 */
public final class Octets {
  public static final Octets EMPTY = new Octets(new byte[0]);

  private final byte[] bytes;

  private Octets(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies the array. */
  public static Octets of(byte... bytes) {
    return bytes.length == 0 ? EMPTY : new Octets(bytes.clone());
  }

  /** Copies a region of a segment. */
  public static Octets copyOf(MemorySegment s, long off, long len) {
    return len == 0 ? EMPTY : new Octets(s.asSlice(off, len).toArray(ValueLayout.JAVA_BYTE));
  }

  /** Copies a whole segment. */
  public static Octets copyOf(MemorySegment s) {
    return copyOf(s, 0, s.byteSize());
  }

  /** Parses hex digits; spaces and colons are ignored. */
  public static Octets ofHex(String hex) {
    return new Octets(HexFormat.of().parseHex(hex.replaceAll("[\\s:]", "")));
  }

  public int length() {
    return bytes.length;
  }

  public boolean isEmpty() {
    return bytes.length == 0;
  }

  public int get(int i) {
    return bytes[i] & 0xFF;
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** A read-only segment over the bytes (no copy). */
  public MemorySegment asSegment() {
    return MemorySegment.ofArray(bytes).asReadOnly();
  }

  /** Writes the bytes into {@code dst} at {@code off}. */
  public void copyTo(MemorySegment dst, long off) {
    MemorySegment.copy(bytes, 0, dst, ValueLayout.JAVA_BYTE, off, bytes.length);
  }

  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Octets other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return bytes.length <= 32 ? toHex() : HexFormat.of().formatHex(bytes, 0, 32) + "...(" + bytes.length + " bytes)";
  }
}
