package dev.pgwb.protocol.capture;

import dev.pgwb.protocol.wire.BigEndian;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The pcapng format (draft-ietf-opsawg-pcapng): blocks of {@code type, total length, body, total
 * length}. Read: Section Header Blocks (either byte order, several sections), Interface
 * Description Blocks (each interface with its own link type, snapshot length, {@code if_name},
 * {@code if_tsresol}, {@code if_tsoffset}), Enhanced, Simple (which have no time: they take the
 * previous packet's) and the obsolete Packet Blocks. Every
 * other block is skipped by its length. A truncated last block ends the file with a note.
 */
final class PcapngReader implements PacketSource {
    private static final int SHB = 0x0a0d0d0a;
    private static final int IDB = 1;
    private static final int PB = 2;
    private static final int SPB = 3;
    private static final int EPB = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
    /** Blocks larger than this are taken for damage rather than read into memory. */
    private static final long MAX_BLOCK = 1 << 26;

    private record Interface(int linkType, long snaplen, String name, long unitsPerSecond, boolean powerOfTwo, int exponent,
                             long offsetSeconds) {
        long nanos(long ts) {
            long seconds;
            long nanosPart;
            if (powerOfTwo) {
                seconds = ts >>> exponent;
                long frac = ts & ((1L << exponent) - 1);
                nanosPart = BigInteger.valueOf(frac).multiply(BigInteger.valueOf(1_000_000_000L)).shiftRight(exponent).longValue();
            } else {
                seconds = Long.divideUnsigned(ts, unitsPerSecond);
                long frac = Long.remainderUnsigned(ts, unitsPerSecond);
                nanosPart = unitsPerSecond >= 1_000_000_000L ? frac / (unitsPerSecond / 1_000_000_000L)
                        : frac * (1_000_000_000L / unitsPerSecond);
            }
            return (seconds + offsetSeconds) * 1_000_000_000L + nanosPart;
        }
    }

    private final InputStream in;
    private final String name;
    private final List<String> notes = new ArrayList<>();
    private final List<Interface> interfaces = new ArrayList<>();
    private boolean bigEndian;
    private boolean firstBlockTypeRead = true;
    private long number;
    /** A Simple Packet Block has no time: it takes the time of the packet before it. */
    private long lastTime;
    private long truncatedPackets;
    private long skippedBlocks;
    private int sections;
    private boolean done;

    PcapngReader(InputStream in, String name) throws IOException {
        this.in = in;
        this.name = name;
    }

    @Override
    public CapturedPacket next() throws IOException {
        while (!done) {
            int type;
            if (firstBlockTypeRead) {
                firstBlockTypeRead = false;
                type = SHB; // the opener read it to tell the format
            } else {
                byte[] t = in.readNBytes(4);
                if (t.length == 0) {
                    return end(null);
                }
                if (t.length < 4) {
                    return end("the last block is cut short (" + t.length + " byte(s)); left out");
                }
                type = int32(t, 0, bigEndian);
                if (int32(t, 0, true) == SHB) {
                    type = SHB;
                }
            }
            if (type == SHB) {
                readSectionHeader();
                continue;
            }
            byte[] lenBytes = in.readNBytes(4);
            if (lenBytes.length < 4) {
                return end("the last block is cut short; left out");
            }
            long total = int32(lenBytes, 0, bigEndian) & 0xffffffffL;
            if (total < 12 || total % 4 != 0 || total > MAX_BLOCK) {
                return end("block at packet " + (number + 1) + " has an impossible length " + total
                        + " (the file is damaged from there on and the rest was not read)");
            }
            byte[] body = in.readNBytes((int) total - 8);
            if (body.length < total - 8) {
                return end("the last block is cut short (" + (body.length + 8) + " of " + total + " bytes); left out");
            }
            CapturedPacket p = switch (type) {
                case IDB -> {
                    readInterface(body);
                    yield null;
                }
                case EPB -> enhanced(body);
                case SPB -> simple(body);
                case PB -> obsolete(body);
                default -> {
                    skippedBlocks++;
                    yield null;
                }
            };
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private void readSectionHeader() throws IOException {
        byte[] h = in.readNBytes(20); // total length, byte-order magic, versions, section length
        if (h.length < 20) {
            throw sectionError("the section header block is cut short");
        }
        int magicBe = int32(h, 4, true);
        if (magicBe == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (Integer.reverseBytes(magicBe) == BYTE_ORDER_MAGIC) {
            bigEndian = false;
        } else {
            throw sectionError("its section header has no byte-order magic (found " + Integer.toHexString(magicBe) + ")");
        }
        long total = int32(h, 0, bigEndian) & 0xffffffffL;
        int major = int16(h, 8);
        if (major != 1) {
            throw sectionError("pcapng version " + major + "." + int16(h, 10) + " is not supported (only 1.x)");
        }
        if (total < 28 || total % 4 != 0 || total > MAX_BLOCK) {
            throw sectionError("the section header block has an impossible length " + total);
        }
        byte[] rest = in.readNBytes((int) total - 24);
        if (rest.length < total - 24) {
            throw sectionError("the section header block is cut short");
        }
        interfaces.clear(); // interface ids are per section
        sections++;
    }

    private CaptureException sectionError(String why) {
        return new CaptureException(name + " is not a readable pcapng file: " + why);
    }

    private void readInterface(byte[] body) {
        // body: linktype u16, reserved u16, snaplen u32, options..., total length u32
        if (body.length < 12) {
            interfaces.add(new Interface(-1, 0, "", 1_000_000L, false, 6, 0));
            return;
        }
        int linkType = int16(body, 0);
        long snaplen = int32(body, 4, bigEndian) & 0xffffffffL;
        String ifName = "";
        String description = "";
        long units = 1_000_000L;
        boolean pow2 = false;
        int exponent = 6;
        long offset = 0;
        int p = 8;
        int end = body.length - 4;
        while (p + 4 <= end) {
            int code = int16(body, p);
            int len = int16(body, p + 2);
            p += 4;
            if (code == 0 || p + len > end) {
                break;
            }
            switch (code) {
                case 2 -> ifName = new String(body, p, len, StandardCharsets.UTF_8).replace("\0", "");
                case 3 -> description = new String(body, p, len, StandardCharsets.UTF_8).replace("\0", "");
                case 9 -> {
                    if (len >= 1) {
                        int r = body[p] & 0xff;
                        pow2 = (r & 0x80) != 0;
                        exponent = r & 0x7f;
                        if (pow2) {
                            exponent = Math.min(exponent, 62);
                        } else {
                            exponent = Math.min(exponent, 18);
                            units = 1;
                            for (int i = 0; i < exponent; i++) {
                                units *= 10;
                            }
                        }
                    }
                }
                case 14 -> {
                    if (len >= 8) {
                        long hi = int32(body, p, bigEndian) & 0xffffffffL;
                        long lo = int32(body, p + 4, bigEndian) & 0xffffffffL;
                        offset = bigEndian ? (hi << 32) | lo : (lo << 32) | hi;
                    }
                }
                default -> { }
            }
            p += (len + 3) & ~3;
        }
        interfaces.add(new Interface(linkType, snaplen, !ifName.isEmpty() ? ifName : description, units, pow2, exponent, offset));
    }

    private CapturedPacket enhanced(byte[] body) {
        if (body.length < 24) {
            return malformed("an Enhanced Packet Block shorter than its fixed fields");
        }
        int id = int32(body, 0, bigEndian);
        long ts = ((int32(body, 4, bigEndian) & 0xffffffffL) << 32) | (int32(body, 8, bigEndian) & 0xffffffffL);
        long caplen = int32(body, 12, bigEndian) & 0xffffffffL;
        long origlen = int32(body, 16, bigEndian) & 0xffffffffL;
        return packet(id, ts, caplen, origlen, body, 20);
    }

    private CapturedPacket obsolete(byte[] body) {
        if (body.length < 24) {
            return malformed("a Packet Block shorter than its fixed fields");
        }
        int id = int16(body, 0);
        long ts = ((int32(body, 4, bigEndian) & 0xffffffffL) << 32) | (int32(body, 8, bigEndian) & 0xffffffffL);
        long caplen = int32(body, 12, bigEndian) & 0xffffffffL;
        long origlen = int32(body, 16, bigEndian) & 0xffffffffL;
        return packet(id, ts, caplen, origlen, body, 20);
    }

    /** A Simple Packet Block: interface 0, no timestamp; captured length = min(original, snaplen, what the block holds). */
    private CapturedPacket simple(byte[] body) {
        if (body.length < 8) {
            return malformed("a Simple Packet Block shorter than its fixed fields");
        }
        if (interfaces.isEmpty()) {
            return malformed("a Simple Packet Block before any Interface Description Block");
        }
        long origlen = int32(body, 0, bigEndian) & 0xffffffffL;
        long room = body.length - 8;
        long snap = interfaces.get(0).snaplen;
        long caplen = Math.min(origlen, room);
        if (snap > 0) {
            caplen = Math.min(caplen, snap);
        }
        number++;
        if (origlen > caplen) {
            truncatedPackets++;
        }
        byte[] data = java.util.Arrays.copyOfRange(body, 4, 4 + (int) caplen);
        Interface itf = interfaces.get(0);
        return new CapturedPacket(number, itf.linkType, itf.name, lastTime, Math.max(origlen, caplen), data);
    }

    private CapturedPacket packet(int id, long ts, long caplen, long origlen, byte[] body, int dataAt) {
        if (id < 0 || id >= interfaces.size()) {
            return malformed("a packet of interface " + Integer.toUnsignedString(id) + ", which the section does not describe");
        }
        if (caplen > body.length - dataAt - 4) {
            return malformed("a packet whose captured length " + caplen + " exceeds its block");
        }
        Interface itf = interfaces.get(id);
        number++;
        if (origlen > caplen) {
            truncatedPackets++;
        }
        byte[] data = java.util.Arrays.copyOfRange(body, dataAt, dataAt + (int) caplen);
        lastTime = itf.nanos(ts);
        return new CapturedPacket(number, itf.linkType, itf.name, lastTime, Math.max(origlen, caplen), data);
    }

    private CapturedPacket malformed(String what) {
        number++;
        notes.add(name + ": packet " + number + " is " + what + "; skipped");
        return new CapturedPacket(number, -1, "", 0, 0, new byte[0]);
    }

    private CapturedPacket end(String why) {
        done = true;
        if (why != null) {
            notes.add(name + ": " + why);
        }
        if (truncatedPackets > 0) {
            notes.add(name + ": " + truncatedPackets + " packet(s) were cut by the capture's snapshot length");
        }
        if (sections > 1) {
            notes.add(name + ": " + sections + " sections");
        }
        return null;
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public String format() {
        return "pcapng";
    }

    private int int16(byte[] b, int p) {
        return bigEndian ? ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff) : ((b[p + 1] & 0xff) << 8) | (b[p] & 0xff);
    }

    private static int int32(byte[] b, int p, boolean be) {
        int v = BigEndian.int32(b, p);
        return be ? v : Integer.reverseBytes(v);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
