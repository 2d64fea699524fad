package io.icmpkit.cli.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Reduces tshark's {@code -T json --no-duplicate-keys} output to {@link OracleRow}s.
 *
 * <p>The JSON tree keeps outer and quoted headers apart: an error's quoted IP header and transport
 * header are objects nested <em>inside</em> the {@code icmp}/{@code icmpv6} layer, so the outer
 * values are the top-level ones. Rules (each one is a decision about what tshark means):
 * <ul>
 * <li>protocol: IPv4 {@code ip.proto}; IPv6 the last {@code *.nxt} of the extension-header chain.
 * <li>checksum_ok: {@code *.checksum.status} 1 → true, 0 → false, 2 (unverified, e.g. a fragment or a
 *     snaplen-cut packet) → null. When tshark shows the ICMP/IGMP layer but no status at all (it gave
 *     up before the checksum, or does not check that IGMP type) the field is not compared.
 * <li>id/seq: ICMPv4 {@code icmp.ident}/{@code icmp.seq} (big-endian variants), ICMPv6
 *     {@code icmpv6.echo.*}; RFC 8335 extended echo: the 8-bit {@code *.ext.echo.seq}.
 * <li>quoted ports: only when the quoted header's protocol is UDP, TCP, SCTP or DCCP and tshark
 *     dissected that header (not for a quoted non-first fragment).
 * <li>malformed: {@code _ws.malformed} present, or any expert item of severity Error outside the
 *     Checksum group (tshark's "Bogus IP header length", "IPv4 total length exceeds packet
 *     length", "Invalid option length (Zero)" ...). {@code _ws.short} (the capture's snaplen cut the
 *     packet: "[Packet size limited during capture]") is not malformed. It is compared with
 *     icmpkit's own {@code malformed} field, not with its anomaly list: the dissector sets
 *     {@code malformed} when a layer is rejected or when fields promise bytes the packet does not
 *     have (ipv4/ipv6_trunc_pkt, icmp_truncated, icmp_routeradvert_truncated, nd_opt_truncated,
 *     nd_bad_opt_offset, igmp_truncated) unless the frame's caplen is below its wire length; the
 *     anomalies still record every truncation.
 * <li>gateway: ICMPv4 {@code icmp.redir_gw}; NDP Redirect {@code icmpv6.nd.rd.target_address}.
 * <li>IGMP has no code field: {@code code} is not compared for IGMP packets.
 * </ul>
 */
public final class TsharkReader {

    private static final long SEVERITY_ERROR = 0x00800000L;
    private static final long GROUP_CHECKSUM = 0x01000000L;
    private static final Set<String> PORT_PROTOCOLS = Set.of("17", "6", "132", "33");

    private TsharkReader() {
    }

    public static List<OracleRow> read(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("tshark JSON does not parse", e);
        }
        List<OracleRow> rows = new ArrayList<>();
        for (JsonNode packet : root) {
            rows.add(row(packet.path("_source").path("layers")));
        }
        return rows;
    }

    /** frame number → Info column, from {@link Tshark#infoColumn}. */
    public static Map<Integer, String> infoColumn(String text) {
        Map<Integer, String> info = new TreeMap<>();
        text.lines().forEach(line -> {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                info.put(Integer.parseInt(line.substring(0, tab)), line.substring(tab + 1));
            }
        });
        return info;
    }

    static OracleRow row(JsonNode layers) {
        int frame = Integer.parseInt(text(layer(layers, "frame"), "frame.number"));
        Map<String, String> f = new LinkedHashMap<>();
        Set<String> notCompared = new HashSet<>();
        JsonNode ip = layer(layers, "ip");
        JsonNode ipv6 = layer(layers, "ipv6");
        if (ip != null) {
            f.put("ip_version", text(ip, "ip.version"));
            f.put("src", text(ip, "ip.src"));
            f.put("dst", text(ip, "ip.dst"));
            f.put("protocol", text(ip, "ip.proto"));
        } else if (ipv6 != null) {
            f.put("ip_version", text(ipv6, "ipv6.version"));
            f.put("src", text(ipv6, "ipv6.src"));
            f.put("dst", text(ipv6, "ipv6.dst"));
            f.put("protocol", lastNextHeader(ipv6));
        }
        JsonNode icmp = layer(layers, "icmp");
        JsonNode icmpv6 = layer(layers, "icmpv6");
        JsonNode igmp = layer(layers, "igmp");
        String status = null;
        if (icmp != null && ip != null) {
            status = text(icmp, "icmp.checksum.status");
            f.put("type", text(icmp, "icmp.type"));
            f.put("code", text(icmp, "icmp.code"));
            f.put("checksum_ok", checksumStatus(status));
            f.put("id", text(icmp, "icmp.ident"));
            f.put("seq", firstNonNull(text(icmp, "icmp.seq"), text(icmp, "icmp.ext.echo.seq")));
            f.put("mtu", text(icmp, "icmp.mtu"));
            f.put("gateway", text(icmp, "icmp.redir_gw"));
            f.put("pointer", text(icmp, "icmp.pointer"));
            quoted(f, icmp);
        } else if (icmpv6 != null && ipv6 != null) {
            status = text(icmpv6, "icmpv6.checksum.status");
            f.put("type", text(icmpv6, "icmpv6.type"));
            f.put("code", text(icmpv6, "icmpv6.code"));
            f.put("checksum_ok", checksumStatus(status));
            f.put("id", text(icmpv6, "icmpv6.echo.identifier"));
            f.put("seq", firstNonNull(text(icmpv6, "icmpv6.echo.sequence_number"), text(icmpv6, "icmpv6.ext.echo.seq")));
            f.put("mtu", text(icmpv6, "icmpv6.mtu"));
            f.put("pointer", text(icmpv6, "icmpv6.pointer"));
            // NDP Redirect's target is the better first hop: the role of ICMPv4 Redirect's gateway.
            f.put("gateway", text(icmpv6, "icmpv6.nd.rd.target_address"));
            quoted(f, icmpv6);
        } else if (igmp != null) {
            status = text(igmp, "igmp.checksum.status");
            f.put("type", text(igmp, "igmp.type"));
            f.put("checksum_ok", checksumStatus(status));
            notCompared.add("code");
        }
        if (f.containsKey("type") && status == null) {
            notCompared.add("checksum_ok");
        }
        f.put("malformed", Boolean.toString(malformed(layers)));
        Map<String, String> normalised = new LinkedHashMap<>();
        for (String field : OracleRow.FIELDS) {
            normalised.put(field, OracleRow.normalise(field, f.get(field)));
        }
        return new OracleRow(frame, normalised, notCompared);
    }

    private static void quoted(Map<String, String> f, JsonNode icmpLayer) {
        JsonNode qip = first(icmpLayer.get("ip"));
        JsonNode qip6 = first(icmpLayer.get("ipv6"));
        String protocol;
        // An ICMPv4 error quotes an IPv4 header and an ICMPv6 error an IPv6 header; the other family
        // nested inside is the quoted packet's payload (6in4, 4in6), not the quote.
        boolean v6 = icmpLayer.has("icmpv6.type");
        if (!v6 && qip != null) {
            f.put("quoted.src", text(qip, "ip.src"));
            f.put("quoted.dst", text(qip, "ip.dst"));
            protocol = text(qip, "ip.proto");
        } else if (v6 && qip6 != null) {
            f.put("quoted.src", text(qip6, "ipv6.src"));
            f.put("quoted.dst", text(qip6, "ipv6.dst"));
            protocol = lastNextHeader(qip6);
        } else {
            return;
        }
        f.put("quoted.protocol", protocol);
        if (protocol != null && PORT_PROTOCOLS.contains(OracleRow.number(protocol))) {
            String name = switch (OracleRow.number(protocol)) {
                case "17" -> "udp";
                case "6" -> "tcp";
                case "132" -> "sctp";
                default -> "dccp";
            };
            JsonNode transport = first(icmpLayer.get(name));
            if (transport != null) {
                f.put("quoted.sport", text(transport, name + ".srcport"));
                f.put("quoted.dport", text(transport, name + ".dstport"));
            }
        }
    }

    /** The upper-layer protocol of an IPv6 header: the last Next Header value along its chain. */
    private static String lastNextHeader(JsonNode ipv6) {
        List<String> values = new ArrayList<>();
        collect(ipv6, key -> key.endsWith(".nxt"), values);
        return values.isEmpty() ? null : values.getLast();
    }

    private static void collect(JsonNode node, Predicate<String> key, List<String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (key.test(e.getKey()) && e.getValue().isValueNode()) {
                    out.add(e.getValue().asText());
                } else if (e.getKey().startsWith("ipv6.")) { // extension headers only, not quoted layers
                    collect(e.getValue(), key, out);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, key, out);
            }
        }
    }

    private static boolean malformed(JsonNode layers) {
        if (layers.has("_ws.malformed")) {
            return true;
        }
        List<JsonNode> experts = new ArrayList<>();
        experts(layers, experts);
        for (JsonNode expert : experts) {
            long severity = parseLong(expert.path("_ws.expert.severity").asText("0"));
            long group = parseLong(expert.path("_ws.expert.group").asText("0"));
            if (severity == SEVERITY_ERROR && group != GROUP_CHECKSUM) {
                return true;
            }
        }
        return false;
    }

    private static void experts(JsonNode node, List<JsonNode> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equals("_ws.expert")) {
                    if (e.getValue().isArray()) {
                        e.getValue().forEach(out::add);
                    } else {
                        out.add(e.getValue());
                    }
                } else {
                    experts(e.getValue(), out);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                experts(element, out);
            }
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String checksumStatus(String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "1" -> "true";
            case "0" -> "false";
            default -> null;
        };
    }

    /** A top-level layer; with merged duplicate keys a repeated layer is an array: take the first. */
    private static JsonNode layer(JsonNode layers, String name) {
        return first(layers.get(name));
    }

    private static JsonNode first(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            return node.isEmpty() ? null : node.get(0);
        }
        return node.isObject() ? node : null;
    }

    private static String text(JsonNode layer, String field) {
        if (layer == null) {
            return null;
        }
        JsonNode value = layer.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            value = value.isEmpty() ? null : value.get(0);
        }
        return value == null || !value.isValueNode() ? null : value.asText();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
