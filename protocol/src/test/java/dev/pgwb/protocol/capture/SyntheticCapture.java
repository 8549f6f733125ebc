package dev.pgwb.protocol.capture;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds TCP conversations packet by packet (Ethernet, IPv4 or IPv6 with a hop-by-hop header,
 * TCP), for the cases real tools do not make on demand: sequence numbers about to wrap,
 * overlapping retransmissions with other bytes, fragments, a connection on an odd port.
 */
final class SyntheticCapture {
    record Packet(long timeNanos, byte[] ethernet) {
    }

    private final byte[] clientIp;
    private final byte[] serverIp;
    private final int clientPort;
    private final int serverPort;
    private final boolean ipv6;
    private long clientSeq;
    private long serverSeq;
    private long time = 1_700_000_000_000_000_000L;
    final List<Packet> packets = new ArrayList<>();

    SyntheticCapture(String client, int clientPort, String server, int serverPort, long clientIsn, long serverIsn) {
        try {
            this.clientIp = InetAddress.getByName(client).getAddress();
            this.serverIp = InetAddress.getByName(server).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
        this.ipv6 = clientIp.length == 16;
        this.clientPort = clientPort;
        this.serverPort = serverPort;
        this.clientSeq = clientIsn;
        this.serverSeq = serverIsn;
    }

    SyntheticCapture handshake() {
        add(true, clientSeq, 0, TcpSegment.SYN, new byte[0]);
        add(false, serverSeq, clientSeq + 1, TcpSegment.SYN | TcpSegment.ACK, new byte[0]);
        clientSeq++;
        serverSeq++;
        add(true, clientSeq, serverSeq, TcpSegment.ACK, new byte[0]);
        return this;
    }

    /** Data from the client (true) or the server, in segments of at most {@code mss} bytes, each acknowledged. */
    SyntheticCapture send(boolean fromClient, byte[] data, int mss) {
        for (int i = 0; i < data.length; i += mss) {
            byte[] piece = java.util.Arrays.copyOfRange(data, i, Math.min(data.length, i + mss));
            if (fromClient) {
                add(true, clientSeq, serverSeq, TcpSegment.ACK, piece);
                clientSeq += piece.length;
                add(false, serverSeq, clientSeq, TcpSegment.ACK, new byte[0]);
            } else {
                add(false, serverSeq, clientSeq, TcpSegment.ACK, piece);
                serverSeq += piece.length;
                add(true, clientSeq, serverSeq, TcpSegment.ACK, new byte[0]);
            }
        }
        return this;
    }

    SyntheticCapture send(boolean fromClient, byte[] data) {
        return send(fromClient, data, 1 << 16);
    }

    /** A segment at {@code relative} bytes from the sender's next sequence number, without moving it, unacknowledged. */
    SyntheticCapture segmentAt(boolean fromClient, long relative, byte[] data) {
        long seq = (fromClient ? clientSeq : serverSeq) + relative;
        add(fromClient, seq, fromClient ? serverSeq : clientSeq, TcpSegment.ACK, data);
        return this;
    }

    /** Moves the sender's sequence number on as if {@code n} bytes had been sent (segments given by {@link #segmentAt}). */
    SyntheticCapture advance(boolean fromClient, long n) {
        if (fromClient) {
            clientSeq += n;
        } else {
            serverSeq += n;
        }
        return this;
    }

    SyntheticCapture ack(boolean fromClient) {
        add(fromClient, fromClient ? clientSeq : serverSeq, fromClient ? serverSeq : clientSeq, TcpSegment.ACK, new byte[0]);
        return this;
    }

    SyntheticCapture close(boolean clientFirst) {
        add(clientFirst, clientFirst ? clientSeq : serverSeq, clientFirst ? serverSeq : clientSeq, TcpSegment.FIN | TcpSegment.ACK,
                new byte[0]);
        if (clientFirst) {
            clientSeq++;
        } else {
            serverSeq++;
        }
        add(!clientFirst, clientFirst ? serverSeq : clientSeq, clientFirst ? clientSeq : serverSeq, TcpSegment.FIN | TcpSegment.ACK,
                new byte[0]);
        if (clientFirst) {
            serverSeq++;
        } else {
            clientSeq++;
        }
        add(clientFirst, clientFirst ? clientSeq : serverSeq, clientFirst ? serverSeq : clientSeq, TcpSegment.ACK, new byte[0]);
        return this;
    }

    /** An IPv4 fragment that is not the first (offset 185 × 8 bytes): it must be skipped with a note. */
    SyntheticCapture fragment() {
        byte[] p = ipv4(true, 0, 0, TcpSegment.ACK, new byte[40]);
        p[14 + 6] = 0x00;
        p[14 + 7] = (byte) 185;
        packets.add(new Packet(time += 1000, p));
        return this;
    }

    private void add(boolean fromClient, long seq, long ack, int flags, byte[] payload) {
        time += 1_000_000; // a millisecond apart
        packets.add(new Packet(time, ipv6 ? ipv6(fromClient, seq, ack, flags, payload) : ipv4(fromClient, seq, ack, flags, payload)));
    }

    private byte[] tcp(boolean fromClient, long seq, long ack, int flags, byte[] payload) {
        ByteBuffer t = ByteBuffer.allocate(20 + payload.length);
        t.putShort((short) (fromClient ? clientPort : serverPort)).putShort((short) (fromClient ? serverPort : clientPort));
        t.putInt((int) seq).putInt((int) ack).put((byte) 0x50).put((byte) flags).putShort((short) 65535).putInt(0).put(payload);
        return t.array();
    }

    private byte[] ethernet(int type, byte[] ip) {
        ByteBuffer e = ByteBuffer.allocate(14 + ip.length);
        e.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) type).put(ip);
        return e.array();
    }

    /** IPv4 with a 4-byte options field (IHL 6), to show options are skipped. */
    private byte[] ipv4(boolean fromClient, long seq, long ack, int flags, byte[] payload) {
        byte[] tcp = tcp(fromClient, seq, ack, flags, payload);
        ByteBuffer ip = ByteBuffer.allocate(24 + tcp.length);
        ip.put((byte) 0x46).put((byte) 0).putShort((short) (24 + tcp.length)).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0).put(fromClient ? clientIp : serverIp).put(fromClient ? serverIp : clientIp)
                .put(new byte[] {1, 1, 1, 0}).put(tcp);
        return ethernet(0x0800, ip.array());
    }

    /** IPv6 with a hop-by-hop options header before TCP. */
    private byte[] ipv6(boolean fromClient, long seq, long ack, int flags, byte[] payload) {
        byte[] tcp = tcp(fromClient, seq, ack, flags, payload);
        ByteBuffer ip = ByteBuffer.allocate(40 + 8 + tcp.length);
        ip.putInt(0x60000000).putShort((short) (8 + tcp.length)).put((byte) 0).put((byte) 64)
                .put(fromClient ? clientIp : serverIp).put(fromClient ? serverIp : clientIp)
                .put((byte) 6).put((byte) 0).put(new byte[] {1, 4, 0, 0, 0, 0}).put(tcp);
        return ethernet(0x86dd, ip.array());
    }

    /** A little-endian microsecond pcap of Ethernet packets. */
    byte[] pcap() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
        out.writeBytes(h.array());
        for (Packet p : packets) {
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt((int) (p.timeNanos / 1_000_000_000L)).putInt((int) (p.timeNanos % 1_000_000_000L / 1000))
                    .putInt(p.ethernet.length).putInt(p.ethernet.length);
            out.writeBytes(r.array());
            out.writeBytes(p.ethernet);
        }
        return out.toByteArray();
    }
}
