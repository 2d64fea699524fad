/**
 * One thin class per {@code icmpkit} subcommand: parse options, call the library, render.
 */
package io.icmpkit.cli.command;
