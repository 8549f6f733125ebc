"""Raw-socket clients for make-real-captures.sh, only for bytes that no real client sends.

python3 raw_cases.py unsupported-protocol
    Two StartupMessages with protocol versions that no libpq, pgJDBC, node-postgres or psycopg
    speaks today: 2.0 (dropped by libpq 14 and by the server in PostgreSQL 14) and 4.0 (not
    defined). Each on its own connection, written from the "Message Formats" chapter; the
    server answers each with ErrorResponse FATAL 0A000 and closes.
"""
import socket
import struct
import sys


def startup(major, minor):
    body = struct.pack("!HH", major, minor) + b"user\0app\0database\0app\0\0"
    return struct.pack("!I", len(body) + 4) + body


def read_all(sock):
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk


def unsupported_protocol():
    for major, minor in ((2, 0), (4, 0)):
        with socket.create_connection(("127.0.0.1", 5432), timeout=5) as s:
            s.sendall(startup(major, minor))
            reply = read_all(s)
            fields = [f for f in reply[5:].split(b"\0") if f]
            print(f"{major}.{minor}: {reply[:1]!r} {fields}")


if __name__ == "__main__":
    {"unsupported-protocol": unsupported_protocol}[sys.argv[1]]()
