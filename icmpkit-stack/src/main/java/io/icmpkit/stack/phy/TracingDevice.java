package io.icmpkit.stack.phy;

import java.lang.foreign.MemorySegment;

/** Wraps a device and reports every packet that passes, in either direction, to a listener. */
public final class TracingDevice implements Device {
  /** Direction of a traced packet. */
  public enum Direction { IN, OUT }

  /** Sees each packet; the segment is valid only during the call. */
  @FunctionalInterface
  public interface Listener {
    void packet(Direction direction, MemorySegment ipPacket);
  }

  private final Device inner;
  private final Listener listener;

  public TracingDevice(Device inner, Listener listener) {
    this.inner = inner;
    this.listener = listener;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public int mtu() {
    return inner.mtu();
  }

  @Override
  public void transmit(MemorySegment ipPacket) {
    listener.packet(Direction.OUT, ipPacket);
    inner.transmit(ipPacket);
  }

  @Override
  public int receive(MemorySegment buffer) {
    int n = inner.receive(buffer);
    if (n >= 0) {
      listener.packet(Direction.IN, buffer.asSlice(0, n));
    }
    return n;
  }

  @Override
  public void close() {
    inner.close();
  }
}
