/**
 * FFM implementations of {@link io.icmpkit.nativeio.lib}: {@link
 * io.icmpkit.nativeio.ffm.FfmLibC} (the errno and arena rules are in its class doc) and the one
 * symbol resolver {@link io.icmpkit.nativeio.ffm.Symbols}.
 *
 * @see <a href="https://docs.oracle.com/en/java/javase/25/docs/api/java.base/java/lang/foreign/Linker.html">Linker</a>
 */
package io.icmpkit.nativeio.ffm;
