/**
 * The I/O model of icmpkit's sockets: one {@link io.icmpkit.socket.poll.Poller} thread per engine
 * waits in {@code epoll_wait(2)} on non-blocking descriptors and runs their handlers; {@link
 * io.icmpkit.socket.poll.AsyncIcmpSocket} puts an asynchronous API ({@code CompletableFuture}s or a
 * listener per datagram) on an {@link io.icmpkit.socket.IcmpSocket}. The only blocking native call
 * runs on that platform thread, never on a virtual thread, because a virtual thread inside a
 * foreign downcall pins its carrier for the whole wait.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/epoll.7.html">epoll(7)</a>
 * @see <a href="https://openjdk.org/jeps/444">JEP 444: Virtual Threads (pinning)</a>
 */
package io.icmpkit.socket.poll;
