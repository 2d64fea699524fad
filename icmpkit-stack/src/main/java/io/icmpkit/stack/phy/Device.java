package io.icmpkit.stack.phy;

import java.lang.foreign.MemorySegment;

/**
 * A device that carries IP packets (no link-layer header), as a TUN interface does. Not required to
 * be thread safe: one thread drives a device.
 */
public interface Device extends AutoCloseable {
  String name();

  /** The largest IP packet the device carries. */
  int mtu();

  /** Sends one IP packet; the device copies what it keeps. */
  void transmit(MemorySegment ipPacket);

  /**
   * Takes one received packet if there is one, without waiting.
   *
   * @return the bytes written to {@code buffer}, or -1 when nothing is pending
   */
  int receive(MemorySegment buffer);

  @Override
  void close();
}
