package dev.pgwb.protocol.capture;

import java.net.InetAddress;

/**
 * One TCP segment taken out of a captured packet.
 *
 * @param payloadLength the payload's length as the IP header declares it: more than {@code payload.length}
 *                      when the capture cut the packet (snapshot length)
 */
record TcpSegment(long packetNumber, long timeNanos, InetAddress source, int sourcePort, InetAddress destination,
                  int destinationPort, long seq, long ack, int flags, byte[] payload, int payloadLength) {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int ACK = 0x10;

    boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
