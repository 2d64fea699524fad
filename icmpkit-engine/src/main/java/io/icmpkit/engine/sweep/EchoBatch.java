package io.icmpkit.engine.sweep;

import io.icmpkit.nativeio.struct.IoVec;
import io.icmpkit.nativeio.struct.MMsgHdr;
import io.icmpkit.nativeio.struct.MsgHdr;
import io.icmpkit.nativeio.struct.SockAddr;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A batch of ICMPv4 echo requests for one sendmmsg(2), built in place in native memory: the
 * {@code mmsghdr} array, its iovecs, destination names and message slots are wired once; a probe
 * only writes its destination address and the 32 varying bytes of its slot (type, identifier,
 * sequence, index; send time and cookie when the batch is sent) and the checksum, which is the
 * complement of the sum of those words alone because the rest of the slot stays zero (RFC 1071;
 * the slot is never summed).
 */
final class EchoBatch {
  /**
   * Probes per system call: enough to amortise the call (a fraction of a microsecond against the
   * kernel's few microseconds per probe), few because all share one send time: a probe's RTT
   * includes the transmission of the ones before it in its batch.
   */
  static final int CAPACITY = 16;

  final MemorySegment vec;
  final long[] indices = new long[CAPACITY];
  private final int[] tags = new int[CAPACITY];
  private final MemorySegment slots;
  private final MemorySegment names;
  private final int stride;
  private final int messageLength;
  int count;

  EchoBatch(Arena arena, int messageLength) {
    this.messageLength = messageLength;
    this.stride = (messageLength + 7) & ~7;
    this.vec = arena.allocate((long) CAPACITY * MMsgHdr.SIZEOF, 8);
    this.slots = arena.allocate((long) CAPACITY * stride, 8);
    this.names = arena.allocate((long) CAPACITY * SockAddr.SIZEOF_IN, 8);
    MemorySegment iovs = arena.allocate((long) CAPACITY * IoVec.SIZEOF, 8);
    for (int i = 0; i < CAPACITY; i++) {
      MemorySegment slot = slots.asSlice((long) i * stride, messageLength);
      IoVec.set(iovs, i, slot);
      MemorySegment name = names.asSlice((long) i * SockAddr.SIZEOF_IN, SockAddr.SIZEOF_IN);
      SockAddr.write(name, TargetSet.toInet4(0), 0, 0); // AF_INET, port 0: only the address varies
      MemorySegment h = MMsgHdr.header(vec, i);
      MsgHdr.setName(h, name, SockAddr.SIZEOF_IN);
      MsgHdr.setIov(h, iovs.asSlice((long) i * IoVec.SIZEOF, IoVec.SIZEOF), 1);
      MsgHdr.setControl(h, MemorySegment.NULL, 0);
      MsgHdr.setFlags(h, 0);
      Bytes.setU8(slot, 0, 8); // echo request, code 0
    }
  }

  /** The message in slot {@code i} (tests). */
  MemorySegment message(int i) {
    return slots.asSlice((long) i * stride, messageLength);
  }

  /** The destination name of slot {@code i} (tests). */
  MemorySegment name(int i) {
    return names.asSlice((long) i * SockAddr.SIZEOF_IN, SockAddr.SIZEOF_IN);
  }

  boolean isFull() {
    return count == CAPACITY;
  }

  /** Appends the probe to target {@code index} (IPv4 address {@code address}); see {@link #stamp}. */
  void add(long index, int address, int tag) {
    int i = count++;
    indices[i] = index;
    tags[i] = tag;
    long o = (long) i * stride;
    Bytes.setU32(names, (long) i * SockAddr.SIZEOF_IN + 4, address & 0xffffffffL);
    Bytes.setU16(slots, o + 4, tag >>> 16);
    Bytes.setU16(slots, o + 6, tag & 0xffff);
    Bytes.setI64(slots, o + 8, index);
  }

  /**
   * Writes the send time, cookie and checksum of probes {@code from..count-1} just before they are
   * sent, so that an RTT never includes the time a probe waited in the batch.
   */
  void stamp(int from, long sentNanos, SipHash mac, int probeType) {
    for (int i = from; i < count; i++) {
      long o = (long) i * stride;
      long cookie = mac.hash(indices[i], sentNanos, probeType);
      Bytes.setI64(slots, o + 16, sentNanos);
      Bytes.setI64(slots, o + 24, cookie);
      int tag = tags[i];
      long sum = 0x0800 + (tag >>> 16) + (tag & 0xffff) + words(indices[i]) + words(sentNanos)
          + words(cookie);
      Bytes.setU16(slots, o + 2, Checksum.finish(sum));
    }
  }

  private static long words(long v) {
    return ((v >>> 48) & 0xffff) + ((v >>> 32) & 0xffff) + ((v >>> 16) & 0xffff) + (v & 0xffff);
  }
}
