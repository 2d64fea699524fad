package io.icmpkit.engine.trace;

import java.net.InetAddress;

/**
 * A step of path MTU discovery: the probe size came down to {@code mtu} because {@code reporter}
 * said so (fragmentation needed / packet too big, RFC 1191 / RFC 8201), or, when {@code reporter}
 * is null, because the local kernel refused the larger size (EMSGSIZE: interface or cached MTU).
 *
 * @param mtu the new path MTU
 * @param reporter the router that reported it, null for the local host
 */
public record MtuChange(int mtu, InetAddress reporter) {}
