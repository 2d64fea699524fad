/**
 * Printing decoded packets: one-line summaries in the style of tshark's Info column and verbose
 * field trees in the style of {@code tshark -V}.
 *
 * @see <a href="https://www.wireshark.org/docs/man-pages/tshark.html">tshark(1)</a>
 */
package io.icmpkit.wire.print;
