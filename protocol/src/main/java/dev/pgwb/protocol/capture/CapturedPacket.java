package dev.pgwb.protocol.capture;

/**
 * One packet as a capture file holds it.
 *
 * @param number         1-based position in the file, as Wireshark numbers packets
 * @param linkType       the LINKTYPE_ value of its interface (1 Ethernet, 113 Linux SLL...)
 * @param interfaceName  the pcapng interface's name (or description), "" when unknown
 * @param timeNanos      epoch nanoseconds
 * @param originalLength its length on the wire; more than {@code data.length} when the capture cut it (snaplen)
 * @param data           the captured bytes, from the link-layer header on
 */
public record CapturedPacket(long number, int linkType, String interfaceName, long timeNanos, long originalLength, byte[] data) {

    public boolean truncated() {
        return originalLength > data.length;
    }
}
