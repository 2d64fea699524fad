package io.icmpkit.cli.oracle;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One packet as seen by one decoder (icmpkit or tshark), reduced to the compared fields with
 * normalised text values; {@code null} means "the decoder reports no such field".
 *
 * <p>Normalisation makes the comparison about meaning, not spelling: numbers in decimal (tshark
 * writes some in hex), addresses parsed and re-printed, IP protocols as {@code icmp}/{@code icmpv6}/
 * {@code igmp} or a decimal number.
 */
public record OracleRow(int frame, Map<String, String> fields, Set<String> notCompared, Map<String, String> notes) {

    /** Compared fields, in table order; {@code quoted.*} are the header fields of an error's quote. */
    public static final List<String> FIELDS = List.of(
            "ip_version", "src", "dst", "protocol",
            "type", "code", "checksum_ok", "id", "seq", "mtu", "gateway", "pointer",
            "quoted.src", "quoted.dst", "quoted.protocol", "quoted.sport", "quoted.dport",
            "malformed");

    private static final Set<String> ADDRESS_FIELDS = Set.of("src", "dst", "gateway", "quoted.src", "quoted.dst");
    private static final Set<String> PROTOCOL_FIELDS = Set.of("protocol", "quoted.protocol");

    public OracleRow {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        notCompared = Collections.unmodifiableSet(new TreeSet<>(notCompared));
        notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
    }

    public OracleRow(int frame, Map<String, String> fields, Set<String> notCompared) {
        this(frame, fields, notCompared, Map.of());
    }

    /** The value as shown in a mismatch table: {@code -} for absent, plus the decoder's note if any. */
    public String display(String field) {
        String value = fields.get(field);
        String note = notes.get(field);
        String shown = value == null ? "-" : value;
        return note == null ? shown : shown + " (" + note + ")";
    }

    public String get(String field) {
        return fields.get(field);
    }

    /** Builder-style helper used by both readers: normalises {@code raw} for {@code field}. */
    public static String normalise(String field, String raw) {
        if (raw == null) {
            return null;
        }
        String value = raw.strip();
        if (value.isEmpty()) {
            return null;
        }
        if (ADDRESS_FIELDS.contains(field)) {
            return address(value);
        }
        if (PROTOCOL_FIELDS.contains(field)) {
            return protocol(value);
        }
        if (field.equals("checksum_ok") || field.equals("malformed")) {
            return value.toLowerCase(Locale.ROOT);
        }
        return number(value);
    }

    static String number(String value) {
        try {
            if (value.startsWith("0x") || value.startsWith("0X")) {
                return Long.toString(Long.parseLong(value.substring(2), 16));
            }
            return Long.toString(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return value;
        }
    }

    static String address(String value) {
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(value); // never resolves names
        } catch (IllegalArgumentException e) {
            return value;
        }
        return address instanceof Inet6Address ? rfc5952(address.getAddress()) : address.getHostAddress();
    }

    /** RFC 5952 text (what tshark prints): lower case, the longest run of two or more zero groups as "::". */
    static String rfc5952(byte[] a) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    static String protocol(String value) {
        String number = switch (value.toLowerCase(Locale.ROOT)) {
            case "tcp" -> "6";
            case "udp" -> "17";
            case "sctp" -> "132";
            case "dccp" -> "33";
            case "gre" -> "47";
            case "ipv6" -> "41";
            case "ipv4", "ipip", "ip-in-ip" -> "4";
            case "esp" -> "50";
            case "ah" -> "51";
            default -> number(value);
        };
        return switch (number) {
            case "1" -> "icmp";
            case "2" -> "igmp";
            case "58" -> "icmpv6";
            default -> number.toLowerCase(Locale.ROOT);
        };
    }
}
