package io.icmpkit.nativeio.lib;

/**
 * Linux constants (x86-64 / aarch64 glibc and kernel UAPI values), grouped as in the headers they
 * come from. Checked against the headers with a C program when written; tests pin a few.
 */
public final class Linux {
  private Linux() {}

  // <sys/socket.h>, <linux/socket.h>
  public static final int AF_UNSPEC = 0;
  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;
  public static final int AF_PACKET = 17;
  public static final int SOCK_STREAM = 1;
  public static final int SOCK_DGRAM = 2;
  public static final int SOCK_RAW = 3;
  public static final int SOCK_NONBLOCK = 0x800;
  public static final int SOCK_CLOEXEC = 0x80000;
  public static final int SOL_SOCKET = 1;
  public static final int SOL_RAW = 255;
  public static final int SHUT_RD = 0;
  public static final int SHUT_WR = 1;
  public static final int SHUT_RDWR = 2;

  // <asm-generic/socket.h>
  public static final int SO_REUSEADDR = 2;
  public static final int SO_TYPE = 3;
  public static final int SO_ERROR = 4;
  public static final int SO_SNDBUF = 7;
  public static final int SO_RCVBUF = 8;
  public static final int SO_BINDTODEVICE = 25;
  public static final int SO_TIMESTAMPNS = 35; // SO_TIMESTAMPNS_OLD on 64-bit
  public static final int SCM_TIMESTAMPNS = SO_TIMESTAMPNS;
  public static final int SO_MARK = 36;
  public static final int SO_TIMESTAMPING = 37; // SO_TIMESTAMPING_OLD on 64-bit
  public static final int SCM_TIMESTAMPING = SO_TIMESTAMPING;
  public static final int SO_PROTOCOL = 38;

  // <linux/net_tstamp.h>
  public static final int SOF_TIMESTAMPING_TX_HARDWARE = 1;
  public static final int SOF_TIMESTAMPING_TX_SOFTWARE = 1 << 1;
  public static final int SOF_TIMESTAMPING_RX_HARDWARE = 1 << 2;
  public static final int SOF_TIMESTAMPING_RX_SOFTWARE = 1 << 3;
  public static final int SOF_TIMESTAMPING_SOFTWARE = 1 << 4;
  public static final int SOF_TIMESTAMPING_OPT_ID = 1 << 7;
  public static final int SOF_TIMESTAMPING_OPT_CMSG = 1 << 10;
  public static final int SOF_TIMESTAMPING_OPT_TSONLY = 1 << 11;

  // <bits/socket.h> message flags
  public static final int MSG_CTRUNC = 0x08;
  public static final int MSG_TRUNC = 0x20;
  public static final int MSG_DONTWAIT = 0x40;
  public static final int MSG_ERRQUEUE = 0x2000;

  // <netinet/in.h> protocols
  public static final int IPPROTO_IP = 0;
  public static final int IPPROTO_ICMP = 1;
  public static final int IPPROTO_TCP = 6;
  public static final int IPPROTO_UDP = 17;
  public static final int IPPROTO_IPV6 = 41;
  public static final int IPPROTO_ICMPV6 = 58;

  // <linux/in.h> IPPROTO_IP level options
  public static final int IP_TOS = 1;
  public static final int IP_TTL = 2;
  public static final int IP_PKTINFO = 8;
  public static final int IP_MTU_DISCOVER = 10;
  public static final int IP_RECVERR = 11;
  public static final int IP_RECVTTL = 12;
  public static final int IP_RECVTOS = 13;
  public static final int IP_MTU = 14;
  public static final int IP_RECVERR_RFC4884 = 26;
  public static final int IP_MULTICAST_TTL = 33;
  public static final int IP_MULTICAST_LOOP = 34;
  public static final int IP_PMTUDISC_DONT = 0;
  public static final int IP_PMTUDISC_WANT = 1;
  public static final int IP_PMTUDISC_DO = 2;
  public static final int IP_PMTUDISC_PROBE = 3;
  /** Control message type carrying the received TTL (an {@code int}). */
  public static final int IP_TTL_CMSG = IP_TTL;

  // <linux/in6.h> IPPROTO_IPV6 level options
  public static final int IPV6_CHECKSUM = 7;
  public static final int IPV6_FLOWINFO = 11;
  public static final int IPV6_UNICAST_HOPS = 16;
  public static final int IPV6_MULTICAST_HOPS = 18;
  public static final int IPV6_MULTICAST_LOOP = 19;
  public static final int IPV6_MTU_DISCOVER = 23;
  public static final int IPV6_MTU = 24;
  public static final int IPV6_RECVERR = 25;
  public static final int IPV6_V6ONLY = 26;
  public static final int IPV6_RECVERR_RFC4884 = 31;
  public static final int IPV6_FLOWLABEL_MGR = 32;
  public static final int IPV6_FLOWINFO_SEND = 33;
  public static final int IPV6_RECVPKTINFO = 49;
  public static final int IPV6_PKTINFO = 50;
  public static final int IPV6_RECVHOPLIMIT = 51;
  public static final int IPV6_HOPLIMIT = 52;
  public static final int IPV6_RECVTCLASS = 66;
  public static final int IPV6_TCLASS = 67;
  public static final int IPV6_PMTUDISC_DONT = 0;
  public static final int IPV6_PMTUDISC_WANT = 1;
  public static final int IPV6_PMTUDISC_DO = 2;
  public static final int IPV6_PMTUDISC_PROBE = 3;
  public static final int IPV6_FL_A_GET = 0;
  public static final int IPV6_FL_A_PUT = 1;
  public static final int IPV6_FL_F_CREATE = 1;
  public static final int IPV6_FL_S_EXCL = 1;
  public static final int IPV6_FL_S_ANY = 255;

  // <linux/icmp.h>, <netinet/icmp6.h>
  /** SOL_RAW option on raw ICMPv4 sockets: a 32-bit mask of ICMP types to <em>drop</em>. */
  public static final int ICMP_FILTER = 1;
  /** IPPROTO_ICMPV6 option on raw ICMPv6 sockets: 256-bit mask of types to block. */
  public static final int ICMP6_FILTER = 1;

  // <linux/errqueue.h>
  public static final int SO_EE_ORIGIN_NONE = 0;
  public static final int SO_EE_ORIGIN_LOCAL = 1;
  public static final int SO_EE_ORIGIN_ICMP = 2;
  public static final int SO_EE_ORIGIN_ICMP6 = 3;
  public static final int SO_EE_ORIGIN_TXSTATUS = 4;
  public static final int SO_EE_ORIGIN_TIMESTAMPING = SO_EE_ORIGIN_TXSTATUS;
  public static final int SO_EE_ORIGIN_ZEROCOPY = 5;
  public static final int SO_EE_ORIGIN_TXTIME = 6;
  public static final int SO_EE_RFC4884_FLAG_INVALID = 1;

  // <poll.h>
  public static final short POLLIN = 0x001;
  public static final short POLLPRI = 0x002;
  public static final short POLLOUT = 0x004;
  public static final short POLLERR = 0x008;
  public static final short POLLHUP = 0x010;
  public static final short POLLNVAL = 0x020;

  // <fcntl.h>
  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 1;
  public static final int O_RDWR = 2;
  public static final int O_NONBLOCK = 0x800;
  public static final int O_CLOEXEC = 0x80000;
  public static final int F_GETFD = 1;
  public static final int F_SETFD = 2;
  public static final int F_GETFL = 3;
  public static final int F_SETFL = 4;
  public static final int FD_CLOEXEC = 1;

  // <sched.h>, <sys/eventfd.h>
  public static final int CLONE_NEWNET = 0x40000000;
  public static final int EFD_NONBLOCK = 0x800;
  public static final int EFD_CLOEXEC = 0x80000;

  // <net/if.h>, <linux/sockios.h>, <linux/if_tun.h>
  public static final int IFNAMSIZ = 16;
  public static final int IFF_UP = 0x1;
  public static final long SIOCGIFFLAGS = 0x8913;
  public static final long SIOCSIFFLAGS = 0x8914;
  public static final long SIOCGIFMTU = 0x8921;
  public static final long SIOCGIFINDEX = 0x8933;
  public static final long TUNSETIFF = 0x400454caL;
  public static final short IFF_TUN = 0x0001;
  public static final short IFF_TAP = 0x0002;
  public static final short IFF_MULTI_QUEUE = 0x0100;
  public static final short IFF_NO_PI = 0x1000;

  // <sys/epoll.h>
  public static final int EPOLL_CLOEXEC = 0x80000;
  public static final int EPOLL_CTL_ADD = 1;
  public static final int EPOLL_CTL_DEL = 2;
  public static final int EPOLL_CTL_MOD = 3;
  public static final int EPOLLIN = 0x001;
  public static final int EPOLLPRI = 0x002;
  public static final int EPOLLOUT = 0x004;
  public static final int EPOLLERR = 0x008;
  public static final int EPOLLHUP = 0x010;
  public static final int EPOLLRDHUP = 0x2000;
  public static final int EPOLLONESHOT = 1 << 30;
  public static final int EPOLLET = 1 << 31;

  // <linux/if_packet.h>, <linux/if_ether.h>, <linux/if_arp.h>: AF_PACKET capture
  public static final int SOL_PACKET = 263;
  public static final int PACKET_ADD_MEMBERSHIP = 1;
  public static final int PACKET_DROP_MEMBERSHIP = 2;
  public static final int PACKET_STATISTICS = 6;
  public static final int PACKET_AUXDATA = 8;
  public static final int PACKET_VERSION = 10;
  public static final int PACKET_IGNORE_OUTGOING = 23;
  public static final int PACKET_MR_PROMISC = 1;
  public static final int PACKET_HOST = 0;
  public static final int PACKET_BROADCAST = 1;
  public static final int PACKET_MULTICAST = 2;
  public static final int PACKET_OTHERHOST = 3;
  public static final int PACKET_OUTGOING = 4;
  public static final int ETH_P_ALL = 0x0003;
  public static final int ETH_P_IP = 0x0800;
  public static final int ETH_P_IPV6 = 0x86DD;
  public static final int ARPHRD_ETHER = 1;
  public static final int ARPHRD_LOOPBACK = 772;
  public static final int ARPHRD_NONE = 0xFFFE;
  public static final long SIOCGIFHWADDR = 0x8927;
  public static final long TUNGETIFF = 0x800454d2L;

  // <asm-generic/socket.h>, <linux/filter.h>: classic BPF socket filters
  public static final int SO_ATTACH_FILTER = 26;
  public static final int SO_DETACH_FILTER = 27;
  public static final int SO_LOCK_FILTER = 44;
  /** SO_RCVBUF beyond {@code net.core.rmem_max} (needs CAP_NET_ADMIN). */
  public static final int SO_RCVBUFFORCE = 33;

  // <linux/if_packet.h> TPACKET_V3 receive ring, <sys/mman.h>
  public static final int PACKET_RX_RING = 5;
  public static final int TPACKET_V3 = 2;
  public static final int TP_STATUS_KERNEL = 0;
  public static final int TP_STATUS_USER = 1;
  public static final int PROT_READ = 0x1;
  public static final int PROT_WRITE = 0x2;
  public static final int MAP_SHARED = 0x01;
  /** Maximum number of instructions of a classic BPF program ({@code BPF_MAXINSNS}). */
  public static final int BPF_MAXINSNS = 4096;
}
