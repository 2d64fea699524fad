package io.icmpkit.engine.trace;

/**
 * The end of a {@link PathMtuTracer} run.
 *
 * @param pmtu the path MTU found
 * @param hopsTo hops to the destination, -1 when not reached
 * @param hopsBack hops back guessed from the TTL of the destination's answer, -1 when unknown
 * @param reached whether the destination answered
 * @param tooManyHops the maximum TTL was reached first
 */
public record PathMtuResult(int pmtu, int hopsTo, int hopsBack, boolean reached,
    boolean tooManyHops) {}
