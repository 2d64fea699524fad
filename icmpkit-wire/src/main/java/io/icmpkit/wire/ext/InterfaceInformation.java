package io.icmpkit.wire.ext;

import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Interface information object (RFC 5837 section 4.1; class 2): which interface of the router that
 * sent the error was involved. The C-type carries the role (2 bits) and one flag per optional
 * field; the fields follow in the order ifIndex, IP address sub-object, name sub-object, MTU. A
 * field is present exactly when its component is non-null.
 *
 * @param role 0..3, see {@link #ROLE_INCOMING}...
 * @param ifIndex the interface index (u32), or null
 * @param address the interface address (IPv4: AFI 1, IPv6: AFI 2), or null
 * @param name the interface name (UTF-8, at most 63 bytes, no NUL), or null
 * @param mtu the interface MTU (u32), or null
 */
public record InterfaceInformation(int role, Long ifIndex, InetAddress address, String name, Long mtu)
    implements ExtensionObject {
  /** IANA ICMP extension object class "Interface Information Object". */
  public static final int CLASS_NUM = 2;

  /** Interface roles (RFC 5837 section 4.1). */
  public static final int ROLE_INCOMING = 0;
  public static final int ROLE_SUB_IP = 1;
  public static final int ROLE_OUTGOING = 2;
  public static final int ROLE_NEXT_HOP = 3;

  private static final String[] ROLE_NAMES = {
    "Incoming IP Interface", "Sub-IP Component of Incoming IP Interface", "Outgoing IP Interface", "IP Next hop",
  };
  private static final int F_IFINDEX = 0x08;
  private static final int F_IPADDR = 0x04;
  private static final int F_NAME = 0x02;
  private static final int F_MTU = 0x01;

  public InterfaceInformation {
    if (role < 0 || role > 3) {
      throw new IllegalArgumentException("role must fit 2 bits: " + role);
    }
    if (ifIndex != null && (ifIndex < 0 || ifIndex > 0xFFFF_FFFFL)) {
      throw new IllegalArgumentException("ifIndex out of u32 range: " + ifIndex);
    }
    if (mtu != null && (mtu < 0 || mtu > 0xFFFF_FFFFL)) {
      throw new IllegalArgumentException("mtu out of u32 range: " + mtu);
    }
    if (name != null && (name.indexOf('\0') >= 0 || name.getBytes(StandardCharsets.UTF_8).length > 63)) {
      throw new IllegalArgumentException("name must be at most 63 UTF-8 bytes without NUL: " + name);
    }
  }

  /** Role name as RFC 5837 words it. */
  public static String roleName(int role) {
    return role >= 0 && role < 4 ? ROLE_NAMES[role] : "Unknown role " + role;
  }

  static InterfaceInformation parsePayload(int cType, MemorySegment p) {
    if ((cType & 0x30) != 0) {
      return null; // reserved bits set: keep raw
    }
    long len = p.byteSize();
    long off = 0;
    Long ifIndex = null;
    InetAddress address = null;
    String name = null;
    Long mtu = null;
    if ((cType & F_IFINDEX) != 0) {
      if (len - off < 4) {
        return null;
      }
      ifIndex = Bytes.u32(p, off);
      off += 4;
    }
    if ((cType & F_IPADDR) != 0) {
      if (len - off < 4) {
        return null;
      }
      int afi = Bytes.u16(p, off);
      int alen = afi == 1 ? 4 : afi == 2 ? 16 : -1;
      if (alen < 0 || Bytes.u16(p, off + 2) != 0 || len - off - 4 < alen) {
        return null;
      }
      try {
        address = InetAddress.getByAddress(Bytes.copy(p, off + 4, alen));
      } catch (UnknownHostException e) {
        return null; // cannot happen for 4 or 16 bytes
      }
      if (afi == 2 && !(address instanceof Inet6Address)) {
        return null; // an IPv4-mapped IPv6 address would come back as IPv4: keep raw
      }
      off += 4 + alen;
    }
    if ((cType & F_NAME) != 0) {
      if (len - off < 1) {
        return null;
      }
      int nlen = Bytes.u8(p, off);
      if (nlen < 1 || nlen > 64 || len - off < nlen) {
        return null;
      }
      byte[] raw = Bytes.copy(p, off + 1, nlen - 1);
      int end = raw.length;
      while (end > 0 && raw[end - 1] == 0) {
        end--;
      }
      name = new String(raw, 0, end, StandardCharsets.UTF_8);
      if (name.indexOf('\0') >= 0 || name.getBytes(StandardCharsets.UTF_8).length > 63) {
        return null;
      }
      off += nlen;
    }
    if ((cType & F_MTU) != 0) {
      if (len - off < 4) {
        return null;
      }
      mtu = Bytes.u32(p, off);
      off += 4;
    }
    if (off != len) {
      return null;
    }
    return new InterfaceInformation(cType >>> 6, ifIndex, address, name, mtu);
  }

  @Override
  public int classNum() {
    return CLASS_NUM;
  }

  @Override
  public int cType() {
    return role << 6 | (ifIndex != null ? F_IFINDEX : 0) | (address != null ? F_IPADDR : 0)
        | (name != null ? F_NAME : 0) | (mtu != null ? F_MTU : 0);
  }

  private int nameSubObjectLength() {
    // length octet + name, padded to a multiple of 4 (RFC 5837 section 4.3)
    return (1 + name.getBytes(StandardCharsets.UTF_8).length + 3) & ~3;
  }

  @Override
  public int bufferLength() {
    int n = HEADER_LENGTH;
    if (ifIndex != null) {
      n += 4;
    }
    if (address != null) {
      n += 4 + address.getAddress().length;
    }
    if (name != null) {
      n += nameSubObjectLength();
    }
    if (mtu != null) {
      n += 4;
    }
    return n;
  }

  @Override
  public void emitPayload(MemorySegment dst) {
    long off = 0;
    if (ifIndex != null) {
      Bytes.setU32(dst, off, ifIndex);
      off += 4;
    }
    if (address != null) {
      byte[] a = address.getAddress();
      Bytes.setU16(dst, off, a.length == 4 ? 1 : 2);
      Bytes.setU16(dst, off + 2, 0);
      Bytes.put(dst, off + 4, a);
      off += 4 + a.length;
    }
    if (name != null) {
      int nlen = nameSubObjectLength();
      dst.asSlice(off, nlen).fill((byte) 0);
      Bytes.setU8(dst, off, nlen);
      Bytes.put(dst, off + 1, name.getBytes(StandardCharsets.UTF_8));
      off += nlen;
    }
    if (mtu != null) {
      Bytes.setU32(dst, off, mtu);
    }
  }

  @Override
  public void describe(FieldTree tree) {
    FieldTree o = tree.child("Interface Information Object");
    o.field("Length", bufferLength()).field("Class", CLASS_NUM).field("C-Type", String.format("0x%02x", cType()));
    o.field("Interface Role", roleName(role));
    if (ifIndex != null) {
      o.field("Interface Index", ifIndex);
    }
    if (address != null) {
      o.field(address instanceof Inet4Address ? "IPv4 Address" : "IPv6 Address", address.getHostAddress());
    }
    if (name != null) {
      o.field("Interface Name", name);
    }
    if (mtu != null) {
      o.field("MTU", mtu);
    }
  }
}
