/**
 * icmpkit-native: hand-written Foreign Function &amp; Memory bindings to the Linux C library calls
 * icmpkit needs (sockets, poll, ioctl, files, namespaces), java.base only.
 *
 * <p>Layers: {@link io.icmpkit.nativeio.lib} holds Java interfaces mirroring the C functions (one
 * method per function, Javadoc with the man page and the return contract) and the Linux constants;
 * {@link io.icmpkit.nativeio.ffm} implements them with downcall handles; {@link
 * io.icmpkit.nativeio.struct} has the C struct layouts with typed accessors. Failures are one
 * {@link io.icmpkit.nativeio.NativeException} naming the function and the {@link
 * io.icmpkit.nativeio.Errno}.
 *
 * <p>Rules (details in {@link io.icmpkit.nativeio.ffm.FfmLibC}): every call returns its result or
 * {@code -errno}; errno is captured per call with {@code Linker.Option.captureCallState("errno")}
 * into a per-thread segment, never a shared static one; memory passed to a call belongs to the
 * caller's arena.
 *
 * <p>Programs using it need {@code --enable-native-access=ALL-UNNAMED} (or the module name).
 *
 * @see <a href="https://openjdk.org/jeps/454">JEP 454: Foreign Function &amp; Memory API</a>
 */
package io.icmpkit.nativeio;
