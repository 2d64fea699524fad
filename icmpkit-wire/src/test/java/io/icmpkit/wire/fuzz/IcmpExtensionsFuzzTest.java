package io.icmpkit.wire.fuzz;

import static io.icmpkit.wire.fuzz.Fuzz.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.icmpkit.wire.ChecksumPolicy;
import io.icmpkit.wire.WireException;
import io.icmpkit.wire.ext.IcmpExtensions;
import java.lang.foreign.MemorySegment;

/**
 * {@link IcmpExtensions#parse} (RFC 4884 structure, RFC 4950 / 5837 / 8335 objects) on arbitrary
 * bytes: only WireException escapes; an accepted structure emits into exactly {@code
 * bufferLength()} bytes and parses back equal, and with the checksum kept as received (policy
 * IGNORE) the bytes are the input's.
 */
class IcmpExtensionsFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void extensions(byte[] data) {
    MemorySegment seg = MemorySegment.ofArray(data);
    boolean verified;
    try {
      IcmpExtensions.parse(seg, true);
      verified = true;
    } catch (WireException e) {
      verified = false;
    }
    IcmpExtensions x;
    try {
      x = IcmpExtensions.parse(seg, false);
    } catch (WireException e) {
      check(!verified, "parse(verify) accepted what parse(no verify) rejects", data);
      return;
    }
    check(verified == IcmpExtensions.checksumOk(seg), "checksumOk disagrees with parse(verify)", data);
    Fuzz.noThrow("toString", data, x::toString);
    int n = x.bufferLength();
    check(n == data.length, () -> "bufferLength " + n + " for " + data.length + " input bytes", data);
    MemorySegment out = Fuzz.a5(n);
    x.emit(out, ChecksumPolicy.IGNORE);
    IcmpExtensions back = IcmpExtensions.parse(out, false);
    check(back.equals(x), () -> "parse(emit(x)) != x: " + x + " vs " + back, data);
    // a structure whose checksum verified must still verify when written back as held (IGNORE):
    // anything the record drops (e.g. the 12 reserved bits) must not be under the kept checksum
    check(!verified || IcmpExtensions.checksumOk(out), "emit(IGNORE) of a verified structure no longer verifies", data);
    MemorySegment filled = Fuzz.a5(n);
    x.emit(filled, ChecksumPolicy.FILL);
    check(IcmpExtensions.checksumOk(filled), "emit(FILL) checksum does not verify", data);
    Fuzz.emitTooSmallFails(n, s -> x.emit(s, ChecksumPolicy.FILL), data);
  }
}
