package io.icmpkit.stack.phy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;

/** An in-memory device: what is transmitted is received back, in order; bounded queue (drops when full). */
public final class LoopbackDevice implements Device {
  private final String name;
  private final int mtu;
  private final int capacity;
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private long dropped;

  public LoopbackDevice(String name, int mtu, int capacity) {
    this.name = name;
    this.mtu = mtu;
    this.capacity = capacity;
  }

  public LoopbackDevice(String name) {
    this(name, 65535, 1024);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int mtu() {
    return mtu;
  }

  @Override
  public void transmit(MemorySegment ipPacket) {
    if (ipPacket.byteSize() > mtu || queue.size() >= capacity) {
      dropped++;
      return;
    }
    queue.add(ipPacket.toArray(ValueLayout.JAVA_BYTE));
  }

  @Override
  public int receive(MemorySegment buffer) {
    byte[] p = queue.peek();
    if (p == null) {
      return -1;
    }
    if (p.length > buffer.byteSize()) {
      queue.poll();
      dropped++;
      return -1;
    }
    queue.poll();
    MemorySegment.copy(MemorySegment.ofArray(p), 0, buffer, 0, p.length);
    return p.length;
  }

  /** Packets queued and not yet received. */
  public int pending() {
    return queue.size();
  }

  /** Packets dropped: too big, queue full, or receive buffer too small. */
  public long dropped() {
    return dropped;
  }

  @Override
  public void close() {
    queue.clear();
  }
}
