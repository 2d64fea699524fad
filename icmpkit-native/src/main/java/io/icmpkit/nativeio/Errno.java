package io.icmpkit.nativeio;

/**
 * A Linux errno value: the number and its symbolic name ({@code EACCES}, {@code ECONNREFUSED}...),
 * as defined in {@code asm-generic/errno-base.h} and {@code asm-generic/errno.h} (the values of
 * x86-64, aarch64 and every other architecture using the generic table).
 *
 * <p>{@link #valueOf(int)} never throws: an unknown number gives an instance named {@code E<n>}.
 * Instances of known numbers are cached, so {@code ==} works for them.
 *
 * @see <a href="https://man7.org/linux/man-pages/man3/errno.3.html">errno(3)</a>
 */
public final class Errno {
  private static final String[] NAMES = {
      null, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG",
      "ENOEXEC", "EBADF", "ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK",
      "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR", "EISDIR", "EINVAL", "ENFILE",
      "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS", "EMLINK",
      "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY",
      "ELOOP", null, "ENOMSG", "EIDRM", "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST",
      "ELNRNG", "EUNATCH", "ENOCSI", "EL2HLT", "EBADE", "EBADR", "EXFULL", "ENOANO",
      "EBADRQC", "EBADSLT", null, "EBFONT", "ENOSTR", "ENODATA", "ETIME", "ENOSR",
      "ENONET", "ENOPKG", "EREMOTE", "ENOLINK", "EADV", "ESRMNT", "ECOMM", "EPROTO",
      "EMULTIHOP", "EDOTDOT", "EBADMSG", "EOVERFLOW", "ENOTUNIQ", "EBADFD", "EREMCHG", "ELIBACC",
      "ELIBBAD", "ELIBSCN", "ELIBMAX", "ELIBEXEC", "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS",
      "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE", "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EOPNOTSUPP",
      "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL", "ENETDOWN", "ENETUNREACH", "ENETRESET", "ECONNABORTED",
      "ECONNRESET", "ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT", "ECONNREFUSED",
      "EHOSTDOWN", "EHOSTUNREACH", "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN", "ENOTNAM", "ENAVAIL",
      "EISNAM", "EREMOTEIO", "EDQUOT", "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED", "ENOKEY", "EKEYEXPIRED",
      "EKEYREVOKED", "EKEYREJECTED", "EOWNERDEAD", "ENOTRECOVERABLE", "ERFKILL", "EHWPOISON"
  };

  private static final Errno[] KNOWN = new Errno[NAMES.length];

  static {
    for (int i = 0; i < NAMES.length; i++) {
      if (NAMES[i] != null) {
        KNOWN[i] = new Errno(i, NAMES[i]);
      }
    }
  }

  public static final Errno EPERM = KNOWN[1];
  public static final Errno ENOENT = KNOWN[2];
  public static final Errno EINTR = KNOWN[4];
  public static final Errno ENXIO = KNOWN[6];
  public static final Errno EBADF = KNOWN[9];
  public static final Errno EAGAIN = KNOWN[11];
  public static final Errno ENOMEM = KNOWN[12];
  public static final Errno EACCES = KNOWN[13];
  public static final Errno EFAULT = KNOWN[14];
  public static final Errno EBUSY = KNOWN[16];
  public static final Errno EEXIST = KNOWN[17];
  public static final Errno ENODEV = KNOWN[19];
  public static final Errno EINVAL = KNOWN[22];
  public static final Errno ENOTTY = KNOWN[25];
  public static final Errno ENOSYS = KNOWN[38];
  public static final Errno EPROTO = KNOWN[71];
  public static final Errno ENOTSOCK = KNOWN[88];
  public static final Errno EMSGSIZE = KNOWN[90];
  public static final Errno ENOPROTOOPT = KNOWN[92];
  public static final Errno EPROTONOSUPPORT = KNOWN[93];
  public static final Errno ESOCKTNOSUPPORT = KNOWN[94];
  public static final Errno EOPNOTSUPP = KNOWN[95];
  public static final Errno EAFNOSUPPORT = KNOWN[97];
  public static final Errno EADDRINUSE = KNOWN[98];
  public static final Errno EADDRNOTAVAIL = KNOWN[99];
  public static final Errno ENETDOWN = KNOWN[100];
  public static final Errno ENETUNREACH = KNOWN[101];
  public static final Errno ENOBUFS = KNOWN[105];
  public static final Errno ENOTCONN = KNOWN[107];
  public static final Errno ETIMEDOUT = KNOWN[110];
  public static final Errno ECONNREFUSED = KNOWN[111];
  public static final Errno EHOSTDOWN = KNOWN[112];
  public static final Errno EHOSTUNREACH = KNOWN[113];
  public static final Errno EALREADY = KNOWN[114];
  public static final Errno EINPROGRESS = KNOWN[115];

  private final int number;
  private final String name;

  private Errno(int number, String name) {
    this.number = number;
    this.name = name;
  }

  /** The errno of {@code number}: a cached instance when known, else one named {@code E<n>}. */
  public static Errno valueOf(int number) {
    if (number >= 0 && number < KNOWN.length && KNOWN[number] != null) {
      return KNOWN[number];
    }
    return new Errno(number, "E" + number);
  }

  /** The errno named {@code name} ({@code "EWOULDBLOCK"} and {@code "EDEADLOCK"} are aliases). */
  public static java.util.Optional<Errno> named(String name) {
    String n = switch (name) {
      case "EWOULDBLOCK" -> "EAGAIN";
      case "EDEADLOCK" -> "EDEADLK";
      default -> name;
    };
    for (Errno e : KNOWN) {
      if (e != null && e.name.equals(n)) {
        return java.util.Optional.of(e);
      }
    }
    return java.util.Optional.empty();
  }

  /** Whether this number has a name in the Linux table. */
  public boolean isKnown() {
    return number >= 0 && number < KNOWN.length && KNOWN[number] != null;
  }

  public int number() {
    return number;
  }

  /** The symbolic name, e.g. {@code "ECONNREFUSED"}. */
  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Errno e && e.number == number;
  }

  @Override
  public int hashCode() {
    return number;
  }

  /** {@code "ECONNREFUSED(111)"}. */
  @Override
  public String toString() {
    return name + "(" + number + ")";
  }
}
