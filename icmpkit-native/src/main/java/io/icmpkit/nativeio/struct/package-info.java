/**
 * C struct layouts with typed static accessors over {@link java.lang.foreign.MemorySegment}s:
 * sockaddr_in/in6, msghdr, iovec, cmsghdr (bounded cursor), sock_extended_err (+ offender, RFC
 * 4884 fields), in_pktinfo/in6_pktinfo, timespec, ifreq, pollfd. Offsets are the x86-64/aarch64
 * (LP64) ones, checked against the C headers; accessors allocate nothing except where they return
 * Java objects (addresses, strings).
 */
package io.icmpkit.nativeio.struct;
