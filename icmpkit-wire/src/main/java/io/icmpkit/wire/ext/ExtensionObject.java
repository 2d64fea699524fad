package io.icmpkit.wire.ext;

import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;

/**
 * One object of an RFC 4884 extension structure (section 7.2): length (16 bits, header included),
 * class-num, C-type, payload. Objects this codec does not understand, or cannot decode exactly
 * enough to re-emit the same bytes, are {@link UnknownObject}s.
 */
public sealed interface ExtensionObject
    permits MplsLabelStack, InterfaceInformation, InterfaceIdentification, UnknownObject {
  /** Object header size. */
  int HEADER_LENGTH = 4;

  /** Class-num (1 MPLS, 2 interface information, 3 interface identification). */
  int classNum();

  /** C-type within the class. */
  int cType();

  /** Bytes of the whole object including the 4-byte header. */
  int bufferLength();

  /** Writes the payload (after the header) into {@code dst}, exactly {@code bufferLength() - 4} bytes. */
  void emitPayload(MemorySegment dst);

  /** Adds this object's fields to {@code tree}. */
  void describe(FieldTree tree);

  /** Writes the whole object (header and payload) into {@code dst} of at least bufferLength() bytes. */
  default void emit(MemorySegment dst) {
    int n = bufferLength();
    if (n > 0xFFFF) {
      throw new WireException(WireException.Reason.UNENCODABLE, "extension object longer than 65535 bytes");
    }
    Bytes.setU16(dst, 0, n);
    Bytes.setU8(dst, 2, classNum());
    Bytes.setU8(dst, 3, cType());
    emitPayload(dst.asSlice(HEADER_LENGTH, n - HEADER_LENGTH));
  }

  /**
   * Decodes one object; {@code s} spans exactly the object (its length field already checked by the
   * caller). Never throws for a well-framed object: anything it cannot decode exactly becomes an
   * {@link UnknownObject}.
   */
  static ExtensionObject parse(MemorySegment s) {
    int classNum = Bytes.u8(s, 2);
    int cType = Bytes.u8(s, 3);
    MemorySegment payload = s.asSlice(HEADER_LENGTH);
    ExtensionObject o = switch (classNum) {
      case MplsLabelStack.CLASS_NUM -> MplsLabelStack.parsePayload(cType, payload);
      case InterfaceInformation.CLASS_NUM -> InterfaceInformation.parsePayload(cType, payload);
      case InterfaceIdentification.CLASS_NUM -> InterfaceIdentification.parsePayload(cType, payload);
      default -> null;
    };
    // keep a decoded object only if it re-emits the very same bytes (padding, reserved bits, trailing
    // junk): otherwise parse(emit(x)) would not give back what was on the wire
    if (o != null && !reEmitsSame(o, s)) {
      o = null;
    }
    return o != null ? o : new UnknownObject(classNum, cType, Octets.copyOf(payload));
  }

  private static boolean reEmitsSame(ExtensionObject o, MemorySegment s) {
    if (o.bufferLength() != s.byteSize()) {
      return false;
    }
    MemorySegment tmp = MemorySegment.ofArray(new byte[o.bufferLength()]);
    o.emit(tmp);
    return tmp.mismatch(s) == -1;
  }
}
