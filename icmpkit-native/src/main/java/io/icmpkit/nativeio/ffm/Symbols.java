package io.icmpkit.nativeio.ffm;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The one symbol resolver of the native layer: looks C functions up in the C library the JVM
 * itself is linked against ({@link Linker#defaultLookup()}) and makes downcall handles.
 *
 * <p>A missing symbol fails at class initialisation of the binding with an {@link
 * UnsatisfiedLinkError} (a {@link LinkageError}) naming the symbol, never later with a
 * {@code NullPointerException}.
 */
public final class Symbols {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LOOKUP = LINKER.defaultLookup();

  private Symbols() {}

  /** The address of {@code name}; throws a named {@link UnsatisfiedLinkError} when absent. */
  public static MemorySegment find(String name) {
    return LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError(
        "icmpkit-native: C library symbol '" + name + "' not found (not Linux/glibc or musl?)"));
  }

  /** A downcall handle for {@code name} with {@code descriptor} and linker options. */
  public static MethodHandle downcall(String name, FunctionDescriptor descriptor,
      Linker.Option... options) {
    return LINKER.downcallHandle(find(name), descriptor, options);
  }
}
