package io.icmpkit.cli.render;

/** Fixed-point timestamp text without String.format (it is per frame). */
final class Times {
  private Times() {}

  /** Appends {@code seconds.fraction} with 9 digits (nano) or 6 (micro, truncated as tshark does). */
  static void appendSeconds(StringBuilder sb, long seconds, int nanos, boolean nano) {
    sb.append(seconds).append('.');
    int frac = nano ? nanos : nanos / 1000;
    int digits = nano ? 9 : 6;
    String f = Integer.toString(frac);
    for (int i = f.length(); i < digits; i++) {
      sb.append('0');
    }
    sb.append(f);
  }

  static String seconds(long seconds, int nanos, boolean nano) {
    StringBuilder sb = new StringBuilder(24);
    appendSeconds(sb, seconds, nanos, nano);
    return sb.toString();
  }
}
