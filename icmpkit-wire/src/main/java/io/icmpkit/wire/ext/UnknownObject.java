package io.icmpkit.wire.ext;

import io.icmpkit.wire.Octets;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;

/**
 * An extension object kept as raw bytes: an unregistered class or C-type, or a known one whose
 * payload does not decode exactly.
 *
 * @param classNum 0..255
 * @param cType 0..255
 * @param payload the bytes after the object header (at most 65531)
 */
public record UnknownObject(int classNum, int cType, Octets payload) implements ExtensionObject {
  public UnknownObject {
    if (classNum < 0 || classNum > 255 || cType < 0 || cType > 255) {
      throw new IllegalArgumentException("class/c-type out of range: " + classNum + "/" + cType);
    }
    if (payload.length() > 0xFFFF - HEADER_LENGTH) {
      throw new IllegalArgumentException("payload too long: " + payload.length());
    }
  }

  @Override
  public int bufferLength() {
    return HEADER_LENGTH + payload.length();
  }

  @Override
  public void emitPayload(MemorySegment dst) {
    payload.copyTo(dst, 0);
  }

  @Override
  public void describe(FieldTree tree) {
    tree.child("Unknown object (" + classNum + "/" + cType + ")")
        .field("Length", bufferLength())
        .field("Class", classNum)
        .field("C-Type", cType)
        .field("Data", payload.toHex());
  }
}
