#!/usr/bin/env python3
"""Writes a large pcap of synthetic but well-formed PostgreSQL traffic (Ethernet, IPv4, TCP with
1448-byte segments): CONNECTIONS connections, each a StartupMessage, AuthenticationOk, ReadyForQuery,
then QUERIES simple queries answered by a RowDescription, ROWS DataRows, CommandComplete and
ReadyForQuery. Usage: make-big-capture.py OUT.pcap [megabytes]"""
import struct
import sys

MSS = 1448


def msg(t, body):
    return t + struct.pack('>I', 4 + len(body)) + body


def startup():
    params = b'user\0bench\0database\0bench\0\0'
    return struct.pack('>II', 8 + len(params), 196608) + params


def main():
    out = sys.argv[1]
    megabytes = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    row = msg(b'D', struct.pack('>H', 2) + struct.pack('>I', 6) + b'123456' + struct.pack('>I', 200) + b'x' * 200)
    answer = (msg(b'T', struct.pack('>H', 1) + b'v\0' + struct.pack('>IhIhih', 0, 0, 25, -1, -1, 0))
              + row * 200 + msg(b'C', b'SELECT 200\0') + msg(b'Z', b'I'))
    query = msg(b'Q', b'select * from bench_rows\0')
    t = [1_763_000_000, 0]
    with open(out, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))

        def packet(src, dst, sport, dport, seq, ack, flags, payload):
            tcp = struct.pack('>HHIIBBHHH', sport, dport, seq & 0xffffffff, ack & 0xffffffff, 0x50, flags, 65535, 0, 0)
            ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp) + len(payload), 0, 0x4000, 64, 6, 0, src, dst)
            frame = b'\x02\0\0\0\0\x01\x02\0\0\0\0\x02\x08\x00' + ip + tcp + payload
            t[1] += 10
            if t[1] >= 1_000_000:
                t[0] += 1
                t[1] -= 1_000_000
            f.write(struct.pack('<IIII', t[0], t[1], len(frame), len(frame)))
            f.write(frame)
            return len(frame) + 16

        written = 24
        client, server = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
        conn = 0
        while written < megabytes * 1_000_000:
            conn += 1
            cport = 10000 + conn % 50000
            cs, ss = 1000, 5000
            written += packet(client, server, cport, 5432, cs, 0, 0x02, b'')
            written += packet(server, client, 5432, cport, ss, cs + 1, 0x12, b'')
            cs += 1
            ss += 1

            def send(from_client, data):
                nonlocal cs, ss, written
                for i in range(0, len(data), MSS):
                    piece = data[i:i + MSS]
                    if from_client:
                        written += packet(client, server, cport, 5432, cs, ss, 0x18, piece)
                        cs += len(piece)
                    else:
                        written += packet(server, client, 5432, cport, ss, cs, 0x18, piece)
                        ss += len(piece)
                written += packet(server if from_client else client, client if from_client else server,
                                  5432 if from_client else cport, cport if from_client else 5432,
                                  ss if from_client else cs, cs if from_client else ss, 0x10, b'')

            send(True, startup())
            send(False, msg(b'R', struct.pack('>I', 0)) + msg(b'Z', b'I'))
            for _ in range(50):
                send(True, query)
                send(False, answer)
            send(True, msg(b'X', b''))
            written += packet(client, server, cport, 5432, cs, ss, 0x11, b'')
            written += packet(server, client, 5432, cport, ss, cs + 1, 0x11, b'')
            written += packet(client, server, cport, 5432, cs + 1, ss + 1, 0x10, b'')
        print(f'{out}: {written / 1e6:.0f} MB, {conn} connections')


if __name__ == '__main__':
    main()
