/**
 * Implementation pieces shared by the socket packages ({@code io.icmpkit.socket}, {@code .capture},
 * {@code .tun}); not API: nothing here is meant for callers and it may change without notice.
 */
package io.icmpkit.socket.internal;
