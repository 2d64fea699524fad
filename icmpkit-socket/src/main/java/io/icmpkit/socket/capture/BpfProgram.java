package io.icmpkit.socket.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A classic BPF program (the Linux socket filter language, as {@code tcpdump -dd} prints it): a
 * list of {@link Instruction}s run by the kernel on every frame before it is queued to the socket;
 * the return value is how many bytes to keep (0 drops the frame, in the kernel).
 *
 * <p>Instructions are written with the named opcodes below ({@code BPF_LD | BPF_H | BPF_ABS}), as
 * in {@code <linux/filter.h>}. The canned filters ({@link #icmpEthernet()}, {@link #icmpRawIp()})
 * are the programs libpcap compiles for {@code icmp or igmp or icmp6}, instruction for instruction
 * (the tests compare them with {@code tcpdump -dd}): IPv4 with protocol ICMP (1) or IGMP (2), IPv6
 * with next header ICMPv6 (58), directly or after one fragment header (44). Like tcpdump's, they do
 * not walk other IPv6 extension headers.
 *
 * <p>{@link #of(List)} checks what the kernel would reject anyway (length, jump targets, a final
 * {@code RET}), so a bad program fails in Java with a message instead of {@code EINVAL}.
 *
 * @see <a href="https://docs.kernel.org/networking/filter.html">Linux Socket Filtering</a>
 * @see <a href="https://www.tcpdump.org/papers/bpf-usenix93.pdf">McCanne, Jacobson: The BSD
 *     Packet Filter (1993)</a>
 */
public final class BpfProgram {
  // instruction classes
  public static final int BPF_LD = 0x00;
  public static final int BPF_LDX = 0x01;
  public static final int BPF_ST = 0x02;
  public static final int BPF_STX = 0x03;
  public static final int BPF_ALU = 0x04;
  public static final int BPF_JMP = 0x05;
  public static final int BPF_RET = 0x06;
  public static final int BPF_MISC = 0x07;
  // load sizes
  public static final int BPF_W = 0x00;
  public static final int BPF_H = 0x08;
  public static final int BPF_B = 0x10;
  // load modes
  public static final int BPF_IMM = 0x00;
  public static final int BPF_ABS = 0x20;
  public static final int BPF_IND = 0x40;
  public static final int BPF_MEM = 0x60;
  public static final int BPF_LEN = 0x80;
  public static final int BPF_MSH = 0xa0;
  // ALU operations
  public static final int BPF_ADD = 0x00;
  public static final int BPF_SUB = 0x10;
  public static final int BPF_MUL = 0x20;
  public static final int BPF_DIV = 0x30;
  public static final int BPF_OR = 0x40;
  public static final int BPF_AND = 0x50;
  public static final int BPF_LSH = 0x60;
  public static final int BPF_RSH = 0x70;
  public static final int BPF_NEG = 0x80;
  public static final int BPF_MOD = 0x90;
  public static final int BPF_XOR = 0xa0;
  // jumps
  public static final int BPF_JA = 0x00;
  public static final int BPF_JEQ = 0x10;
  public static final int BPF_JGT = 0x20;
  public static final int BPF_JGE = 0x30;
  public static final int BPF_JSET = 0x40;
  // operand sources
  public static final int BPF_K = 0x00;
  public static final int BPF_X = 0x08;
  public static final int BPF_A = 0x10;
  /** The kernel's limit on instructions ({@code BPF_MAXINSNS}). */
  public static final int MAX_INSTRUCTIONS = 4096;
  /** What the canned filters return for an accepted frame: keep it whole (tcpdump's snaplen). */
  public static final int SNAP_LENGTH = 262144;

  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_IPV6 = 0x86dd;
  private static final int PROTO_ICMP = 1;
  private static final int PROTO_IGMP = 2;
  private static final int NH_FRAGMENT = 44;
  private static final int NH_ICMPV6 = 58;

  /**
   * One {@code struct sock_filter}: opcode, jump offsets if true / if false (relative to the next
   * instruction), and the constant {@code k}.
   */
  public record Instruction(int code, int jt, int jf, int k) {
    public Instruction {
      if (code < 0 || code > 0xffff || jt < 0 || jt > 0xff || jf < 0 || jf > 0xff) {
        throw new IllegalArgumentException(
            "instruction out of range: code=" + code + " jt=" + jt + " jf=" + jf);
      }
    }

    /** {@code BPF_STMT(code, k)}. */
    public static Instruction stmt(int code, int k) {
      return new Instruction(code, 0, 0, k);
    }

    /** {@code BPF_JUMP(code, k, jt, jf)}. */
    public static Instruction jump(int code, int k, int jt, int jf) {
      return new Instruction(code, jt, jf, k);
    }

    /** As {@code tcpdump -dd} prints it: {@code { 0x28, 0, 0, 0x0000000c }}. */
    @Override
    public String toString() {
      return String.format("{ 0x%x, %d, %d, 0x%08x }", code, jt, jf, k);
    }
  }

  private final List<Instruction> instructions;

  private BpfProgram(List<Instruction> instructions) {
    this.instructions = instructions;
  }

  /**
   * A program of {@code instructions}; throws IllegalArgumentException for an empty or too long
   * program, a jump past the end, or a last instruction that is not a {@code RET}.
   */
  public static BpfProgram of(List<Instruction> instructions) {
    List<Instruction> copy = List.copyOf(instructions);
    int n = copy.size();
    if (n == 0 || n > MAX_INSTRUCTIONS) {
      throw new IllegalArgumentException("a BPF program has 1 to 4096 instructions: " + n);
    }
    for (int i = 0; i < n; i++) {
      Instruction in = copy.get(i);
      int cls = in.code() & 0x07;
      if (cls == BPF_JMP) {
        long far = (in.code() & 0xf0) == BPF_JA
            ? Integer.toUnsignedLong(in.k()) : Math.max(in.jt(), in.jf());
        if (i + 1 + far >= n) {
          throw new IllegalArgumentException("instruction " + i + " jumps past the end: " + in);
        }
      }
    }
    if ((copy.get(n - 1).code() & 0x07) != BPF_RET) {
      throw new IllegalArgumentException("the last instruction must be a RET: " + copy.get(n - 1));
    }
    return new BpfProgram(copy);
  }

  /** {@link #of(List)} of an array. */
  public static BpfProgram of(Instruction... instructions) {
    return of(List.of(instructions));
  }

  private static final Pattern DD_LINE = Pattern.compile(
      "\\{\\s*(0x[0-9a-fA-F]+|\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(0x[0-9a-fA-F]+|\\d+)\\s*}");

  /**
   * Parses the output of {@code tcpdump -dd EXPRESSION} (one {@code { code, jt, jf, k },} per
   * line), so any filter tcpdump can compile can be attached. Lines that are not instructions are
   * ignored; throws IllegalArgumentException when none is found or the program is invalid.
   */
  public static BpfProgram parseTcpdumpDd(String text) {
    List<Instruction> list = new ArrayList<>();
    Matcher m = DD_LINE.matcher(text);
    while (m.find()) {
      list.add(new Instruction(number(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), (int) Long.parseLong(strip(m.group(4)), radix(m.group(4)))));
    }
    return of(list);
  }

  private static int number(String s) {
    return Integer.parseInt(strip(s), radix(s));
  }

  private static int radix(String s) {
    return s.startsWith("0x") || s.startsWith("0X") ? 16 : 10;
  }

  private static String strip(String s) {
    return radix(s) == 16 ? s.substring(2) : s;
  }

  /** The instructions, in order. */
  public List<Instruction> instructions() {
    return instructions;
  }

  public int length() {
    return instructions.size();
  }

  /** Accepts every frame whole. */
  public static BpfProgram acceptAll() {
    return of(Instruction.stmt(BPF_RET | BPF_K, SNAP_LENGTH));
  }

  /** Drops every frame (a socket that only counts nothing; useful to test the plumbing). */
  public static BpfProgram rejectAll() {
    return of(Instruction.stmt(BPF_RET | BPF_K, 0));
  }

  /**
   * {@code icmp or igmp or icmp6} for frames that start with an Ethernet header (AF_PACKET
   * {@code SOCK_RAW} on Ethernet, veth and loopback interfaces): the ethertype at offset 12, the
   * IPv4 protocol at 14+9, the IPv6 next header at 14+6 and, after a fragment header, at 14+40.
   */
  public static BpfProgram icmpEthernet() {
    return icmpAfterLinkHeader(14);
  }

  /**
   * A filter for {@code icmp or igmp or icmp6} on frames without a link header, starting with the
   * IP header (TUN interfaces, AF_PACKET {@code SOCK_DGRAM}): the version nibble decides the family.
   */
  public static BpfProgram icmpRawIp() {
    // 0: A = ip[0] & 0xf0; IPv4?
    return of(
        Instruction.stmt(BPF_LD | BPF_B | BPF_ABS, 0),
        Instruction.stmt(BPF_ALU | BPF_AND | BPF_K, 0xf0),
        Instruction.jump(BPF_JMP | BPF_JEQ | BPF_K, 0x40, 0, 3),
        // 3: IPv4 protocol (RFC 791: octet 9)
        Instruction.stmt(BPF_LD | BPF_B | BPF_ABS, 9),
        Instruction.jump(BPF_JMP | BPF_JEQ | BPF_K, PROTO_ICMP, 9, 0),
        Instruction.jump(BPF_JMP | BPF_JEQ | BPF_K, PROTO_IGMP, 8, 9),
        // 6: IPv6?
        Instruction.stmt(BPF_LD | BPF_B | BPF_ABS, 0),
        Instruction.stmt(BPF_ALU | BPF_AND | BPF_K, 0xf0),
        Instruction.jump(BPF_JMP | BPF_JEQ | BPF_K, 0x60, 0, 6),
        // 9: IPv6 next header (RFC 8200: octet 6), directly or after a fragment header (40)
        Instruction.stmt(BPF_LD | BPF_B | BPF_ABS, 6),
        Instruction.jump(BPF_JMP | BPF_JEQ | BPF_K, NH_ICMPV6, 3, 0),
        Instruction.jump(BPF_JMP | BPF_JEQ | BPF_K, NH_FRAGMENT, 0, 3),
        Instruction.stmt(BPF_LD | BPF_B | BPF_ABS, 40),
        Instruction.jump(BPF_JMP | BPF_JEQ | BPF_K, NH_ICMPV6, 0, 1),
        // 14: accept whole, 15: drop
        Instruction.stmt(BPF_RET | BPF_K, SNAP_LENGTH),
        Instruction.stmt(BPF_RET | BPF_K, 0));
  }

  private static BpfProgram icmpAfterLinkHeader(int l2) {
    return of(
        // 0: ethertype
        Instruction.stmt(BPF_LD | BPF_H | BPF_ABS, l2 - 2),
        Instruction.jump(BPF_JMP | BPF_JEQ | BPF_K, ETHERTYPE_IPV4, 0, 3),
        // 2: IPv4 protocol
        Instruction.stmt(BPF_LD | BPF_B | BPF_ABS, l2 + 9),
        Instruction.jump(BPF_JMP | BPF_JEQ | BPF_K, PROTO_ICMP, 7, 0),
        Instruction.jump(BPF_JMP | BPF_JEQ | BPF_K, PROTO_IGMP, 6, 7),
        // 5: IPv6 next header, directly or after a fragment header
        Instruction.jump(BPF_JMP | BPF_JEQ | BPF_K, ETHERTYPE_IPV6, 0, 6),
        Instruction.stmt(BPF_LD | BPF_B | BPF_ABS, l2 + 6),
        Instruction.jump(BPF_JMP | BPF_JEQ | BPF_K, NH_ICMPV6, 3, 0),
        Instruction.jump(BPF_JMP | BPF_JEQ | BPF_K, NH_FRAGMENT, 0, 3),
        Instruction.stmt(BPF_LD | BPF_B | BPF_ABS, l2 + 40),
        Instruction.jump(BPF_JMP | BPF_JEQ | BPF_K, NH_ICMPV6, 0, 1),
        // 11: accept whole, 12: drop
        Instruction.stmt(BPF_RET | BPF_K, SNAP_LENGTH),
        Instruction.stmt(BPF_RET | BPF_K, 0));
  }

  /** The program in {@code tcpdump -dd} form, one instruction per line. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Instruction in : instructions) {
      b.append(in).append(",\n");
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BpfProgram p && p.instructions.equals(instructions);
  }

  @Override
  public int hashCode() {
    return instructions.hashCode();
  }
}
