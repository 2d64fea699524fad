/**
 * JMH benchmarks of icmpkit's hot paths: the RFC 1071 checksum in GB/s over heap and native
 * segments, and decode + checksum verification of a realistic packet mix with icmpkit views
 * against pcap4j on the same bytes. {@link io.icmpkit.bench.Compare} runs them and prints the
 * figures side by side; docs/BENCHMARKS.md records the results and commands.
 *
 * @see <a href="https://github.com/openjdk/jmh">JMH</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1071">RFC 1071</a>
 */
package io.icmpkit.bench;
