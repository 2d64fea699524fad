package io.icmpkit.nativeio.struct;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The TPACKET_V3 receive ring of an {@code AF_PACKET} socket ({@code <linux/if_packet.h>}): the
 * request ({@code struct tpacket_req3}, 28 bytes), the block descriptor at the start of every block
 * ({@code struct tpacket_block_desc}: status, packet count, offset of the first packet) and the
 * per-packet header ({@code struct tpacket3_hdr}, 48 bytes, followed by a {@code sockaddr_ll} at
 * offset 48). Offsets checked against the kernel headers with a C program.
 *
 * <p>A block belongs to user space while its status has {@code TP_STATUS_USER}; handing it back
 * is writing {@code TP_STATUS_KERNEL} after reading it (with a fence before the write).
 *
 * @see <a href="https://docs.kernel.org/networking/packet_mmap.html">Packet MMAP</a>
 */
public final class TpacketV3 {
  public static final int REQ_SIZEOF = 28;
  /** {@code TPACKET_ALIGN(sizeof(struct tpacket3_hdr))}: where the sockaddr_ll of a packet is. */
  public static final int HDR_SIZEOF = 48;
  private static final int BLOCK_STATUS = 8;
  private static final int BLOCK_NUM_PKTS = 12;
  private static final int BLOCK_FIRST = 16;

  private TpacketV3() {}

  /**
   * A {@code tpacket_req3}: {@code blockNr} blocks of {@code blockSize} bytes (a multiple of the
   * page size), nominal frames of {@code frameSize} bytes, a block retired to user space after
   * {@code retireMillis} even when not full.
   */
  public static MemorySegment request(Arena arena, int blockSize, int blockNr, int frameSize,
      int retireMillis) {
    MemorySegment r = arena.allocate(REQ_SIZEOF, 4);
    r.set(ValueLayout.JAVA_INT, 0, blockSize);
    r.set(ValueLayout.JAVA_INT, 4, blockNr);
    r.set(ValueLayout.JAVA_INT, 8, frameSize);
    r.set(ValueLayout.JAVA_INT, 12, (int) ((long) blockSize / frameSize * blockNr));
    r.set(ValueLayout.JAVA_INT, 16, retireMillis);
    // tp_sizeof_priv 0, tp_feature_req_word 0
    return r;
  }

  public static int blockStatus(MemorySegment block) {
    return block.get(ValueLayout.JAVA_INT, BLOCK_STATUS);
  }

  public static void setBlockStatus(MemorySegment block, int status) {
    block.set(ValueLayout.JAVA_INT, BLOCK_STATUS, status);
  }

  public static int blockPackets(MemorySegment block) {
    return block.get(ValueLayout.JAVA_INT, BLOCK_NUM_PKTS);
  }

  public static int blockFirstPacket(MemorySegment block) {
    return block.get(ValueLayout.JAVA_INT, BLOCK_FIRST);
  }

  /** {@code tp_next_offset} of the packet header at {@code off}. */
  public static int nextOffset(MemorySegment ring, long off) {
    return ring.get(ValueLayout.JAVA_INT, off);
  }

  /** {@code tp_sec * 1e9 + tp_nsec}. */
  public static long timestampNanos(MemorySegment ring, long off) {
    return Integer.toUnsignedLong(ring.get(ValueLayout.JAVA_INT, off + 4)) * 1_000_000_000L
        + Integer.toUnsignedLong(ring.get(ValueLayout.JAVA_INT, off + 8));
  }

  public static int snapLength(MemorySegment ring, long off) {
    return ring.get(ValueLayout.JAVA_INT, off + 12);
  }

  public static int length(MemorySegment ring, long off) {
    return ring.get(ValueLayout.JAVA_INT, off + 16);
  }

  /** {@code tp_mac}: offset of the frame data from the packet header. */
  public static int macOffset(MemorySegment ring, long off) {
    return Short.toUnsignedInt(ring.get(ValueLayout.JAVA_SHORT, off + 24));
  }
}
