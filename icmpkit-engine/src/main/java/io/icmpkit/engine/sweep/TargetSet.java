package io.icmpkit.engine.sweep;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The targets of a sweep: a union of address intervals minus exclusions, indexed {@code 0..size-1}
 * (IPv4 first, then IPv6, each in address order) without materialising any address. Memory grows
 * with the number of <em>specifications</em>, never with the number of addresses: a /8 is one
 * interval of 16 777 216 addresses.
 *
 * <p>Specifications: an address ({@code 192.0.2.7}, {@code 2001:db8::1}); a prefix ({@code
 * 192.0.2.0/24}, all addresses as zmap does, network and broadcast included; IPv6 prefixes of
 * /96 or longer); a range {@code a.b.c.d-e.f.g.h} or {@code a.b.c.d-h} (last octet); a host name
 * (its first address; names that do not resolve are kept in {@link #unresolved()}).
 */
public final class TargetSet {
  /** Most addresses one set may hold (the whole IPv4 space). */
  public static final long MAX_SIZE = 1L << 32;

  /** IPv4 intervals: hi = -1 marks IPv4; IPv6: hi = the upper 64 bits. start/end inclusive. */
  private record Interval(boolean v6, long hi, long start, long end) {
    long size() {
      return end - start + 1; // caller keeps sizes ≤ 2^32
    }
  }

  private static final Comparator<Interval> ORDER = (a, b) -> {
    if (a.v6 != b.v6) {
      return a.v6 ? 1 : -1;
    }
    int c = Long.compareUnsigned(a.hi, b.hi);
    return c != 0 ? c : Long.compareUnsigned(a.start, b.start);
  };

  private final Interval[] intervals;
  /** offsets[i] = index of intervals[i].start. */
  private final long[] offsets;
  private final long size;
  private final long ipv4Count;
  private final Map<InetAddress, String> names;
  private final List<String> unresolved;

  private TargetSet(List<Interval> list, Map<InetAddress, String> names, List<String> unresolved) {
    this.intervals = list.toArray(Interval[]::new);
    this.offsets = new long[intervals.length];
    long total = 0;
    long v4 = 0;
    for (int i = 0; i < intervals.length; i++) {
      offsets[i] = total;
      total += intervals[i].size();
      if (!intervals[i].v6) {
        v4 += intervals[i].size();
      }
      if (total > MAX_SIZE) {
        throw new IllegalArgumentException("more than 2^32 targets");
      }
    }
    this.size = total;
    this.ipv4Count = v4;
    this.names = Map.copyOf(names);
    this.unresolved = List.copyOf(unresolved);
  }

  /** A new, empty builder resolving names with {@link InetAddress#getByName}. */
  public static Builder builder() {
    return new Builder(TargetSet::resolve);
  }

  /** Parses {@code specs} (no exclusions); convenience for tests and small programs. */
  public static TargetSet of(String... specs) {
    Builder b = builder();
    for (String s : specs) {
      b.add(s);
    }
    return b.build();
  }

  private static InetAddress resolve(String name) {
    try {
      return InetAddress.getByName(name);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Number of addresses. */
  public long size() {
    return size;
  }

  /** Number of IPv4 addresses (indices {@code 0..ipv4Count-1}). */
  public long ipv4Count() {
    return ipv4Count;
  }

  /** Host names given that did not resolve (fping exit status 2). */
  public List<String> unresolved() {
    return unresolved;
  }

  /** The host name a target was given as, or null. */
  public String nameOf(InetAddress address) {
    return names.get(address);
  }

  /** The address at {@code index}. */
  public InetAddress address(long index) {
    int i = intervalOf(index);
    Interval v = intervals[i];
    long lo = v.start + (index - offsets[i]);
    return v.v6 ? toInet6(v.hi, lo) : toInet4((int) lo);
  }

  /** The IPv4 address at {@code index} as an unsigned int in a long; -1 for an IPv6 index. */
  long ipv4(long index) {
    if (index >= ipv4Count) {
      return -1;
    }
    int i = intervalOf(index);
    return intervals[i].start + (index - offsets[i]);
  }

  private int intervalOf(long index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    int lo = 0;
    int hi = intervals.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (offsets[mid] <= index) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** The index of an IPv4 address (unsigned int value), or -1 when it is not a target. */
  long indexOfIpv4(long address) {
    return indexOf(false, 0, address);
  }

  /** The index of {@code address}, or -1 when it is not a target. */
  public long indexOf(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length == 4) {
      return indexOf(false, 0, u32(b, 0));
    }
    return indexOf(true, u64(b, 0), u64(b, 8));
  }

  long indexOfIpv6(long hi, long lo) {
    return indexOf(true, hi, lo);
  }

  private long indexOf(boolean v6, long hi, long lo) {
    Interval key = new Interval(v6, v6 ? hi : -1, lo, lo);
    int l = 0;
    int h = intervals.length - 1;
    int found = -1;
    while (l <= h) { // last interval starting at or before the key
      int mid = (l + h) >>> 1;
      if (ORDER.compare(intervals[mid], key) <= 0) {
        found = mid;
        l = mid + 1;
      } else {
        h = mid - 1;
      }
    }
    if (found < 0) {
      return -1;
    }
    Interval v = intervals[found];
    if (v.v6 != v6 || v.hi != key.hi || Long.compareUnsigned(lo, v.end) > 0) {
      return -1;
    }
    return offsets[found] + (lo - v.start);
  }

  static Inet4Address toInet4(int v) {
    try {
      return (Inet4Address) InetAddress.getByAddress(new byte[] {
          (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static Inet6Address toInet6(long hi, long lo) {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (hi >>> (56 - 8 * i));
      b[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    try {
      return (Inet6Address) InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static long u32(byte[] b, int off) {
    return ((b[off] & 0xffL) << 24) | ((b[off + 1] & 0xffL) << 16) | ((b[off + 2] & 0xffL) << 8)
        | (b[off + 3] & 0xffL);
  }

  static long u64(byte[] b, int off) {
    return (u32(b, off) << 32) | u32(b, off + 4);
  }

  @Override
  public String toString() {
    return "TargetSet[" + size + " addresses in " + intervals.length + " intervals"
        + (unresolved.isEmpty() ? "" : ", unresolved " + unresolved) + "]";
  }

  /** Collects specifications and exclusions; not thread-safe. */
  public static final class Builder {
    private final Function<String, InetAddress> resolver;
    private final List<Interval> include = new ArrayList<>();
    private final List<Interval> exclude = new ArrayList<>();
    private final Map<InetAddress, String> names = new LinkedHashMap<>();
    private final List<String> unresolved = new ArrayList<>();

    Builder(Function<String, InetAddress> resolver) {
      this.resolver = resolver;
    }

    /**
     * Adds a specification (see the class comment).
     *
     * @throws IllegalArgumentException for a malformed prefix or range
     */
    public Builder add(String spec) {
      Interval v = parse(spec, true);
      if (v != null) {
        include.add(v);
      }
      return this;
    }

    /** Adds an address. */
    public Builder add(InetAddress address) {
      include.add(single(address));
      return this;
    }

    /** Excludes a specification (same syntax; names resolved, unresolved ones ignored). */
    public Builder exclude(String spec) {
      Interval v = parse(spec, false);
      if (v != null) {
        exclude.add(v);
      }
      return this;
    }

    /** The set (merged intervals minus exclusions). */
    public TargetSet build() {
      List<Interval> merged = merge(include);
      List<Interval> ex = merge(exclude);
      List<Interval> out = new ArrayList<>();
      for (Interval v : merged) {
        subtract(v, ex, out);
      }
      return new TargetSet(out, names, unresolved);
    }

    private Interval parse(String raw, boolean keepName) {
      String spec = raw.strip();
      if (spec.isEmpty()) {
        throw new IllegalArgumentException("empty target");
      }
      int slash = spec.indexOf('/');
      if (slash >= 0) {
        InetAddress base = literal(spec.substring(0, slash));
        if (base == null) {
          throw new IllegalArgumentException("not an address prefix: " + spec);
        }
        int len;
        try {
          len = Integer.parseInt(spec.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad prefix length: " + spec);
        }
        return prefix(base, len, spec);
      }
      int dash = spec.indexOf('-');
      if (dash > 0 && literal(spec.substring(0, dash)) instanceof Inet4Address a) {
        String end = spec.substring(dash + 1);
        long start = u32(a.getAddress(), 0);
        long last;
        if (end.matches("\\d{1,3}")) {
          int octet = Integer.parseInt(end);
          if (octet > 255) {
            throw new IllegalArgumentException("bad range end: " + spec);
          }
          last = (start & ~0xffL) | octet;
        } else if (literal(end) instanceof Inet4Address b) {
          last = u32(b.getAddress(), 0);
        } else {
          throw new IllegalArgumentException("bad range: " + spec);
        }
        if (last < start) {
          throw new IllegalArgumentException("range end before its start: " + spec);
        }
        return new Interval(false, -1, start, last);
      }
      InetAddress a = literal(spec);
      if (a == null) {
        a = resolver.apply(spec);
        if (a == null) {
          if (keepName) {
            unresolved.add(spec);
          }
          return null;
        }
        if (keepName) {
          names.putIfAbsent(a, spec);
        }
      }
      return single(a);
    }

    private static Interval single(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length == 4) {
        long v = u32(b, 0);
        return new Interval(false, -1, v, v);
      }
      long lo = u64(b, 8);
      return new Interval(true, u64(b, 0), lo, lo);
    }

    private static Interval prefix(InetAddress base, int len, String spec) {
      byte[] b = base.getAddress();
      if (b.length == 4) {
        if (len < 0 || len > 32) {
          throw new IllegalArgumentException("bad IPv4 prefix length: " + spec);
        }
        long mask = len == 0 ? 0 : (0xffffffffL << (32 - len)) & 0xffffffffL;
        long start = u32(b, 0) & mask;
        return new Interval(false, -1, start, start | (~mask & 0xffffffffL));
      }
      if (len < 96 || len > 128) {
        throw new IllegalArgumentException("IPv6 prefixes must be /96 or longer: " + spec);
      }
      long mask = len == 128 ? -1L : -1L << (128 - len);
      long start = u64(b, 8) & mask;
      return new Interval(true, u64(b, 0), start, start | ~mask);
    }

    /** An IP literal, never a DNS lookup; null when {@code s} is not one. */
    static InetAddress literal(String s) {
      boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
      boolean v6 = s.indexOf(':') >= 0 && s.matches("[0-9A-Fa-f:.]+");
      if (!v4 && !v6) {
        return null;
      }
      if (v4) {
        for (String p : s.split("\\.")) {
          if (Integer.parseInt(p) > 255) {
            return null;
          }
        }
      }
      try {
        return InetAddress.getByName(s); // a literal: no lookup
      } catch (UnknownHostException e) {
        return null;
      }
    }

    private static List<Interval> merge(List<Interval> in) {
      List<Interval> sorted = new ArrayList<>(in);
      sorted.sort(ORDER);
      List<Interval> out = new ArrayList<>();
      for (Interval v : sorted) {
        if (!out.isEmpty()) {
          Interval last = out.getLast();
          if (last.v6 == v.v6 && last.hi == v.hi
              && (Long.compareUnsigned(v.start, last.end) <= 0
                  || (last.end != -1L && v.start == last.end + 1))) {
            if (Long.compareUnsigned(v.end, last.end) > 0) {
              out.set(out.size() - 1, new Interval(v.v6, v.hi, last.start, v.end));
            }
            continue;
          }
        }
        out.add(v);
      }
      return out;
    }

    private static void subtract(Interval v, List<Interval> ex, List<Interval> out) {
      long start = v.start;
      for (Interval e : ex) {
        if (e.v6 != v.v6 || e.hi != v.hi) {
          continue;
        }
        if (Long.compareUnsigned(e.end, start) < 0 || Long.compareUnsigned(e.start, v.end) > 0) {
          continue;
        }
        if (Long.compareUnsigned(e.start, start) > 0) {
          out.add(new Interval(v.v6, v.hi, start, e.start - 1));
        }
        if (Long.compareUnsigned(e.end, v.end) >= 0) {
          return;
        }
        start = e.end + 1;
      }
      out.add(new Interval(v.v6, v.hi, start, v.end));
    }
  }
}
