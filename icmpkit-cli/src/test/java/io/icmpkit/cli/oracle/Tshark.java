package io.icmpkit.cli.oracle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the tshark binary found on {@code PATH}. Preferences used for every run: no IPv4/IPv6
 * reassembly (each packet stands alone, as in icmpkit's per-packet decoder), IPv4 header checksum
 * validation on (tshark's default is off), no name resolution.
 */
public final class Tshark {

    /** Preferences shared by every invocation; see the class comment. */
    public static final List<String> PREFERENCES = List.of(
            "-n",
            "-o", "ip.defragment:FALSE",
            "-o", "ipv6.defragment:FALSE",
            "-o", "ip.check_checksum:TRUE");

    private final Path executable;

    private Tshark(Path executable) {
        this.executable = executable;
    }

    /** The tshark on PATH (or in $TSHARK), if any. */
    public static Optional<Tshark> find() {
        String explicit = System.getenv("TSHARK");
        if (explicit != null && Files.isExecutable(Path.of(explicit))) {
            return Optional.of(new Tshark(Path.of(explicit)));
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "tshark");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new Tshark(candidate));
            }
        }
        return Optional.empty();
    }

    public Path executable() {
        return executable;
    }

    /** First line of {@code tshark --version}. */
    public String version() {
        return run(List.of("--version")).lines().findFirst().orElse("tshark (unknown version)");
    }

    /** Full dissection of {@code pcap} as tshark's JSON (an array of packets), duplicate keys merged. */
    public String json(Path pcap) {
        List<String> args = new ArrayList<>(PREFERENCES);
        args.addAll(List.of("-r", pcap.toString(), "-T", "json", "--no-duplicate-keys"));
        return run(args);
    }

    /** One "frame TAB info" line per packet: tshark's Info column. */
    public String infoColumn(Path pcap) {
        List<String> args = new ArrayList<>(PREFERENCES);
        args.addAll(List.of("-r", pcap.toString(), "-T", "fields", "-E", "separator=/t",
                "-e", "frame.number", "-e", "_ws.col.Info"));
        return run(args);
    }

    private String run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            byte[] stdout = readAll(process.getInputStream());
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("tshark did not finish in 120 s: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("tshark exited with " + process.exitValue() + ": " + command + "\n"
                        + new String(stderr.join(), StandardCharsets.UTF_8));
            }
            return new String(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
