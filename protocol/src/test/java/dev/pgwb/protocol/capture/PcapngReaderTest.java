package dev.pgwb.protocol.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgwb.protocol.session.SessionStore;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pcapng reader on files written block by block: what tools rarely write but the format allows. */
class PcapngReaderTest {

    @TempDir
    Path tmp;

    private static final byte[] P1 = {1, 2, 3, 4, 5};
    private static final byte[] P2 = {6, 7, 8};

    private List<CapturedPacket> read(byte[] file, List<String> notes) throws IOException {
        Path p = Files.write(tmp.resolve("t" + System.nanoTime() + ".pcapng"), file);
        List<CapturedPacket> out = new ArrayList<>();
        try (PacketSource s = PacketSource.open(p)) {
            for (CapturedPacket c; (c = s.next()) != null; ) {
                out.add(c);
            }
            notes.addAll(s.notes());
        }
        return out;
    }

    @Test
    void sectionsInBothByteOrdersInterfacesWithTheirOwnResolutionAndOffset() throws IOException {
        long seconds = 1_763_000_000L;
        byte[] file = new PcapngBuilder()
                .section(ByteOrder.LITTLE_ENDIAN)
                .iface(1, "eth0", 9, 0)                    // nanoseconds
                .iface(113, "any", 0x80 | 20, 100)          // 2^-20 s, 100 s offset
                .iface(101, "tun0", -1, 0)                  // no option: microseconds
                .epb(0, seconds * 1_000_000_000L + 123_456_789L, P1)
                .unknown()
                .epb(1, (seconds << 20) | (1 << 19), P2)    // half a second
                .pb(2, seconds * 1_000_000L + 250_000, P1)  // the obsolete Packet Block
                .section(ByteOrder.BIG_ENDIAN)
                .iface(276, "lo", 6, 0)
                .spb(P2)                                    // Simple Packet Block: interface 0, no time of its own
                .epb(0, seconds * 1_000_000L + 1, P1)
                .bytes();
        List<String> notes = new ArrayList<>();
        List<CapturedPacket> packets = read(file, notes);
        assertThat(packets).extracting(CapturedPacket::linkType).containsExactly(1, 113, 101, 276, 276);
        assertThat(packets).extracting(CapturedPacket::interfaceName).containsExactly("eth0", "any", "tun0", "lo", "lo");
        assertThat(packets).extracting(CapturedPacket::timeNanos).containsExactly(
                seconds * 1_000_000_000L + 123_456_789L,
                (seconds + 100) * 1_000_000_000L + 500_000_000L,
                seconds * 1_000_000_000L + 250_000_000L,
                seconds * 1_000_000_000L + 250_000_000L,    // no time of its own: the one before
                seconds * 1_000_000_000L + 1_000L);
        assertThat(packets).extracting(CapturedPacket::number).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(packets.get(0).data()).isEqualTo(P1);
        assertThat(packets.get(3).data()).isEqualTo(P2);
        assertThat(notes).anyMatch(n -> n.endsWith(": 2 sections"));
    }

    @Test
    void aTruncatedLastBlockIsANoteNotAnError() throws IOException {
        byte[] whole = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).iface(1, "eth0", -1, 0)
                .epb(0, 1, P1).epb(0, 2, P2).bytes();
        List<String> notes = new ArrayList<>();
        List<CapturedPacket> packets = read(Arrays.copyOf(whole, whole.length - 7), notes);
        assertThat(packets).hasSize(1);
        assertThat(notes).anyMatch(n -> n.contains("the last block is cut short") && n.contains("left out"));
    }

    @Test
    void aPacketOfAnUndescribedInterfaceIsSkippedWithANote() throws IOException {
        byte[] file = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).iface(1, "eth0", -1, 0).epb(3, 1, P1).epb(0, 2, P2).bytes();
        List<String> notes = new ArrayList<>();
        List<CapturedPacket> packets = read(file, notes);
        assertThat(packets).hasSize(2);
        assertThat(packets.get(1).data()).isEqualTo(P2);
        assertThat(notes).anyMatch(n -> n.contains("packet 1 is a packet of interface 3, which the section does not describe"));
    }

    @Test
    void filesThatAreNoCaptureSaySo() throws IOException {
        Path empty = Files.write(tmp.resolve("empty.pcap"), new byte[0]);
        Path text = Files.writeString(tmp.resolve("notes.pcap"), "hello, this is text");
        Path header = Files.write(tmp.resolve("header.pcap"), new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0});
        try (SessionStore store = SessionStore.create(tmp.resolve("s.pgwb"))) {
            assertThatThrownBy(() -> CaptureImport.importInto(empty, store, CaptureImport.Options.defaults()))
                    .isInstanceOf(CaptureException.class).hasMessage("empty.pcap is not a capture: it is empty "
                            + "(a pcap or pcapng file starts with a 4-byte magic number)");
            assertThatThrownBy(() -> CaptureImport.importInto(text, store, CaptureImport.Options.defaults()))
                    .isInstanceOf(CaptureException.class).hasMessageStartingWith("notes.pcap is not a pcap or pcapng capture (it starts with 68 65 6c 6c)");
            assertThatThrownBy(() -> CaptureImport.importInto(header, store, CaptureImport.Options.defaults()))
                    .isInstanceOf(CaptureException.class).hasMessage("header.pcap: the pcap file header is cut short (6 of 24 bytes)");
        }
        assertThat(CaptureImport.looksLikeCapture(empty)).isFalse();
        assertThat(CaptureImport.looksLikeCapture(text)).isFalse();
        assertThat(CaptureImport.looksLikeCapture(header)).isTrue();
    }

    @Test
    void aPcapWithOnlyItsHeaderImportsNothing() throws IOException {
        byte[] plain = Files.readAllBytes(CaptureImportTest.fixture("plain.pcap"));
        Path p = Files.write(tmp.resolve("header-only.pcap"), Arrays.copyOf(plain, 24));
        try (SessionStore store = SessionStore.create(tmp.resolve("s.pgwb"))) {
            CaptureImport.Result r = CaptureImport.importInto(p, store, CaptureImport.Options.defaults());
            assertThat(r.packets()).isZero();
            assertThat(r.connections()).isZero();
        }
    }
}
