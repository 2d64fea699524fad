package io.icmpkit.cli.command;

import io.icmpkit.cli.InputException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The option arguments of iputils ping 20221126, checked with its rules and messages
 * ({@code strtol_or_err()}, {@code ping_strtod()}, {@code parsetos()}, {@code fill()}). Each
 * method returns the value or throws {@link InputException} with iputils' text.
 */
final class PingOptions {
  private PingOptions() {}

  /** iputils' MINUSERINTERVAL: the smallest interval without privilege, ms. */
  static final int MIN_USER_INTERVAL_MS = 2;

  /** {@code strtol_or_err(arg, "invalid argument", min, max)}. */
  static long integer(String arg, long min, long max) {
    String s = arg.stripLeading();
    Matcher m = Pattern.compile("[+-]?[0-9]+").matcher(s);
    if (!m.matches()) {
      throw new InputException("invalid argument: '" + arg + "'");
    }
    long v;
    try {
      v = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
    } catch (NumberFormatException e) {
      throw new InputException("invalid argument: '" + arg + "': Numerical result out of range");
    }
    if (v < min || v > max) {
      throw new InputException("invalid argument: '" + arg + "': out of range: " + min + " <= value <= " + max);
    }
    return v;
  }

  /** {@code -m}: an unsigned 32-bit value. */
  static long unsigned32(String arg) {
    return integer(arg, 0, 0xFFFF_FFFFL);
  }

  private static final Pattern C_DOUBLE =
      Pattern.compile("\\s*[+-]?(([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|0[xX][0-9a-fA-F]+)");

  /**
   * {@code ping_strtod()} of 20221126: a number followed by garbage is accepted with a warning
   * (returned in {@code warnings}), as is garbage alone (value 0).
   */
  static double decimal(String arg, StringBuilder warnings) {
    Matcher m = C_DOUBLE.matcher(arg);
    double v = 0;
    int end = 0;
    if (m.lookingAt()) {
      end = m.end();
      String num = m.group().strip();
      if (num.matches("[+-]?0[xX].*")) {
        v = Long.parseLong(num.replaceFirst("0[xX]", ""), 16);
      } else {
        v = Double.parseDouble(num);
      }
    }
    if (end != arg.length() || arg.isEmpty()) {
      warnings.append("option argument contains garbage: ").append(arg.substring(end)).append('\n')
          .append("this will become fatal error in the future\n");
    }
    return v;
  }

  /** {@code -i}: seconds → ms, as {@code (int)(optval * 1000)}; negative values act as 0. */
  static int intervalMillis(String arg, StringBuilder warnings) {
    double v = decimal(arg, warnings);
    if (v > Integer.MAX_VALUE / 1000) {
      throw new InputException("bad timing interval: " + arg);
    }
    return Math.max(0, (int) (v * 1000));
  }

  /** {@code -W}: seconds → ms; negative or too large is "bad linger time". */
  static int lingerMillis(String arg, StringBuilder warnings) {
    double v = decimal(arg, warnings);
    if (v < 0 || v > Integer.MAX_VALUE / 1000) {
      throw new InputException("bad linger time: " + arg);
    }
    return (int) (v * 1000);
  }

  /** {@code -Q}: decimal or 0x-hex TOS / traffic class ({@code parsetos()}). */
  static int tos(String arg) {
    long v;
    try {
      if (arg.startsWith("0x") || arg.startsWith("0X")) {
        v = Long.parseLong(arg.substring(2), 16);
      } else {
        v = Long.parseLong(arg.strip());
      }
    } catch (NumberFormatException e) {
      throw new InputException("bad TOS value: " + arg);
    }
    if (v > 255 || v < 0) {
      throw new InputException("the decimal value of TOS bits must be in range 0-255: " + (int) v);
    }
    return (int) v;
  }

  /** {@code -p}: up to 16 bytes of hex ({@code sscanf("%2x"...)}: an odd last digit is one byte). */
  static byte[] pattern(String arg) {
    for (int i = 0; i < arg.length(); i++) {
      if (Character.digit(arg.charAt(i), 16) < 0 || arg.charAt(i) > 0x7F) {
        throw new InputException("patterns must be specified as hex digits: " + arg.substring(i));
      }
    }
    int n = Math.min(16, (arg.length() + 1) / 2);
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      int from = 2 * i;
      int to = Math.min(arg.length(), from + 2);
      out[i] = (byte) Integer.parseInt(arg.substring(from, to), 16);
    }
    return out;
  }

  /** {@code PATTERN: 0x...} line printed by {@code fill()}. */
  static String patternLine(byte[] pattern) {
    return "PATTERN: 0x" + HexFormat.of().formatHex(pattern);
  }
}
