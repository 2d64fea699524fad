package io.icmpkit.cli.command;

import io.icmpkit.cli.InputException;
import io.icmpkit.cli.render.FrameRenderer;
import io.icmpkit.cli.render.JsonRenderer;
import io.icmpkit.cli.render.TextRenderer;
import io.icmpkit.pcap.dissect.Dissection;
import io.icmpkit.pcap.dissect.Dissector;
import io.icmpkit.pcap.io.CaptureReader;
import io.icmpkit.pcap.io.PcapFormatException;
import io.icmpkit.pcap.io.PcapReader;
import io.icmpkit.pcap.io.PcapRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code icmpkit decode}: print the ICMP, ICMPv6 and IGMP messages of pcap files. */
@Command(
    name = "decode",
    sortOptions = false,
    description = {
      "Decode the ICMP, ICMPv6 and IGMP messages of pcap files, one line per frame",
      "as tshark prints them.",
      "",
      "Examples:",
      "  icmpkit decode samples/icmp-sample.pcap",
      "  icmpkit decode -V -c 3 samples/icmp-sample.pcap",
      "  icmpkit decode --json samples/icmp-sample.pcap | jq -c '.quoted // empty'",
      "  tcpdump -U -w - icmp | icmpkit decode -",
      "",
    },
    footer = {
      "",
      "Frames are numbered from 1 in each file; the time column is seconds since the",
      "file's first frame.",
      "",
      "JSON Lines: one object per frame. Always present (null when not applicable):",
      "  frame, time (epoch seconds), ip_version, src, dst, protocol, type, code,",
      "  name, checksum_ok, fragment (boolean), malformed, anomalies (array), summary.",
      "Present only when they apply: id, seq, mtu, gateway, pointer, quoted",
      "  {src, dst, protocol, sport, dport}, extensions (array of objects).",
      "",
      "Link types: Ethernet (with VLAN tags), Linux cooked SLL/SLL2, raw IP,",
      "BSD loopback NULL/LOOP. pcapng is not supported yet.",
    })
public final class DecodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--json", description = "Print JSON Lines (one object per frame) instead of text.")
  boolean json;

  @Option(names = {"-V", "--verbose"}, description = "Print the field tree of each frame after its line (text mode).")
  boolean verbose;

  @Option(names = {"-c", "--count"}, paramLabel = "N", description = "Stop after N frames (over all files).")
  long count = Long.MAX_VALUE;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "pcap files; - reads standard input.")
  List<String> files;

  @Override
  public Integer call() throws IOException {
    if (count <= 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "-c must be positive, got " + count);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    FrameRenderer renderer = json ? new JsonRenderer(out) : new TextRenderer(out, verbose);
    long remaining = count;
    for (String file : files) {
      if (remaining == 0) {
        break;
      }
      remaining -= decodeFile(file, renderer, remaining, err);
      if (out.checkError()) { // closed pipe (| head): stop quietly
        break;
      }
    }
    renderer.flush();
    return 0;
  }

  private long decodeFile(String file, FrameRenderer renderer, long limit, PrintWriter err) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    try (CaptureReader reader = open(file)) {
      Dissector dissector;
      try {
        dissector = new Dissector(reader.linkType(), verbose && !json,
            reader instanceof PcapReader p && p.nanoResolution());
      } catch (PcapFormatException e) {
        throw new InputException(file + ": " + e.getMessage(), e);
      }
      long n = 0;
      long firstSec = 0;
      int firstNanos = 0;
      try {
        while (n < limit && reader.next()) {
          PcapRecord rec = reader.record();
          if (n == 0) {
            firstSec = rec.epochSeconds();
            firstNanos = rec.nanos();
          }
          Dissection d = dissector.dissect(rec);
          long relNanosTotal = (rec.epochSeconds() - firstSec) * 1_000_000_000L + (rec.nanos() - firstNanos);
          renderer.render(d, Math.floorDiv(relNanosTotal, 1_000_000_000L), (int) Math.floorMod(relNanosTotal, 1_000_000_000L));
          n++;
          if ((n & 1023) == 0 && out.checkError()) {
            return n;
          }
        }
      } catch (PcapFormatException e) {
        renderer.flush();
        throw new InputException(file + ": " + e.getMessage(), e);
      }
      if (reader.warning() != null) {
        renderer.flush();
        err.println("icmpkit decode: " + file + ": warning: " + reader.warning());
        err.flush();
      }
      return n;
    }
  }

  private static CaptureReader open(String file) {
    try {
      if (file.equals("-")) {
        return CaptureReader.open(System.in);
      }
      return CaptureReader.open(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new InputException(file + ": permission denied", e);
    } catch (PcapFormatException e) {
      throw new InputException(file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
