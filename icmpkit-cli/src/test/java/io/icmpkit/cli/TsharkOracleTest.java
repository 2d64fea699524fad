package io.icmpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.icmpkit.cli.oracle.CaseNames;
import io.icmpkit.cli.oracle.Comparison;
import io.icmpkit.cli.oracle.Comparison.Mismatch;
import io.icmpkit.cli.oracle.IcmpkitReader;
import io.icmpkit.cli.oracle.KnownMismatches;
import io.icmpkit.cli.oracle.OracleRow;
import io.icmpkit.cli.oracle.Tshark;
import io.icmpkit.cli.oracle.TsharkReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tshark oracle: icmpkit's {@code decode --json} and tshark decode the same captures (written
 * by Scapy, {@code tools/oracle/gen_oracle_pcap.py}) and must agree on every compared field of every
 * packet. All mismatches are collected and reported as one table (frame, case, field, icmpkit,
 * tshark). The field rules (what each tshark field means here) are in {@link TsharkReader}.
 *
 * <p>Without tshark the test is skipped with a printed reason, except under {@code CI=true}, where
 * tshark is required.
 */
@Tag("integration")
class TsharkOracleTest {

    private static Tshark tshark;

    /** Both test methods read the same captures: decode each once. */
    private static final Map<String, List<OracleRow>> TSHARK_ROWS = new ConcurrentHashMap<>();
    private static final Map<String, IcmpkitReader.Decoded> ICMPKIT = new ConcurrentHashMap<>();

    @BeforeAll
    static void findTshark() {
        Optional<Tshark> found = Tshark.find();
        if (found.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("tshark is required under CI (apt-get install tshark); TsharkOracleTest compares icmpkit with it");
            }
            String reason = "TsharkOracleTest skipped: tshark not found on PATH (apt-get install tshark, or set TSHARK)";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        tshark = found.get();
        System.out.println("TsharkOracleTest: " + tshark.version() + " at " + tshark.executable());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"oracle.pcap", "oracle-raw.pcap"})
    void everyPacketAgreesWithTshark(String capture) {
        Path pcap = resource(capture);
        Map<Integer, String> names = CaseNames.forCapture(pcap);
        List<OracleRow> theirs = tsharkRows(capture, pcap);
        assertThat(theirs).as("tshark packets in %s", capture).hasSize(names.size());

        IcmpkitReader.Decoded ours = icmpkit(capture, pcap);
        assertThat(ours.exitCode()).as("icmpkit decode exit code; stderr:%n%s", ours.stderr()).isZero();

        List<Mismatch> all = Comparison.compare(ours.rows(), theirs, names);
        KnownMismatches known = KnownMismatches.load(pcap.resolveSibling("known-mismatches.tsv"));
        List<Mismatch> failing = all.stream().filter(m -> !known.isKnown(m)).toList();
        List<Mismatch> accepted = all.stream().filter(known::isKnown).toList();
        // summary entries belong to the summary test below
        List<String> stale = known.stale(all, names).stream().filter(k -> !k.endsWith("/summary")).toList();

        System.out.printf("TsharkOracleTest %s: %d packets, %d fields compared each, %d mismatches (%d accepted)%n",
                capture, theirs.size(), OracleRow.FIELDS.size(), all.size(), accepted.size());
        if (!accepted.isEmpty()) {
            System.out.print(Comparison.table("accepted mismatches (known-mismatches.tsv):", accepted));
        }
        if (!failing.isEmpty() || !stale.isEmpty()) {
            String report = failing.isEmpty() ? ""
                    : Comparison.table(failing.size() + " mismatches between icmpkit and tshark in " + capture
                            + " (- = field absent):", failing);
            if (!stale.isEmpty()) {
                report += "known-mismatches.tsv entries that no longer mismatch (remove them): " + stale + "\n";
            }
            System.out.print(report);
            fail(report);
        }
    }

    /** Message kinds whose one-line summary must equal tshark's Info column: echo and unreachable. */
    private static final Set<String> SUMMARY_KINDS = Set.of("icmp/0", "icmp/8", "icmp/3",
            "icmpv6/128", "icmpv6/129", "icmpv6/1");

    /**
     * Request/response tracking ("(reply in 3)") depends on the other frames and on how far each
     * tool looks for a partner; it is removed from both sides before comparing.
     */
    private static final Pattern RESPONSE_TRACKING =
            Pattern.compile("\\s*\\((?:reply in \\d+|request in \\d+|no response found!)\\)");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"oracle.pcap", "oracle-raw.pcap"})
    void summaryEqualsTsharkInfoForEchoAndUnreachable(String capture) {
        Path pcap = resource(capture);
        Map<Integer, String> names = CaseNames.forCapture(pcap);
        Map<Integer, String> info = TsharkReader.infoColumn(tshark.infoColumn(pcap));
        List<OracleRow> theirs = tsharkRows(capture, pcap);
        IcmpkitReader.Decoded ours = icmpkit(capture, pcap);

        int exact = 0;
        int normalised = 0;
        int checked = 0;
        List<Mismatch> failing = new ArrayList<>();
        List<Mismatch> all = new ArrayList<>();
        KnownMismatches known = KnownMismatches.load(pcap.resolveSibling("known-mismatches.tsv"));
        for (OracleRow row : theirs) {
            String summary = ours.summaries().get(row.frame());
            String tsharkInfo = info.get(row.frame());
            if (Objects.equals(summary, tsharkInfo)) {
                exact++;
            }
            boolean same = Objects.equals(normaliseInfo(summary), normaliseInfo(tsharkInfo));
            if (same) {
                normalised++;
            }
            if (SUMMARY_KINDS.contains(row.get("protocol") + "/" + row.get("type"))) {
                checked++;
                if (!same) {
                    Mismatch m = new Mismatch(row.frame(), names.getOrDefault(row.frame(), "?"), "summary",
                            normaliseInfo(summary), normaliseInfo(tsharkInfo));
                    all.add(m);
                    if (!known.isKnown(m)) {
                        failing.add(m);
                    }
                }
            }
        }
        System.out.printf("TsharkOracleTest %s: summary equals tshark Info for %d/%d packets exactly, "
                        + "%d/%d without request/response tracking; echo+unreachable: %d/%d%n",
                capture, exact, theirs.size(), normalised, theirs.size(), checked - failing.size(), checked);
        List<Mismatch> accepted = all.stream().filter(known::isKnown).toList();
        if (!accepted.isEmpty()) {
            System.out.print(Comparison.table("accepted summary mismatches (known-mismatches.tsv):", accepted));
        }
        // only the summary entries of this capture can go stale here (the field test checks the rest)
        List<String> stale = known.stale(all, names).stream().filter(k -> k.endsWith("/summary")).toList();
        if (!failing.isEmpty() || !stale.isEmpty()) {
            String report = failing.isEmpty() ? ""
                    : Comparison.table(failing.size() + " echo/unreachable summaries differ from tshark's Info column in "
                            + capture + " (\"(reply in N)\" etc. removed from both):", failing);
            if (!stale.isEmpty()) {
                report += "known-mismatches.tsv summary entries that no longer mismatch (remove them): " + stale + "\n";
            }
            System.out.print(report);
            fail(report);
        }
    }

    private static List<OracleRow> tsharkRows(String capture, Path pcap) {
        return TSHARK_ROWS.computeIfAbsent(capture, c -> TsharkReader.read(tshark.json(pcap)));
    }

    private static IcmpkitReader.Decoded icmpkit(String capture, Path pcap) {
        return ICMPKIT.computeIfAbsent(capture, c -> IcmpkitReader.decode(pcap));
    }

    static String normaliseInfo(String info) {
        if (info == null) {
            return null;
        }
        return RESPONSE_TRACKING.matcher(info).replaceAll("").strip();
    }

    private static Path resource(String capture) {
        URL url = TsharkOracleTest.class.getResource("/oracle/" + capture);
        assertThat(url).as("test resource /oracle/%s", capture).isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
