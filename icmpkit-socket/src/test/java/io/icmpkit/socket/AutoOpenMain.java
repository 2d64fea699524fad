package io.icmpkit.socket;

import io.icmpkit.nativeio.NativeException;
import java.net.StandardProtocolFamily;

/** Child-process entry of the AUTO test: opens an AUTO socket and prints the outcome. */
public final class AutoOpenMain {
  private AutoOpenMain() {}

  public static void main(String[] args) {
    try (IcmpSocket s = IcmpSocket.open(StandardProtocolFamily.INET, IcmpSocket.Kind.AUTO)) {
      System.out.println("OPENED " + s.kind());
    } catch (NativeException e) {
      System.out.println("FAILED " + e.getMessage());
      System.exit(3);
    }
  }
}
