/**
 * Helpers shared by the engine's packages ({@code ping}, {@code trace}): {@link
 * io.icmpkit.engine.RxStampGate} makes sure the kernel's receive timestamps ({@code SO_TIMESTAMPNS},
 * see Linux {@code Documentation/networking/timestamping.rst}) are real before the first probe is
 * timed with them.
 */
package io.icmpkit.engine;
