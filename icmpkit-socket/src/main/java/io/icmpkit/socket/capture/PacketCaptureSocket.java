package io.icmpkit.socket.capture;

import static io.icmpkit.nativeio.lib.Linux.*;

import io.icmpkit.nativeio.Errno;
import io.icmpkit.nativeio.Native;
import io.icmpkit.nativeio.NativeException;
import io.icmpkit.nativeio.lib.LibC;
import io.icmpkit.nativeio.struct.CMsg;
import io.icmpkit.nativeio.struct.IfReq;
import io.icmpkit.nativeio.struct.IoVec;
import io.icmpkit.nativeio.struct.MsgHdr;
import io.icmpkit.nativeio.struct.PacketMreq;
import io.icmpkit.nativeio.struct.PacketStats;
import io.icmpkit.nativeio.struct.PollFd;
import io.icmpkit.nativeio.struct.SockAddrLl;
import io.icmpkit.nativeio.struct.SockFprog;
import io.icmpkit.nativeio.struct.Timespec;
import io.icmpkit.nativeio.struct.TpacketV3;
import io.icmpkit.socket.internal.FdGuard;
import java.lang.invoke.VarHandle;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A Linux {@code AF_PACKET} capture socket with a classic BPF filter run by the kernel, so frames
 * the filter rejects never reach Java (by default: ICMP, IGMP and ICMPv6 only, see {@link
 * BpfProgram}). Needs CAP_NET_RAW (root).
 *
 * <pre>{@code
 * try (PacketCaptureSocket s = PacketCaptureSocket.builder().interfaceName("eth0").open()) {
 *   CapturedPacket p = s.receive(Duration.ofSeconds(1));          // one frame, copied
 *   s.dispatch(1000, Duration.ZERO, f -> write(f.data()));        // a batch, no allocation
 *   CaptureStatistics st = s.statistics();                         // kernel packets / drops
 * }
 * }</pre>
 *
 * <h2>Modes</h2>
 * {@link Mode#LINK} ({@code SOCK_RAW}) delivers frames with their link header: on an Ethernet,
 * veth or loopback interface the pcap link type is ETHERNET (1), on a TUN interface (no header) RAW
 * (101); it needs one interface, since a socket on all interfaces would mix header kinds. {@link
 * Mode#COOKED} ({@code SOCK_DGRAM}) strips the link header: every frame starts with its IP header
 * (link type RAW), on one interface or all; the interface and direction are in the metadata.
 *
 * <h2>Receive ring</h2>
 * By default every frame is one {@code recvmsg(2)}. With {@link Builder#ring(int, int)} the socket
 * uses a memory-mapped TPACKET_V3 ring instead (as libpcap does): the kernel fills blocks of
 * frames, one wake-up hands over a whole block, and frames are read in place, without a system
 * call per frame. Same API, same metadata, same filter.
 *
 * <h2>No unfiltered window</h2>
 * The socket is created with protocol 0 (it receives nothing), the filter is attached, and only
 * then {@code bind(2)} with {@code ETH_P_ALL} starts delivery: no frame is ever queued before the
 * filter runs (libpcap drains the queue instead).
 *
 * <h2>Threads</h2>
 * Receiving is serialised by a lock; {@code poll(2)} blocks the carrier thread, so call from a
 * platform thread. {@link #close()} from another thread wakes a blocked receive (an eventfd is in
 * its poll set), which then throws a {@link NativeException} with errno EBADF; the descriptor is
 * closed when no call uses it any more.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/packet.7.html">packet(7)</a>
 * @see <a href="https://docs.kernel.org/networking/filter.html">Linux Socket Filtering</a>
 */
public final class PacketCaptureSocket implements AutoCloseable {
  private static final LibC C = Native.libc();
  private static final int CONTROL_SIZE = 128;
  /** LINKTYPE_ETHERNET. */
  public static final int LINKTYPE_ETHERNET = 1;
  /** LINKTYPE_RAW: the frame is an IPv4 or IPv6 packet. */
  public static final int LINKTYPE_RAW = 101;

  /** Whether frames keep their link header. */
  public enum Mode {
    /** {@code SOCK_RAW}: frames with their link-layer header (one interface only). */
    LINK,
    /** {@code SOCK_DGRAM}: frames start at the network header (link type RAW). */
    COOKED
  }

  /** Settings of a capture socket. */
  public static final class Builder {
    private String interfaceName;
    private Mode mode = Mode.LINK;
    private BpfProgram filter;
    private boolean promiscuous;
    private boolean ignoreOutgoing;
    private int receiveBufferSize;
    private int bufferSize = 65536;
    private int ringBlockSize;
    private int ringBlocks;
    private int ringRetireMillis;

    private Builder() {}

    /**
     * {@link #ring(int, int, Duration)} with blocks handed over at the latest 8 ms after their
     * first frame.
     */
    public Builder ring(int blockSize, int blocks) {
      return ring(blockSize, blocks, Duration.ofMillis(8));
    }

    /**
     * Receives through a memory-mapped TPACKET_V3 ring of {@code blocks} blocks of {@code
     * blockSize} bytes (a power of two, at least 4096) instead of one {@code recvmsg} per frame.
     * The kernel hands a block over when it is full or {@code retireAfter} (1 ms to 60 s) after
     * its first frame; a block it has not got back is not refilled, so under a light load the
     * ring buffers about {@code blocks x retireAfter}: prefer many small blocks (e.g. 16 x 128
     * KiB) to a few large ones when latency matters.
     */
    public Builder ring(int blockSize, int blocks, Duration retireAfter) {
      if (blockSize < 4096 || Integer.bitCount(blockSize) != 1 || blocks < 1 || blocks > 4096) {
        throw new IllegalArgumentException(
            "ring: block size a power of two >= 4096, 1..4096 blocks: " + blockSize + " x " + blocks);
      }
      long ms = retireAfter.toMillis();
      if (ms < 1 || ms > 60_000) {
        throw new IllegalArgumentException("ring: retire time must be 1 ms to 60 s: " + retireAfter);
      }
      this.ringBlockSize = blockSize;
      this.ringBlocks = blocks;
      this.ringRetireMillis = (int) ms;
      return this;
    }

    /** Captures on this interface only (null: every interface, {@link Mode#COOKED} only). */
    public Builder interfaceName(String name) {
      if (name != null && (name.isEmpty() || name.length() >= IFNAMSIZ)) {
        throw new IllegalArgumentException("interface name must have 1 to 15 characters: " + name);
      }
      this.interfaceName = name;
      return this;
    }

    public Builder mode(Mode mode) {
      this.mode = java.util.Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * The kernel filter (default: {@link BpfProgram#icmpEthernet()} for Ethernet headers, {@link
     * BpfProgram#icmpRawIp()} otherwise); {@link BpfProgram#acceptAll()} to capture everything.
     * Its offsets must match the frames of the chosen mode and interface.
     */
    public Builder filter(BpfProgram filter) {
      this.filter = java.util.Objects.requireNonNull(filter, "filter");
      return this;
    }

    /** Puts the interface in promiscuous mode while the socket is open. */
    public Builder promiscuous(boolean on) {
      this.promiscuous = on;
      return this;
    }

    /** Skips frames this host sends ({@code PACKET_IGNORE_OUTGOING}, Linux 4.20+). */
    public Builder ignoreOutgoing(boolean on) {
      this.ignoreOutgoing = on;
      return this;
    }

    /**
     * The kernel receive queue in bytes ({@code SO_RCVBUFFORCE} when permitted, else {@code
     * SO_RCVBUF}, capped by {@code net.core.rmem_max}); 0 keeps the default.
     */
    public Builder receiveBufferSize(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("negative buffer size: " + bytes);
      }
      this.receiveBufferSize = bytes;
      return this;
    }

    /** The largest frame kept whole (default 65536); longer ones are truncated. */
    public Builder bufferSize(int bytes) {
      if (bytes < 64 || bytes > (1 << 20)) {
        throw new IllegalArgumentException("buffer size must be 64..1048576: " + bytes);
      }
      this.bufferSize = bytes;
      return this;
    }

    /**
     * Opens the socket in the calling thread's network namespace. Throws {@link NativeException}
     * (EPERM without CAP_NET_RAW, ENODEV for an unknown interface), IllegalArgumentException for
     * {@link Mode#LINK} on all interfaces or on an interface whose header kind has no default
     * filter.
     */
    public PacketCaptureSocket open() {
      if (mode == Mode.LINK && interfaceName == null) {
        throw new IllegalArgumentException(
            "Mode.LINK needs an interface (header kinds differ between interfaces); "
                + "use Mode.COOKED to capture on all interfaces");
      }
      return new PacketCaptureSocket(this);
    }
  }

  /** A builder: default LINK mode, default ICMP/IGMP/ICMPv6 filter. */
  public static Builder builder() {
    return new Builder();
  }

  private final int fd;
  private final int wakeFd;
  private final int interfaceIndex;
  private final String interfaceName;
  private final Mode mode;
  private final int linkType;
  private final BpfProgram filter;
  private final Arena arena = Arena.ofShared();
  private final FdGuard guard; // in-flight calls, close rule
  private final ReentrantLock rxLock = new ReentrantLock();
  private final Object statsLock = new Object();
  private final MemorySegment rxBuf;
  private final MemorySegment control;
  private final MemorySegment name;
  private final MemorySegment iov;
  private final MemorySegment msg;
  private final MemorySegment pollFds;
  private final CMsg.Cursor cursor;
  private final CaptureFrame frame = new CaptureFrame();
  private long totalPackets;
  private long totalDrops;
  // TPACKET_V3 ring (ring == null: recvmsg); the state below is guarded by rxLock
  private final MemorySegment ring;
  private final int blockSize;
  private final int blocks;
  private int currentBlock;
  private boolean blockHeld;
  private int packetsLeft;
  private long packetOffset;

  private PacketCaptureSocket(Builder b) {
    this.mode = b.mode;
    this.interfaceName = b.interfaceName;
    this.blockSize = b.ringBlockSize;
    this.blocks = b.ringBlocks;
    int type = (b.mode == Mode.LINK ? SOCK_RAW : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC;
    // protocol 0: nothing is delivered before bind(ETH_P_ALL), i.e. before the filter is attached
    int s = C.socket(AF_PACKET, type, 0);
    if (s < 0) {
      arena.close();
      throw new NativeException("socket(AF_PACKET)", Errno.valueOf(-s),
          -s == Errno.EPERM.number() || -s == Errno.EACCES.number()
              ? "packet capture needs CAP_NET_RAW: run as root or grant the capability "
                  + "(setcap cap_net_raw+ep on the java binary)" : null);
    }
    this.fd = s;
    int w = C.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (w < 0) {
      C.close(fd);
      arena.close();
      throw new NativeException("eventfd", -w);
    }
    this.wakeFd = w;
    this.guard = new FdGuard(w, this::releaseResources);
    MemorySegment ringMapped = null;
    try (Arena a = Arena.ofConfined()) {
      int index = 0;
      int hatype = -1;
      if (b.interfaceName != null) {
        index = C.if_nametoindex(a.allocateFrom(b.interfaceName));
        if (index < 0) {
          throw new NativeException("if_nametoindex(" + b.interfaceName + ")",
              Errno.valueOf(-index), "no such interface in this network namespace");
        }
        MemorySegment ifr = IfReq.allocate(a, b.interfaceName);
        NativeException.check("ioctl(SIOCGIFHWADDR " + b.interfaceName + ")",
            C.ioctl(fd, SIOCGIFHWADDR, ifr));
        hatype = IfReq.hardwareType(ifr);
      }
      this.interfaceIndex = index;
      boolean ethernetHeader = b.mode == Mode.LINK
          && (hatype == ARPHRD_ETHER || hatype == ARPHRD_LOOPBACK);
      if (b.mode == Mode.COOKED || hatype == ARPHRD_NONE) {
        this.linkType = LINKTYPE_RAW;
      } else if (ethernetHeader) {
        this.linkType = LINKTYPE_ETHERNET;
      } else if (b.filter != null) {
        this.linkType = -1; // unknown header: the caller's filter knows it
      } else {
        throw new IllegalArgumentException("interface " + b.interfaceName + " has ARP hardware type "
            + hatype + ": no default filter for its header; use Mode.COOKED or give a filter");
      }
      this.filter = b.filter != null ? b.filter
          : ethernetHeader ? BpfProgram.icmpEthernet() : BpfProgram.icmpRawIp();
      attach(a, filter);
      if (b.ringBlocks > 0) {
        NativeException.check("setsockopt(PACKET_VERSION TPACKET_V3)", C.setsockopt(fd, SOL_PACKET,
            PACKET_VERSION, a.allocateFrom(ValueLayout.JAVA_INT, TPACKET_V3), 4));
        MemorySegment req = TpacketV3.request(a, b.ringBlockSize, b.ringBlocks,
            Math.min(b.ringBlockSize, 2048), b.ringRetireMillis);
        NativeException.check("setsockopt(PACKET_RX_RING)",
            C.setsockopt(fd, SOL_PACKET, PACKET_RX_RING, req, TpacketV3.REQ_SIZEOF));
        long size = (long) b.ringBlockSize * b.ringBlocks;
        long addr = C.mmap(MemorySegment.NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (addr < 0) {
          throw new NativeException("mmap(PACKET_RX_RING " + size + " bytes)", (int) -addr);
        }
        ringMapped = MemorySegment.ofAddress(addr).reinterpret(size);
      }
      if (b.receiveBufferSize > 0) {
        MemorySegment v = a.allocateFrom(ValueLayout.JAVA_INT, b.receiveBufferSize);
        if (C.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, v, 4) < 0) {
          NativeException.check("setsockopt(SO_RCVBUF)",
              C.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, v, 4));
        }
      }
      NativeException.check("setsockopt(SO_TIMESTAMPNS)",
          C.setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, a.allocateFrom(ValueLayout.JAVA_INT, 1), 4));
      if (b.ignoreOutgoing) {
        NativeException.check("setsockopt(PACKET_IGNORE_OUTGOING)", C.setsockopt(fd, SOL_PACKET,
            PACKET_IGNORE_OUTGOING, a.allocateFrom(ValueLayout.JAVA_INT, 1), 4));
      }
      MemorySegment sll = SockAddrLl.allocate(a, ETH_P_ALL, index);
      NativeException.check("bind(AF_PACKET" + (b.interfaceName == null ? "" : " " + b.interfaceName)
          + ")", C.bind(fd, sll, SockAddrLl.SIZEOF));
      if (b.promiscuous) {
        NativeException.check("setsockopt(PACKET_ADD_MEMBERSHIP)", C.setsockopt(fd, SOL_PACKET,
            PACKET_ADD_MEMBERSHIP, PacketMreq.allocate(a, index, PACKET_MR_PROMISC),
            PacketMreq.SIZEOF));
      }
    } catch (RuntimeException | Error e) {
      if (ringMapped != null) {
        C.munmap(ringMapped, ringMapped.byteSize());
      }
      C.close(fd);
      C.close(wakeFd);
      arena.close();
      throw e;
    }
    this.ring = ringMapped;
    rxBuf = arena.allocate(b.bufferSize, 16);
    control = arena.allocate(CONTROL_SIZE, 8);
    name = arena.allocate(SockAddrLl.SIZEOF, 8);
    iov = arena.allocate(IoVec.SIZEOF, 8);
    msg = arena.allocate(MsgHdr.SIZEOF, 8);
    pollFds = arena.allocate(2L * PollFd.SIZEOF, 8);
    cursor = new CMsg.Cursor(control, 0);
    IoVec.set(iov, 0, rxBuf);
    frame.linkType = linkType;
  }

  private void attach(Arena a, BpfProgram program) {
    int n = program.length();
    MemorySegment insns = a.allocate((long) n * SockFprog.FILTER_SIZEOF, 8);
    for (int i = 0; i < n; i++) {
      BpfProgram.Instruction in = program.instructions().get(i);
      SockFprog.setInstruction(insns, i, in.code(), in.jt(), in.jf(), in.k());
    }
    MemorySegment prog = SockFprog.allocate(a, insns, n);
    NativeException.check("setsockopt(SO_ATTACH_FILTER)",
        C.setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, prog, SockFprog.SIZEOF));
  }

  /** Replaces the kernel filter (frames already queued were filtered by the old one). */
  public void setFilter(BpfProgram program) {
    acquire("setsockopt");
    try (Arena a = Arena.ofConfined()) {
      attach(a, program);
    } finally {
      release();
    }
  }

  /** The pcap LINKTYPE_ of the frames: {@link #LINKTYPE_ETHERNET} or {@link #LINKTYPE_RAW}. */
  public int linkType() {
    return linkType;
  }

  public Mode mode() {
    return mode;
  }

  /** The filter given at open time (or the default one). */
  public BpfProgram filter() {
    return filter;
  }

  /** The interface index the socket is bound to; 0 for all interfaces. */
  public int interfaceIndex() {
    return interfaceIndex;
  }

  /** The interface name, or null for all interfaces. */
  public String interfaceName() {
    return interfaceName;
  }

  /**
   * Waits up to {@code timeout} (null: forever, ZERO: not at all) for one frame and returns a
   * copy of it, or null on timeout.
   */
  public CapturedPacket receive(Duration timeout) {
    CapturedPacket[] out = new CapturedPacket[1];
    dispatch(1, timeout, f -> out[0] = f.copy());
    return out[0];
  }

  /**
   * Hands up to {@code max} queued frames to {@code handler}, waiting up to {@code timeout}
   * (null: forever) for the first; returns how many (0 on timeout). The {@link CaptureFrame} is
   * reused: it is valid only inside the callback. Throws NativeException EBADF once closed.
   */
  public int dispatch(int max, Duration timeout, Consumer<? super CaptureFrame> handler) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive: " + max);
    }
    acquire("recvmsg");
    rxLock.lock();
    try {
      long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
      int count = 0;
      while (true) {
        if (isClosed()) {
          throw closed("recvmsg");
        }
        while (count < max) {
          if (ring != null) {
            if (!nextFromRing()) {
              break;
            }
          } else {
            long n = recv();
            if (n < 0) {
              if (n == -Errno.EAGAIN.number() || n == -Errno.EINTR.number()) {
                break;
              }
              throw new NativeException("recvmsg", (int) -n);
            }
            fill(n);
          }
          count++;
          handler.accept(frame);
        }
        if (ring != null && blockHeld && packetsLeft == 0) {
          releaseBlock(); // the handler is done with its frames: give the block back now
        }
        if (count > 0) {
          return count;
        }
        long now = System.nanoTime();
        if (now >= deadline) {
          return 0;
        }
        long waitMs = deadline == Long.MAX_VALUE ? -1
            : Math.min(Integer.MAX_VALUE, Math.max(1, (deadline - now + 999_999) / 1_000_000));
        PollFd.set(pollFds, 0, fd, POLLIN);
        PollFd.set(pollFds, 1, wakeFd, POLLIN);
        int rc = C.poll(pollFds, 2, (int) waitMs);
        if (rc < 0 && rc != -Errno.EINTR.number()) {
          throw new NativeException("poll", -rc);
        }
        if (rc > 0 && PollFd.revents(pollFds, 1) != 0) {
          throw closed("recvmsg");
        }
      }
    } finally {
      rxLock.unlock();
      release();
    }
  }

  private long recv() {
    MsgHdr.setName(msg, name, SockAddrLl.SIZEOF);
    MsgHdr.setIov(msg, iov, 1);
    MsgHdr.setControl(msg, control, CONTROL_SIZE);
    MsgHdr.setFlags(msg, 0);
    // MSG_TRUNC: the result is the frame's real length even when the buffer is shorter
    return C.recvmsg(fd, msg, MSG_DONTWAIT | MSG_TRUNC);
  }

  private void fill(long n) {
    CaptureFrame f = frame;
    f.originalLength = (int) n;
    f.data = rxBuf.asSlice(0, Math.min(n, rxBuf.byteSize()));
    f.interfaceIndex = SockAddrLl.ifindex(name);
    f.protocol = SockAddrLl.protocol(name);
    f.packetType = SockAddrLl.pkttype(name);
    f.timestampNanos = 0;
    cursor.reset(control, MsgHdr.controlLength(msg));
    while (cursor.next()) {
      if (cursor.level() == SOL_SOCKET && cursor.type() == SCM_TIMESTAMPNS) {
        MemorySegment d = cursor.data();
        if (d.byteSize() >= Timespec.SIZEOF) {
          f.timestampNanos = Timespec.nanos(d, 0);
        }
      }
    }
  }

  /** Moves the frame to the next packet of the ring; false when no block is ready. */
  private boolean nextFromRing() {
    while (packetsLeft == 0) {
      if (blockHeld) {
        releaseBlock();
      }
      MemorySegment block = ring.asSlice((long) currentBlock * blockSize, blockSize);
      int status = TpacketV3.blockStatus(block);
      VarHandle.acquireFence(); // read the block only after seeing it is ours
      if ((status & TP_STATUS_USER) == 0) {
        return false;
      }
      blockHeld = true;
      packetsLeft = TpacketV3.blockPackets(block);
      packetOffset = (long) currentBlock * blockSize + TpacketV3.blockFirstPacket(block);
    }
    long off = packetOffset;
    CaptureFrame f = frame;
    int snap = TpacketV3.snapLength(ring, off);
    f.data = ring.asSlice(off + TpacketV3.macOffset(ring, off), snap);
    f.originalLength = TpacketV3.length(ring, off);
    f.timestampNanos = TpacketV3.timestampNanos(ring, off);
    MemorySegment sll = ring.asSlice(off + TpacketV3.HDR_SIZEOF, SockAddrLl.SIZEOF);
    f.interfaceIndex = SockAddrLl.ifindex(sll);
    f.protocol = SockAddrLl.protocol(sll);
    f.packetType = SockAddrLl.pkttype(sll);
    if (--packetsLeft > 0) {
      packetOffset = off + TpacketV3.nextOffset(ring, off);
    }
    return true;
  }

  private void releaseBlock() {
    VarHandle.fullFence(); // our reads of the block happen before the kernel may reuse it
    TpacketV3.setBlockStatus(ring.asSlice((long) currentBlock * blockSize, blockSize),
        TP_STATUS_KERNEL);
    blockHeld = false;
    currentBlock = (currentBlock + 1) % blocks;
  }

  /** Whether frames come through a TPACKET_V3 ring (see {@link Builder#ring(int, int)}). */
  public boolean usesRing() {
    return ring != null;
  }

  /**
   * The kernel's counters since the socket was opened (packets that passed the filter, and drops
   * for a full receive queue).
   */
  public CaptureStatistics statistics() {
    acquire("getsockopt");
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(PacketStats.SIZEOF, 4);
      MemorySegment len = a.allocateFrom(ValueLayout.JAVA_INT, PacketStats.SIZEOF);
      synchronized (statsLock) {
        NativeException.check("getsockopt(PACKET_STATISTICS)",
            C.getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, st, len));
        totalPackets += PacketStats.packets(st); // the kernel reset them: sum here
        totalDrops += PacketStats.drops(st);
        return new CaptureStatistics(totalPackets, totalDrops);
      }
    } finally {
      release();
    }
  }

  // ---- lifecycle ----

  private void acquire(String op) {
    if (!guard.enter()) {
      throw closed(op);
    }
  }

  private void release() {
    guard.leave();
  }

  private static NativeException closed(String op) {
    return new NativeException(op, Errno.EBADF, "the capture socket is closed");
  }

  public boolean isClosed() {
    return guard.isClosed();
  }

  /**
   * Closes the socket; a receive blocked in another thread returns (with EBADF) and the
   * descriptor is closed when it has left. Idempotent.
   */
  @Override
  public void close() {
    guard.close();
  }

  /** Run once by the guard, when closed and no call is in flight. */
  private void releaseResources() {
    if (ring != null) {
      C.munmap(ring, ring.byteSize());
    }
    C.close(fd);
    C.close(wakeFd);
    arena.close();
  }

  @Override
  public String toString() {
    return "PacketCaptureSocket[" + (interfaceName == null ? "all" : interfaceName) + ", " + mode
        + ", linktype " + linkType + (isClosed() ? ", closed" : "") + "]";
  }
}
