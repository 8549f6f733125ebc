"""psycopg 3 clients for make-real-captures.sh: python3 psycopg_cases.py CASE

Each case opens its own connections (user app, database app, trust auth, 127.0.0.1) and prints
what it saw; the SQLSTATEs the server sent are the point, so expected errors are caught.
"""
import sys
import threading
import time

import psycopg
from psycopg import pq

HOST = "127.0.0.1"


def conninfo(port=5432, app=None):
    s = f"host={HOST} port={port} user=app dbname=app"
    return s + (f" application_name={app}" if app else "")


def say(who, what):
    print(f"{who}: {what}", flush=True)


def error(who, e):
    diag = getattr(e, "diag", None)
    say(who, f"ERROR {getattr(e, 'sqlstate', None)} {type(e).__name__}: {str(e).strip()}"
        + (f" / DETAIL {diag.message_detail}" if diag is not None and diag.message_detail else ""))


def idle_in_transaction_timeout_role():
    # The role has idle_in_transaction_session_timeout = 500ms (ALTER ROLE, outside the capture).
    # Not autocommit: psycopg sends BEGIN before the first query, so the session sits idle in a
    # transaction while we sleep.
    with psycopg.connect(conninfo()) as conn:
        say("C", conn.execute("SELECT 1").fetchone())
        time.sleep(1.5)
        try:
            say("C", conn.execute("SELECT 2").fetchone())
        except psycopg.Error as e:
            error("C", e)


def terminate_backend_binary():
    a = psycopg.connect(conninfo(app="A"), autocommit=True)
    b = psycopg.connect(conninfo(app="B"), autocommit=True)
    say("A", a.execute("SELECT 1").fetchone())
    pid = a.info.backend_pid  # from BackendKeyData: no query needed
    time.sleep(0.5)
    # %b: the pid goes in the Bind as a binary parameter
    say("B", b.execute("SELECT pg_terminate_backend(%b)", [pid]).fetchone())
    time.sleep(0.5)
    try:
        say("A", a.execute("SELECT 2").fetchone())
    except psycopg.Error as e:
        error("A", e)
    b.close()
    a.close()


def deadlock():
    a = psycopg.connect(conninfo(app="A"))
    b = psycopg.connect(conninfo(app="B"))
    a.execute("UPDATE accounts SET balance = balance - 10 WHERE id = 1")
    b.execute("UPDATE accounts SET balance = balance - 20 WHERE id = 2")
    result = {}

    def a_second():
        try:
            a.execute("UPDATE accounts SET balance = balance + 10 WHERE id = 2")
            result["A"] = "ok"
        except psycopg.Error as e:
            error("A", e)
            result["A"] = "error"

    t = threading.Thread(target=a_second)
    t.start()
    time.sleep(0.3)  # A is now waiting for B's row lock
    try:
        b.execute("UPDATE accounts SET balance = balance + 20 WHERE id = 1")
        result["B"] = "ok"
    except psycopg.Error as e:
        error("B", e)
        result["B"] = "error"
        b.rollback()
    t.join()
    if result.get("A") == "error":
        a.rollback()
    else:
        a.commit()
    if result.get("B") == "ok":
        b.commit()
    say("C", result)
    a.close()
    b.close()


def too_many_clients():
    conns = []
    for i in range(1, 7):
        try:
            conns.append(psycopg.connect(conninfo(app=f"c{i}"), autocommit=True))
            say(f"c{i}", "connected")
        except psycopg.Error as e:
            error(f"c{i}", e)
        time.sleep(0.1)
    for c in conns:
        c.close()
        time.sleep(0.05)


def copy_from_error():
    with psycopg.connect(conninfo(), autocommit=True) as conn:
        cur = conn.cursor()
        try:
            with cur.copy("COPY copy_target (id, name) FROM STDIN") as copy:
                for i in range(1, 51):
                    ident = "x" if i == 7 else str(i)
                    # one CopyData per line; libpq keeps CopyData in its output buffer until
                    # 8 KB (psycopg asks for a flush only on macOS): flush each line, as a
                    # client streaming rows as they come would
                    copy.write(f"{ident}\tname {i}\n".encode())
                    conn.pgconn.flush()
                    time.sleep(0.005)
        except psycopg.Error as e:
            error("C", e)
        say("C", conn.execute("SELECT count(*) FROM copy_target").fetchone())


def pipeline_unique_violation():
    with psycopg.connect(conninfo(), autocommit=True) as conn:
        cur = conn.cursor()
        try:
            with conn.pipeline():
                cur.execute("INSERT INTO uniq (id, v) VALUES (%s, %s)", [1, "one"])
                cur.execute("INSERT INTO uniq (id, v) VALUES (%s, %s)", [2, "two"])
                cur.execute("INSERT INTO uniq (id, v) VALUES (%s, %s)", [1, "one again"])
                cur.execute("INSERT INTO uniq (id, v) VALUES (%s, %s)", [3, "three"])
        except psycopg.Error as e:
            error("C", e)
        say("C", conn.execute("SELECT count(*) FROM uniq").fetchone())


def psycopg_pipeline_ok():
    with psycopg.connect(conninfo(), autocommit=True) as conn:
        cur = conn.cursor()
        with conn.pipeline():
            cur.execute("INSERT INTO uniq (id, v) VALUES (%s, %s)", [10, "ten"])
            cur.execute("INSERT INTO uniq (id, v) VALUES (%s, %s)", [11, "eleven"])
            cur.execute("SELECT v FROM uniq WHERE id = %s", [10])
            r1 = cur.fetchone()
            cur.execute("SELECT count(*) FROM uniq WHERE id > %s", [5])
            r2 = cur.fetchone()
            cur.execute("UPDATE items SET qty = qty + %s WHERE id = %s", [1, 2])
            cur.execute("SELECT id, qty FROM items WHERE id = %s", [2])
            r3 = cur.fetchone()
        say("C", [r1, r2, r3])


def midstream_close_bind():
    # libpq through psycopg's low-level pq API: Parse S_1 (prepare), then Close S_1 + Sync
    # (PQsendClosePrepared, libpq >= 17), then Bind S_1 ... Sync (PQsendQueryPrepared) -> 26000.
    # make-real-captures.sh cuts the capture so that it starts at the Close.
    conn = psycopg.connect(conninfo(), autocommit=True)
    pgc = conn.pgconn
    res = pgc.prepare(b"S_1", b"SELECT 42")
    say("C", f"prepare: {res.status}")
    time.sleep(1.0)  # the cut point lies in this pause
    res = pgc.close_prepared(b"S_1")
    say("C", f"close: {res.status}")
    res = pgc.exec_prepared(b"S_1", [])
    say("C", f"exec: {res.status} {res.error_field(pq.DiagnosticField.SQLSTATE)} "
        f"{res.error_message.decode().strip()}")
    conn.close()


if __name__ == "__main__":
    globals()[sys.argv[1].replace("-", "_")]()
