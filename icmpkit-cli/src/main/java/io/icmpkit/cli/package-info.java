/**
 * The {@code icmpkit} command line: {@link io.icmpkit.cli.Main} (entry point, also callable from
 * tests through {@link io.icmpkit.cli.Main#run}), the root command, the exit-code table and the one
 * place where exceptions become exit codes ({@link io.icmpkit.cli.ExceptionMapper}). Subcommands
 * live in {@code io.icmpkit.cli.command} and stay thin: parse, call a library, render.
 *
 * @see <a href="https://picocli.info/">picocli</a>
 */
package io.icmpkit.cli;
