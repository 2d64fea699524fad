package io.icmpkit.cli.render;

import io.icmpkit.engine.trace.Hop;
import io.icmpkit.engine.trace.PathMtuEvent;
import io.icmpkit.engine.trace.PathMtuResult;
import io.icmpkit.engine.trace.ProbeReply;
import io.icmpkit.wire.ext.ExtensionObject;
import io.icmpkit.wire.ext.IcmpExtensions;
import io.icmpkit.wire.ext.MplsLabelStack;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Text lines in the form of Linux traceroute 2.1.2 ({@code print_probe}) and iputils tracepath
 * 20221126 ({@code recverr}), with the names already resolved by the caller's {@code name}
 * function (null: numeric).
 */
public final class TraceFormat {
  /** tracepath's HOST_COLUMN_SIZE. */
  static final int HOST_COLUMN = 52;

  private TraceFormat() {}

  /** {@code traceroute to H (A), N hops max, L byte packets}. */
  public static String tracerouteHeader(String host, InetAddress address, int maxHops, int length) {
    return "traceroute to " + host + " (" + PingFormat.ntop(address) + "), " + maxHops
        + " hops max, " + length + " byte packets";
  }

  /**
   * One hop line of traceroute (without the newline).
   *
   * @param name reverse lookup, or null for {@code -n}
   * @param extensions {@code -e}
   * @param back {@code --back}
   */
  public static String tracerouteHop(Hop hop, Function<InetAddress, String> name,
      boolean extensions, boolean back) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%2d ", hop.ttl()));
    var probes = hop.probes();
    for (int np = 0; np < probes.size(); np++) {
      ProbeReply pb = probes.get(np);
      if (pb.responder() == null) {
        sb.append(" *");
        continue;
      }
      boolean prn = np == 0;
      if (np > 0) {
        int k = np - 1;
        while (k >= 0 && probes.get(k).responder() == null) {
          k--;
        }
        if (k < 0) {
          prn = true;
        } else {
          ProbeReply p = probes.get(k);
          String e1 = extensions ? extensionText(p.extensions()) : null;
          String e2 = extensions ? extensionText(pb.extensions()) : null;
          prn = !p.responder().equals(pb.responder()) || !Objects.equals(e1, e2)
              || back && p.replyTtl() != pb.replyTtl();
        }
      }
      if (prn) {
        String a = PingFormat.ntop(pb.responder());
        if (name != null) {
          sb.append(' ').append(name.apply(pb.responder())).append(" (").append(a).append(')');
        } else {
          sb.append(' ').append(a);
        }
        String ext = extensions ? extensionText(pb.extensions()) : null;
        if (ext != null) {
          sb.append(" <").append(ext).append('>');
        }
        if (back && pb.replyTtl() > 0 && pb.backHops() != hop.ttl()) {
          sb.append(" '-").append(pb.backHops()).append('\'');
        }
      }
      sb.append(String.format(Locale.ROOT, "  %.3f ms", pb.rttNanos() / 1e6));
      if (!pb.flag().isEmpty()) {
        sb.append(' ').append(pb.flag());
      } else if (pb.mtu() > 0) {
        sb.append(" F=").append(pb.mtu());
      }
    }
    return sb.toString();
  }

  /**
   * RFC 4884 extensions as traceroute {@code -e} shows them: {@code MPLS:L=label,E=exp,S=bos,T=ttl}
   * per label stack entry ({@code /} between entries), other objects as {@code class/ctype}; null
   * when there are none.
   */
  public static String extensionText(IcmpExtensions ext) {
    if (ext == null || ext.objects().isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (ExtensionObject o : ext.objects()) {
      if (!sb.isEmpty()) {
        sb.append(';');
      }
      if (o instanceof MplsLabelStack m) {
        sb.append("MPLS:");
        for (int i = 0; i < m.entries().size(); i++) {
          MplsLabelStack.Entry e = m.entries().get(i);
          if (i > 0) {
            sb.append('/');
          }
          sb.append("L=").append(e.label()).append(",E=").append(e.trafficClass())
              .append(",S=").append(e.bottomOfStack() ? 1 : 0).append(",T=").append(e.ttl());
        }
      } else {
        sb.append(o.classNum()).append('/').append(o.cType());
      }
    }
    return sb.toString();
  }

  /**
   * One line of tracepath for {@code event} (without the newline).
   *
   * @param name reverse lookup (null when unknown: {@code ???}), or null for {@code -n}
   * @param both {@code -b}: name and address
   */
  public static String tracepathLine(PathMtuEvent event, Function<InetAddress, String> name,
      boolean both) {
    return switch (event) {
      case PathMtuEvent.LocalMtu l -> String.format(Locale.ROOT, "%2d?: %-32s ", l.ttl(), "[LOCALHOST]")
          + time(l.rttNanos()) + "pmtu " + l.mtu();
      case PathMtuEvent.NoReply n -> String.format(Locale.ROOT, "%2d:  no reply", n.ttl());
      case PathMtuEvent.SendFailed f -> String.format(Locale.ROOT, "%2d:  send failed", f.ttl());
      case PathMtuEvent.Reply r -> reply(r, name, both);
    };
  }

  private static String reply(PathMtuEvent.Reply r, Function<InetAddress, String> name,
      boolean both) {
    StringBuilder sb = new StringBuilder();
    sb.append(r.sentTtl() > 0 ? String.format(Locale.ROOT, "%2d:  ", r.sentTtl())
        : String.format(Locale.ROOT, "%2d?: ", r.ttl()));
    String addr = r.responder() == null ? "???" : PingFormat.ntop(r.responder());
    String host;
    if (name == null && !both) {
      host = addr;
    } else {
      String n = name == null || r.responder() == null ? null : name.apply(r.responder());
      host = n == null ? "???" : n;
      if (both) {
        host += " (" + addr + ")";
      }
    }
    sb.append(host);
    int plen = Math.min(host.length(), HOST_COLUMN - 1);
    sb.append(" ".repeat(HOST_COLUMN - plen));
    sb.append(time(r.rttNanos()));
    int back = r.backHops();
    // tracepath shows the asymmetry on time exceeded only
    if (r.outcome() == PathMtuEvent.Outcome.HOP && back >= 0
        && (r.sentTtl() >= 0 ? back != r.sentTtl() : back != r.ttl())) {
      sb.append(String.format(Locale.ROOT, "asymm %2d ", back));
    }
    sb.append(switch (r.outcome()) {
      case HOP, OTHER -> "";
      case PMTU -> "pmtu " + r.mtu();
      case REACHED -> "reached";
      case HOST_UNREACHABLE -> "!H";
      case NET_UNREACHABLE -> "!N";
      case PROTOCOL -> "!P";
      case PROHIBITED -> "!A";
    });
    return sb.toString();
  }

  private static String time(long nanos) {
    if (nanos < 0) {
      return "";
    }
    long us = nanos / 1000;
    return String.format(Locale.ROOT, "%3d.%03dms ", us / 1000, us % 1000);
  }

  /** The last lines of tracepath: {@code Too many hops} (when so) and {@code Resume}. */
  public static String tracepathEnd(PathMtuResult r) {
    StringBuilder sb = new StringBuilder();
    if (r.tooManyHops()) {
      sb.append("     Too many hops: pmtu ").append(r.pmtu()).append('\n');
    }
    sb.append("     Resume: pmtu ").append(r.pmtu()).append(' ');
    if (r.hopsTo() >= 0) {
      sb.append("hops ").append(r.hopsTo()).append(' ');
    }
    if (r.hopsBack() >= 0) {
      sb.append("back ").append(r.hopsBack()).append(' ');
    }
    return sb.toString();
  }
}
