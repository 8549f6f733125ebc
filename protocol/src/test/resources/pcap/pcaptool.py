#!/usr/bin/env python3
"""Rewrites a little-endian microsecond pcap (as tcpdump writes on Linux) into the variants the
capture import tests need. Used by make-captures.sh; standard library only.

  pcaptool.py vlan IN OUT          Ethernet: insert stacked 802.1ad (VLAN 200) + 802.1Q (VLAN 100) tags
  pcaptool.py bigendian IN OUT     the same packets in a big-endian pcap
  pcaptool.py rawip IN OUT         Ethernet -> LINKTYPE_RAW (101): the IP packet only
  pcaptool.py null IN OUT          Ethernet -> LINKTYPE_NULL (0): 4-byte AF_INET in little-endian host order
  pcaptool.py sll IN OUT           Ethernet -> LINKTYPE_LINUX_SLL (113): the 16-byte cooked header
  pcaptool.py loop IN OUT          Ethernet -> LINKTYPE_LOOP (108): 4-byte AF_INET in network order
  pcaptool.py shuffle IN OUT A B D swap packets A and B (1-based) and repeat packet D after itself
"""
import struct
import sys


def read(path):
    with open(path, 'rb') as f:
        data = f.read()
    magic, vmaj, vmin, zone, sigfigs, snaplen, link = struct.unpack('<IHHiIII', data[:24])
    assert magic == 0xa1b2c3d4, 'expects a little-endian microsecond pcap'
    packets = []
    p = 24
    while p + 16 <= len(data):
        sec, usec, incl, orig = struct.unpack('<IIII', data[p:p + 16])
        packets.append([sec, usec, orig, data[p + 16:p + 16 + incl]])
        p += 16 + incl
    return snaplen, link, packets


def write(path, snaplen, link, packets, endian='<'):
    with open(path, 'wb') as f:
        f.write(struct.pack(endian + 'IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, snaplen, link))
        for sec, usec, orig, body in packets:
            f.write(struct.pack(endian + 'IIII', sec, usec, len(body), orig - (orig - len(body)) if orig < len(body) else orig))
            f.write(body)


def relink(packets, header, strip=14):
    out = []
    for sec, usec, orig, body in packets:
        assert body[12:14] == b'\x08\x00', 'expects IPv4 over Ethernet'
        out.append([sec, usec, orig - strip + len(header), header + body[strip:]])
    return out


def main():
    op, src, dst = sys.argv[1:4]
    snaplen, link, packets = read(src)
    if op == 'vlan':
        assert link == 1
        tags = b'\x88\xa8\x00\xc8' + b'\x81\x00\x00\x64'
        packets = [[s, u, o + 8, b[:12] + tags + b[12:]] for s, u, o, b in packets]
        write(dst, snaplen, 1, packets)
    elif op == 'bigendian':
        write(dst, snaplen, link, packets, '>')
    elif op == 'rawip':
        write(dst, snaplen, 101, relink(packets, b''))
    elif op == 'null':
        write(dst, snaplen, 0, relink(packets, struct.pack('<I', 2)))
    elif op == 'sll':
        # packet type 0 (to us), ARPHRD_ETHER, 6-byte address, the source MAC padded to 8, protocol IPv4
        out = []
        for sec, usec, orig, body in packets:
            header = struct.pack('>HHH', 0, 1, 6) + body[6:12] + b'\0\0' + b'\x08\x00'
            out.append([sec, usec, orig + 2, header + body[14:]])
        write(dst, snaplen, 113, out)
    elif op == 'loop':
        write(dst, snaplen, 108, relink(packets, struct.pack('>I', 2)))
    elif op == 'shuffle':
        a, b, d = (int(x) - 1 for x in sys.argv[4:7])
        packets[a], packets[b] = packets[b], packets[a]
        packets.insert(d + 1, list(packets[d]))
        write(dst, snaplen, link, packets)
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
