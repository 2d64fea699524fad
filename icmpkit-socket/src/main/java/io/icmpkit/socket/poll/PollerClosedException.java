package io.icmpkit.socket.poll;

/** The {@link Poller} was closed: its registrations ended, pending operations fail with this. */
public final class PollerClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public PollerClosedException(String poller) {
    super("poller " + poller + " is closed");
  }
}
