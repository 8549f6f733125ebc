package dev.pgwb.protocol.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class HexDumpTest {

    /** Query "SELECT 1" then ReadyForQuery 'I'. */
    private static final byte[] QUERY_AND_READY = HexFormat.of().parseHex(
            "510000000d53454c4543542031005a0000000549");

    /** 'Q', 'Z', 48 zero bytes, then text that looks like hex and holds the bars hexdump -C draws. */
    private static final byte[] LONG = concat(QUERY_AND_READY, new byte[48],
            "cafe|dead beef|".getBytes(StandardCharsets.US_ASCII));

    @Test
    void readsXxd() {
        // xxd /tmp/q.bin (xxd 2022-01-14), last line padded as xxd pads it
        String dump = """
                00000000: 5100 0000 0d53 454c 4543 5420 3100 5a00  Q....SELECT 1.Z.
                00000010: 0000 0549                                ...I
                """;
        assertThat(HexDump.parse(dump)).isEqualTo(QUERY_AND_READY);
    }

    @Test
    void readsXxdWhoseTextColumnLooksLikeHex() {
        // xxd of LONG: the last line's text column "ef|" is valid hex on its own
        String dump = """
                00000000: 5100 0000 0d53 454c 4543 5420 3100 5a00  Q....SELECT 1.Z.
                00000010: 0000 0549 0000 0000 0000 0000 0000 0000  ...I............
                00000020: 0000 0000 0000 0000 0000 0000 0000 0000  ................
                00000030: 0000 0000 0000 0000 0000 0000 0000 0000  ................
                00000040: 0000 0000 6361 6665 7c64 6561 6420 6265  ....cafe|dead be
                00000050: 6566 7c                                  ef|
                """;
        assertThat(HexDump.parse(dump)).isEqualTo(LONG);
    }

    @Test
    void readsXxdWithOneByteGroupsAndAHexLookingColumn() {
        // xxd -g1 of "abcafe": the text column "abcafe" is itself six hex digits
        String dump = "00000000: 61 62 63 61 66 65  abcafe\n";
        assertThat(HexDump.parse(dump)).isEqualTo("abcafe".getBytes(StandardCharsets.US_ASCII));
        // and a two-byte line whose column "ab" is a valid hex byte group
        assertThat(HexDump.parse("00000000: 61 62  ab\n")).isEqualTo(new byte[] {0x61, 0x62});
    }

    @Test
    void readsWiresharkCopyAsHexDump() {
        // Wireshark DataPrinter::hexTextDump: "%04x  ", " %02x" per byte, 3 spaces, padding, text
        String dump = "0000   51 00 00 00 0d 53 45 4c 45 43 54 20 31 00 5a 00   Q....SELECT 1.Z.\n"
                + "0010   00 00 05 49" + " ".repeat(3 + 12 * 3) + "...I\n";
        assertThat(HexDump.parse(dump)).isEqualTo(QUERY_AND_READY);
    }

    @Test
    void readsWiresharkHexOnlyAndTheOlderTwoSpaceLayoutWithAMiddleGap() {
        String hexOnly = """
                0000   51 00 00 00 0d 53 45 4c 45 43 54 20 31 00 5a 00
                0010   00 00 05 49
                """;
        assertThat(HexDump.parse(hexOnly)).isEqualTo(QUERY_AND_READY);
        String older = """
                0000  51 00 00 00 0d 53 45 4c  45 43 54 20 31 00 5a 00   Q....SELECT 1.Z.
                0010  00 00 05 49                                        ...I
                """;
        assertThat(HexDump.parse(older)).isEqualTo(QUERY_AND_READY);
    }

    @Test
    void readsHexdumpCanonicalWithRepeatedLinesAndClosingOffset() {
        // hexdump -C of LONG (util-linux 2.39): '*' stands for one repeat of the line before
        String dump = """
                00000000  51 00 00 00 0d 53 45 4c  45 43 54 20 31 00 5a 00  |Q....SELECT 1.Z.|
                00000010  00 00 05 49 00 00 00 00  00 00 00 00 00 00 00 00  |...I............|
                00000020  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|
                *
                00000040  00 00 00 00 63 61 66 65  7c 64 65 61 64 20 62 65  |....cafe|dead be|
                00000050  65 66 7c                                          |ef||
                00000053
                """;
        assertThat(HexDump.parse(dump)).isEqualTo(LONG);
    }

    @Test
    void readsOdWithTextColumn() {
        String dump = """
                000000 51 00 00 00 0d 53 45 4c 45 43 54 20 31 00 5a 00  >Q....SELECT 1.Z.<
                000010 00 00 05 49                                      >...I<
                000014
                """;
        assertThat(HexDump.parse(dump)).isEqualTo(QUERY_AND_READY);
    }

    @Test
    void readsPlainHexInEveryCommonSpelling() {
        assertThat(HexDump.parse("51 00 00 00 0d 53 45 4c 45 43 54 20 31 00 5a 00 00 00 05 49"))
                .isEqualTo(QUERY_AND_READY);
        assertThat(HexDump.parse("510000000d53454c4543542031005a0000000549\n")).isEqualTo(QUERY_AND_READY);
        assertThat(HexDump.parse("510000000d53454c45435420\n31005a0000000549\n")).isEqualTo(QUERY_AND_READY);
        assertThat(HexDump.parse("5100 0000 0d53 454c 4543 5420 3100\n5a00 0000 0549")).isEqualTo(QUERY_AND_READY);
        assertThat(HexDump.parse("0x51, 0x00, 0x00, 0x00, 0x0d, 0x53, 0x45, 0x4c, 0x45, 0x43,\r\n"
                + "0x54, 0x20, 0x31, 0x00, 0x5A, 0x00, 0x00, 0x00, 0x05, 0x49\r\n")).isEqualTo(QUERY_AND_READY);
        // a hex stream wrapped in the middle of a byte
        assertThat(HexDump.parse("510000000d53454c4\n543542031005a0000000549")).isEqualTo(QUERY_AND_READY);
    }

    @Test
    void skipsBlankAndCommentLines() {
        String dump = "# captured by hand\n\n00000000: 5100 0000 0d53 454c 4543 5420 3100 5a00  Q....SELECT 1.Z.\n\n"
                + "00000010: 0000 0549                                ...I\n\n";
        assertThat(HexDump.parse(dump)).isEqualTo(QUERY_AND_READY);
        assertThat(HexDump.parse("")).isEmpty();
        assertThat(HexDump.parse(" \n\n")).isEmpty();
    }

    @Test
    void acceptsAStartOffsetOtherThanZero() {
        String dump = """
                00000100: 5100 0000 0d53 454c 4543 5420 3100 5a00  Q....SELECT 1.Z.
                00000110: 0000 0549                                ...I
                """;
        assertThat(HexDump.parse(dump)).isEqualTo(QUERY_AND_READY);
    }

    @Test
    void refusesAGapInTheOffsets() {
        String dump = """
                00000000: 5100 0000 0d53 454c 4543 5420 3100 5a00  Q....SELECT 1.Z.
                00000020: 0000 0549                                ...I
                """;
        assertThatThrownBy(() -> HexDump.parse(dump))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hex dump line 2: offset 0x20 does not continue the previous line (expected 0x10)");
    }

    @Test
    void refusesAClosingOffsetThatDoesNotMatch() {
        String dump = """
                00000000  51 00 00 00 0d 53 45 4c  45 43 54 20 31 00        |Q....SELECT 1.|
                0000000f
                """;
        assertThatThrownBy(() -> HexDump.parse(dump)).hasMessageStartingWith("hex dump line 2: offset 0xf");
    }

    @Test
    void namesTheLineItCannotRead() {
        assertThatThrownBy(() -> HexDump.parse("51 00 00\n00 zz 53\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hex dump line 2: 'zz' is not hex");
        assertThatThrownBy(() -> HexDump.parse("51 00 0\n"))
                .hasMessage("hex dump line 1: '0' has an odd number of hex digits");
        assertThatThrownBy(() -> HexDump.parse("0000   51 00 00 00\nhello world\n"))
                .hasMessageStartingWith("hex dump line 2: expected an offset");
        assertThatThrownBy(() -> HexDump.parse("0000   51 00 zz 00 0d\n"))
                .hasMessageStartingWith("hex dump line 1: cannot tell the hex bytes from the text column at 'zz'");
        assertThatThrownBy(() -> HexDump.parse("510000000d5\n"))
                .hasMessageStartingWith("hex dump line 1: odd number of hex digits");
    }

    @Test
    void messagesAreOneLine() {
        for (String bad : new String[] {"51 00 0\n", "0000   51 00\n0020   00\n", "zz\n", "*\n0000  51 00\n"}) {
            assertThatThrownBy(() -> HexDump.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").startsWith("hex dump line "));
        }
    }

    @Test
    void tellsHexDumpsFromRawProtocolBytes() {
        assertThat(HexDump.looksLikeHexDump(QUERY_AND_READY)).isFalse();
        assertThat(HexDump.looksLikeHexDump(HexFormat.of().parseHex("0000000804d2162f"))).isFalse();
        assertThat(HexDump.looksLikeHexDump(new byte[0])).isFalse();
        assertThat(HexDump.looksLikeHexDump("00000000: 5100 0000 0d53  Q....S\n".getBytes(StandardCharsets.US_ASCII)))
                .isTrue();
        assertThat(HexDump.looksLikeHexDump("510000000d53454c\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(HexDump.looksLikeHexDump("\uFEFF# note\n51 00\n".getBytes(StandardCharsets.UTF_8))).isTrue();
        // text, but not a hex dump: not ours to parse
        assertThat(HexDump.looksLikeHexDump("SELECT 1;\n".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @Test
    void readsBackWhatTheRealToolsPrint() throws Exception {
        Random random = new Random(42);
        List<byte[]> samples = new ArrayList<>();
        samples.add(LONG);
        samples.add("cafe babe dead beef 0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        for (int n : new int[] {1, 2, 15, 16, 17, 31, 64, 100, 257}) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            samples.add(b);
            byte[] hexText = new byte[n];  // printable hex digits and spaces: the hardest text column
            for (int i = 0; i < n; i++) {
                hexText[i] = (byte) "0123456789abcdef  ".charAt(random.nextInt(18));
            }
            samples.add(hexText);
        }
        List<List<String>> tools = List.of(List.of("xxd"), List.of("xxd", "-g1"), List.of("xxd", "-g4"),
                List.of("xxd", "-a"), List.of("hexdump", "-C"), List.of("od", "-A", "x", "-t", "x1z"),
                List.of("xxd", "-p"));
        int ran = 0;
        for (List<String> tool : tools) {
            if (!onPath(tool.get(0))) {
                continue;
            }
            for (byte[] sample : samples) {
                Path file = Files.createTempFile("hexdump", ".bin");
                try {
                    Files.write(file, sample);
                    List<String> command = new ArrayList<>(tool);
                    command.add(file.toString());
                    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                    String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                    assertThat(p.waitFor()).isZero();
                    assertThat(HexDump.parse(dump)).as(String.join(" ", tool) + "\n" + dump).isEqualTo(sample);
                    assertThat(HexDump.looksLikeHexDump(dump.getBytes(StandardCharsets.ISO_8859_1))).isTrue();
                    ran++;
                } finally {
                    Files.deleteIfExists(file);
                }
            }
        }
        Assumptions.assumeTrue(ran > 0, "none of xxd, hexdump, od on the PATH");
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
