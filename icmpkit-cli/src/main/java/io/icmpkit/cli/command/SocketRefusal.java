package io.icmpkit.cli.command;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.NativeException;

/**
 * A socket the kernel refused, as the commands report it: first the lines the peer tool prints
 * (so scripts that parse them keep working), then ours saying what to change ({@code IcmpSocket}'s
 * hint: the sysctl, the capability, root).
 */
record SocketRefusal(NativeException failure) {
  /** No privilege: EPERM (no CAP_NET_RAW) or EACCES (outside ping_group_range). */
  boolean denied() {
    return failure.errno() == Errno.EPERM || failure.errno() == Errno.EACCES;
  }

  /** A socket call failed, not an option or a bind after it. */
  boolean atSocket() {
    return failure.function().startsWith("socket");
  }

  /** The last kind tried was raw ({@code IcmpSocket.Kind.AUTO} falls back to it). */
  boolean raw() {
    return !failure.function().contains("datagram");
  }

  /** strerror(3) of the errno, as perror(3) prints it. */
  String strerror() {
    String m = failure.getMessage();
    // "socket(ICMP): EPERM (1) Operation not permitted; hint": the C library's text is in it
    String prefix = failure.function() + ": " + failure.errno().name() + " (" + failure.errno().number() + ") ";
    if (m.startsWith(prefix)) {
      int end = m.indexOf(';', prefix.length());
      return m.substring(prefix.length(), end < 0 ? m.length() : end);
    }
    return failure.errno().name();
  }

  /** What to do about it, else the whole message. */
  String guide() {
    return failure.hint() != null ? failure.hint() : failure.getMessage();
  }
}
