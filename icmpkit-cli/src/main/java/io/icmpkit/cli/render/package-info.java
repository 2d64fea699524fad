/**
 * Renderers of dissected frames: the tshark-style text line ({@link io.icmpkit.cli.render.TextRenderer})
 * and JSON Lines ({@link io.icmpkit.cli.render.JsonRenderer}, streaming through jackson-core). Both
 * write to a caller-owned {@link java.io.Writer} and allocate little per frame.
 */
package io.icmpkit.cli.render;
