package io.icmpkit.stack.iface;

import io.icmpkit.stack.StackCounters;
import io.icmpkit.stack.StackCounters.Counter;
import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Checksum;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IPv4 (RFC 791, RFC 815) and IPv6 (RFC 8200 section 4.5) fragment reassembly.
 *
 * <ul>
 *   <li>Queues are keyed by (version, source, destination, identification, protocol for IPv4).
 *   <li>Overlapping fragments drop the whole datagram (RFC 5722 for IPv6; Linux does the same for
 *       IPv4 since 4.19); an exact duplicate is ignored.
 *   <li>A fragment that would make the datagram longer than 65,535 bytes (the "ping of death")
 *       drops the queue and is counted; nothing of that size is ever allocated.
 *   <li>Memory held by incomplete datagrams (fragment bytes plus a fixed overhead per fragment and
 *       per queue) is capped: above the high threshold the oldest queues are evicted until usage is
 *       under the low threshold (Linux's {@code ipfrag_high_thresh} / {@code ipfrag_low_thresh}).
 *   <li>{@link #expire} reports queues past their timeout; the node sends Time Exceeded code 1 only
 *       for those whose first fragment arrived (RFC 792; RFC 8200 4.5).
 * </ul>
 * Not thread safe: driven by the node's thread.
 */
public final class Reassembler {
  /** Accounting overhead per fragment and per queue, as Linux charges skb truesize. */
  static final int FRAGMENT_OVERHEAD = 64;
  static final int QUEUE_OVERHEAD = 256;
  /** The largest IP datagram (IPv4 total length; IPv6 payload length without jumbograms). */
  public static final int MAX_DATAGRAM = 65535;

  /** A queue that timed out; {@code firstFragment} is the whole first fragment packet, or null if it never came. */
  public record Expired(int version, byte[] firstFragment, NodeInterface ingress) {}

  private record Key(byte[] k) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key x && Arrays.equals(k, x.k);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(k);
    }
  }

  private static final class Frag {
    final int offset;
    final byte[] data;

    Frag(int offset, byte[] data) {
      this.offset = offset;
      this.data = data;
    }
  }

  private static final class Queue {
    final int version;
    final long deadline;
    final NodeInterface ingress;
    final List<Frag> frags = new ArrayList<>();
    int total = -1;
    int received;
    long charge = QUEUE_OVERHEAD;
    byte[] first;
    int unfragmentable;

    Queue(int version, long deadline, NodeInterface ingress) {
      this.version = version;
      this.deadline = deadline;
      this.ingress = ingress;
    }
  }

  private final StackCounters counters;
  private final long timeoutV4;
  private final long timeoutV6;
  private final long high;
  private final long low;
  private final LinkedHashMap<Key, Queue> queues = new LinkedHashMap<>();
  private long memory;

  public Reassembler(StackCounters counters, long timeoutV4Nanos, long timeoutV6Nanos, long memoryLow,
      long memoryHigh) {
    this.counters = counters;
    this.timeoutV4 = timeoutV4Nanos;
    this.timeoutV6 = timeoutV6Nanos;
    this.low = memoryLow;
    this.high = memoryHigh;
  }

  /** Bytes charged to incomplete datagrams now. */
  public long memoryUsed() {
    return memory;
  }

  /** Incomplete datagrams held now. */
  public int queueCount() {
    return queues.size();
  }

  /**
   * Offers an IPv4 fragment: {@code packet} is the whole fragment (header first), trimmed to its
   * total length.
   *
   * @return the reassembled datagram, or null while incomplete or when the fragment was dropped
   */
  public byte[] offerV4(MemorySegment packet, NodeInterface ingress, long now) {
    counters.increment(Counter.IP_REASM_REQDS);
    int ihl = (Bytes.u8(packet, 0) & 0xF) * 4;
    int totalLength = Bytes.u16(packet, 2);
    int flagsOff = Bytes.u16(packet, 6);
    boolean more = (flagsOff & 0x2000) != 0;
    int off = (flagsOff & 0x1FFF) * 8;
    int len = totalLength - ihl;
    byte[] k = new byte[4 + 4 + 4 + 2 + 1];
    k[0] = 4;
    MemorySegment ks = MemorySegment.ofArray(k);
    MemorySegment.copy(packet, 12, ks, 1, 8);
    MemorySegment.copy(packet, 4, ks, 9, 2);
    k[11] = (byte) Bytes.u8(packet, 9);
    Key key = new Key(k);
    if (ihl + off + len > MAX_DATAGRAM) {
      // BAD-INPUTS row 13 / ping of death: never build it (Linux ip_frag_queue drops the queue)
      counters.increment(Counter.IP_REASM_OVERSIZE);
      fail(key);
      return null;
    }
    if (len == 0 || (more && (len & 7) != 0)) {
      // RFC 791: non-last fragments carry multiples of 8 bytes; an empty fragment adds nothing (row 14)
      counters.increment(Counter.IP_REASM_FAILS);
      return null;
    }
    return offer(key, 4, packet, ihl, off, packet.asSlice(ihl, len), more, ingress, now, timeoutV4);
  }

  /**
   * Offers an IPv6 fragment ({@code packet} trimmed to 40 + payload length). {@code fragHeader} is the offset of the fragment header in
   * {@code packet}, {@code nextHeaderField} the offset of the byte that names it (6, or the first
   * byte of the previous extension header). The caller has checked RFC 8200 4.5's rules that answer
   * with Parameter Problem (length multiple of 8, offset + length within 65,535).
   */
  public byte[] offerV6(MemorySegment packet, int fragHeader, int nextHeaderField, NodeInterface ingress, long now) {
    counters.increment(Counter.IP_REASM_REQDS);
    int w = Bytes.u16(packet, fragHeader + 2);
    int off = w & 0xFFF8;
    boolean more = (w & 1) != 0;
    int start = fragHeader + 8;
    int end = 40 + Bytes.u16(packet, 4);
    int len = end - start;
    byte[] k = new byte[1 + 32 + 4];
    k[0] = 6;
    MemorySegment ks = MemorySegment.ofArray(k);
    MemorySegment.copy(packet, 8, ks, 1, 32);
    MemorySegment.copy(packet, fragHeader + 4, ks, 33, 4);
    Key key = new Key(k);
    if (off + len > MAX_DATAGRAM) {
      counters.increment(Counter.IP_REASM_OVERSIZE);
      fail(key);
      return null;
    }
    if (len <= 0) {
      counters.increment(Counter.IP_REASM_FAILS);
      return null;
    }
    byte[] r = offer(key, 6, packet, fragHeader, off, packet.asSlice(start, len), more, ingress, now, timeoutV6);
    if (r != null) {
      // drop the fragment header: the byte that named it now names what followed it
      int nh = Bytes.u8(packet, fragHeader);
      byte[] out = r;
      out[nextHeaderField] = (byte) nh;
      Bytes.setU16(MemorySegment.ofArray(out), 4, out.length - 40);
      return out;
    }
    return null;
  }

  private byte[] offer(Key key, int version, MemorySegment packet, int unfragmentable, int off, MemorySegment data,
      boolean more, NodeInterface ingress, long now, long timeout) {
    int len = (int) data.byteSize();
    int end = off + len;
    Queue q = queues.get(key);
    if (q == null) {
      q = new Queue(version, now + timeout, ingress);
      queues.put(key, q);
      memory += QUEUE_OVERHEAD;
    }
    if (!more) {
      if ((q.total >= 0 && q.total != end) || maxEnd(q) > end) {
        counters.increment(Counter.IP_REASM_FAILS);
        drop(key, q);
        return null;
      }
      q.total = end;
    } else if (q.total >= 0 && end > q.total) {
      counters.increment(Counter.IP_REASM_FAILS);
      drop(key, q);
      return null;
    }
    for (Frag f : q.frags) {
      int fEnd = f.offset + f.data.length;
      if (f.offset == off && f.data.length == len) {
        return null; // exact duplicate: ignored, the queue stays (RFC 5722 erratum 3089)
      }
      if (off < fEnd && f.offset < end) {
        counters.increment(Counter.IP_REASM_OVERLAPS);
        counters.increment(Counter.IP_REASM_FAILS);
        drop(key, q);
        return null;
      }
    }
    byte[] copy = data.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    q.frags.add(new Frag(off, copy));
    q.received += len;
    long charge = len + FRAGMENT_OVERHEAD;
    if (off == 0) {
      q.first = packet.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE); // trimmed by the caller
      q.unfragmentable = unfragmentable;
      charge += q.first.length;
    }
    q.charge += charge;
    memory += charge;
    if (q.total >= 0 && q.received == q.total && q.first != null) {
      byte[] out = assemble(q);
      queues.remove(key);
      memory -= q.charge;
      counters.increment(Counter.IP_REASM_OKS);
      return out;
    }
    if (memory > high) {
      evict(key);
    }
    return null;
  }

  private static int maxEnd(Queue q) {
    int m = 0;
    for (Frag f : q.frags) {
      m = Math.max(m, f.offset + f.data.length);
    }
    return m;
  }

  private byte[] assemble(Queue q) {
    int hdr = q.unfragmentable;
    byte[] out = new byte[hdr + q.total];
    System.arraycopy(q.first, 0, out, 0, hdr);
    for (Frag f : q.frags) {
      System.arraycopy(f.data, 0, out, hdr + f.offset, f.data.length);
    }
    MemorySegment s = MemorySegment.ofArray(out);
    if (q.version == 4) {
      Bytes.setU16(s, 2, out.length);
      Bytes.setU16(s, 6, Bytes.u16(s, 6) & 0x4000); // keep DF, clear MF and the offset
      Bytes.setU16(s, 10, 0);
      Bytes.setU16(s, 10, Checksum.compute(s, 0, hdr));
    }
    // IPv6: the unfragmentable part ends where the fragment header began, so it is already gone
    return out;
  }

  private void fail(Key key) {
    counters.increment(Counter.IP_REASM_FAILS);
    Queue q = queues.get(key);
    if (q != null) {
      drop(key, q);
    }
  }

  private void drop(Key key, Queue q) {
    queues.remove(key);
    memory -= q.charge;
  }

  private void evict(Key keep) {
    Iterator<Map.Entry<Key, Queue>> it = queues.entrySet().iterator();
    while (memory > low && it.hasNext()) {
      Map.Entry<Key, Queue> e = it.next();
      if (e.getKey().equals(keep) && queues.size() > 1) {
        continue;
      }
      it.remove();
      memory -= e.getValue().charge;
      counters.increment(Counter.IP_REASM_EVICTED);
      counters.increment(Counter.IP_REASM_FAILS);
    }
  }

  /** Removes queues past their deadline and returns them (oldest first). */
  public List<Expired> expire(long now) {
    List<Expired> out = new ArrayList<>();
    Iterator<Map.Entry<Key, Queue>> it = queues.entrySet().iterator();
    while (it.hasNext()) {
      Queue q = it.next().getValue();
      if (now - q.deadline >= 0) {
        it.remove();
        memory -= q.charge;
        counters.increment(Counter.IP_REASM_TIMEOUT);
        counters.increment(Counter.IP_REASM_FAILS);
        out.add(new Expired(q.version, q.first, q.ingress));
      }
    }
    return out;
  }
}
