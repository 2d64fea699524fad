package io.icmpkit.wire.ext;

import io.icmpkit.wire.Bytes;
import io.icmpkit.wire.Octets;
import io.icmpkit.wire.print.FieldTree;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Interface identification object (RFC 8335 section 2.1; class 3): names the interface an extended
 * echo request probes, by name (C-type 1), by ifIndex (C-type 2) or by address (C-type 3: AFI,
 * address length, address). Only the components of the record's C-type are meaningful; the others
 * are null / 0.
 *
 * @param cType 1, 2 or 3
 * @param name C-type 1: the interface name (no NUL; padded with NULs on the wire)
 * @param index C-type 2: the ifIndex (u32)
 * @param afi C-type 3: the address family number (IANA; 1 IPv4, 2 IPv6)
 * @param address C-type 3: the address bytes (at most 255)
 */
public record InterfaceIdentification(int cType, String name, long index, int afi, Octets address)
    implements ExtensionObject {
  /** IANA ICMP extension object class "Interface Identification Object". */
  public static final int CLASS_NUM = 3;
  public static final int BY_NAME = 1;
  public static final int BY_INDEX = 2;
  public static final int BY_ADDRESS = 3;
  /** Address family numbers (IANA). */
  public static final int AFI_IPV4 = 1;
  public static final int AFI_IPV6 = 2;

  public InterfaceIdentification {
    switch (cType) {
      case BY_NAME -> {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0 || index != 0 || afi != 0 || address != null) {
          throw new IllegalArgumentException("by-name identification needs a non-empty name without NUL only");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 0xFFFF - HEADER_LENGTH - 3) {
          throw new IllegalArgumentException("name too long");
        }
      }
      case BY_INDEX -> {
        if (name != null || index < 0 || index > 0xFFFF_FFFFL || afi != 0 || address != null) {
          throw new IllegalArgumentException("by-index identification needs a u32 index only");
        }
      }
      case BY_ADDRESS -> {
        if (name != null || index != 0 || afi < 0 || afi > 0xFFFF || address == null || address.length() > 255) {
          throw new IllegalArgumentException("by-address identification needs an AFI and at most 255 address bytes");
        }
      }
      default -> throw new IllegalArgumentException("C-type must be 1, 2 or 3: " + cType);
    }
  }

  public static InterfaceIdentification byName(String name) {
    return new InterfaceIdentification(BY_NAME, name, 0, 0, null);
  }

  public static InterfaceIdentification byIndex(long ifIndex) {
    return new InterfaceIdentification(BY_INDEX, null, ifIndex, 0, null);
  }

  /** By an IPv4 (AFI 1) or IPv6 (AFI 2) address. */
  public static InterfaceIdentification byAddress(InetAddress a) {
    byte[] b = a.getAddress();
    return new InterfaceIdentification(BY_ADDRESS, null, 0, b.length == 4 ? AFI_IPV4 : AFI_IPV6, Octets.of(b));
  }

  /** The address of a C-type 3 object with AFI 1 or 2 as an InetAddress, else null. */
  public InetAddress inetAddress() {
    if (cType != BY_ADDRESS || !(afi == AFI_IPV4 && address.length() == 4 || afi == AFI_IPV6 && address.length() == 16)) {
      return null;
    }
    try {
      return InetAddress.getByAddress(address.toByteArray());
    } catch (UnknownHostException e) {
      return null;
    }
  }

  static InterfaceIdentification parsePayload(int cType, MemorySegment p) {
    long len = p.byteSize();
    switch (cType) {
      case BY_NAME -> {
        byte[] raw = Bytes.copy(p, 0, len);
        int end = raw.length;
        while (end > 0 && raw[end - 1] == 0) {
          end--;
        }
        String n = new String(raw, 0, end, StandardCharsets.UTF_8);
        return n.isEmpty() || n.indexOf('\0') >= 0 ? null : byName(n);
      }
      case BY_INDEX -> {
        return len == 4 ? byIndex(Bytes.u32(p, 0)) : null;
      }
      case BY_ADDRESS -> {
        if (len < 4 || Bytes.u8(p, 3) != 0) {
          return null;
        }
        int alen = Bytes.u8(p, 2);
        if (len - 4 < alen) {
          return null;
        }
        return new InterfaceIdentification(BY_ADDRESS, null, 0, Bytes.u16(p, 0), Octets.copyOf(p, 4, alen));
      }
      default -> {
        return null;
      }
    }
  }

  @Override
  public int classNum() {
    return CLASS_NUM;
  }

  private static int pad4(int n) {
    return (n + 3) & ~3;
  }

  @Override
  public int bufferLength() {
    return HEADER_LENGTH + switch (cType) {
      case BY_NAME -> pad4(name.getBytes(StandardCharsets.UTF_8).length);
      case BY_INDEX -> 4;
      default -> 4 + pad4(address.length());
    };
  }

  @Override
  public void emitPayload(MemorySegment dst) {
    dst.fill((byte) 0);
    switch (cType) {
      case BY_NAME -> Bytes.put(dst, 0, name.getBytes(StandardCharsets.UTF_8));
      case BY_INDEX -> Bytes.setU32(dst, 0, index);
      default -> {
        Bytes.setU16(dst, 0, afi);
        Bytes.setU8(dst, 2, address.length());
        address.copyTo(dst, 4);
      }
    }
  }

  @Override
  public void describe(FieldTree tree) {
    FieldTree o = tree.child("Interface Identification Object");
    o.field("Length", bufferLength()).field("Class", CLASS_NUM).field("C-Type", cType);
    switch (cType) {
      case BY_NAME -> o.field("Interface Name", name);
      case BY_INDEX -> o.field("Interface Index", index);
      default -> {
        InetAddress a = inetAddress();
        o.field("AFI", afi).field("Address Length", address.length())
            .field("Address", a != null ? a.getHostAddress() : address.toHex());
      }
    }
  }
}
