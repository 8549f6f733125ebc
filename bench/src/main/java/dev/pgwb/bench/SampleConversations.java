package dev.pgwb.bench;

import dev.pgwb.protocol.message.AuthenticationOk;
import dev.pgwb.protocol.message.BackendKeyData;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.CommandComplete;
import dev.pgwb.protocol.message.DataRow;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.ParameterStatus;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.message.RowDescription;
import dev.pgwb.protocol.message.RowField;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import dev.pgwb.protocol.message.Sync;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The connections the benchmarks replay, built with the Encoder from a fixed seed so every run
 * measures the same bytes.
 */
public final class SampleConversations {
    /** A socket read, as a relay's pump does it. */
    public static final int CHUNK_SIZE = 8 * 1024;
    public static final int RESULT_ROWS = 10_000;
    public static final int EXTENDED_BATCHES = 5_000;

    private static final long SEED = 0x5eed_2025L;
    private static final int INT4 = 23;
    private static final int INT8 = 20;
    private static final int FLOAT8 = 701;
    private static final int BOOL = 16;
    private static final int TEXT = 25;
    private static final int VARCHAR = 1043;
    private static final int NUMERIC = 1700;
    private static final int TIMESTAMPTZ = 1184;
    private static final int TABLE_OID = 16_384;
    /** atttypmod of numeric(12,2): ((precision << 16) | scale) + VARHDRSZ. */
    private static final int NUMERIC_12_2 = ((12 << 16) | 2) + 4;
    private static final int VARCHAR_64 = 64 + 4;

    private static final DateTimeFormatter PG_TIMESTAMPTZ =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);
    private static final Instant BASE_TIME = Instant.parse("2024-01-01T00:00:00Z");
    private static final String[] WORDS = {
        "invoice", "pending", "refund", "customer", "requested", "shipping", "delayed", "warehouse",
        "approved", "by", "the", "manager", "after", "review", "of", "order", "näher", "prüfen",
    };

    private SampleConversations() {
    }

    /** Startup, then {@code SELECT * FROM accounts} answered with 8 text-format columns of mixed widths. */
    public static Conversation textResult() {
        Conversation.Builder c = Conversation.builder(CHUNK_SIZE);
        startup(c);
        c.frontend(new Query("SELECT * FROM accounts"));
        c.backend(new RowDescription(List.of(
                column("id", 1, INT4, 4, -1, 0),
                column("account_no", 2, INT8, 8, -1, 0),
                column("name", 3, VARCHAR, -1, VARCHAR_64, 0),
                column("email", 4, TEXT, -1, -1, 0),
                column("balance", 5, NUMERIC, -1, NUMERIC_12_2, 0),
                column("created_at", 6, TIMESTAMPTZ, 8, -1, 0),
                column("active", 7, BOOL, 1, -1, 0),
                column("notes", 8, TEXT, -1, -1, 0))));
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (int i = 1; i <= RESULT_ROWS; i++) {
            String name = name(rnd);
            List<Bytes> row = new ArrayList<>(8);
            row.add(ascii(Integer.toString(i)));
            row.add(ascii(Long.toString(rnd.nextLong(1_000_000_000_000L))));
            row.add(utf8(name));
            row.add(utf8(name.toLowerCase() + "." + i + "@example.com"));
            row.add(ascii(balance(rnd).toPlainString()));
            row.add(ascii(PG_TIMESTAMPTZ.format(time(rnd))));
            row.add(ascii(rnd.nextInt(4) == 0 ? "f" : "t"));
            row.add(rnd.nextInt(5) == 0 ? null : utf8(notes(rnd)));
            c.backend(new DataRow(row));
        }
        c.backend(new CommandComplete("SELECT " + RESULT_ROWS));
        c.backend(new ReadyForQuery('I'));
        return c.build();
    }

    /** As {@link #textResult()} but every column in binary format, so values are rendered from their send format. */
    public static Conversation binaryResult() {
        Conversation.Builder c = Conversation.builder(CHUNK_SIZE);
        startup(c);
        c.frontend(new Query("SELECT * FROM ledger"));
        c.backend(new RowDescription(List.of(
                column("id", 1, INT4, 4, -1, 1),
                column("account_no", 2, INT8, 8, -1, 1),
                column("name", 3, TEXT, -1, -1, 1),
                column("score", 4, FLOAT8, 8, -1, 1),
                column("balance", 5, NUMERIC, -1, NUMERIC_12_2, 1),
                column("total", 6, NUMERIC, -1, -1, 1),
                column("created_at", 7, TIMESTAMPTZ, 8, -1, 1),
                column("active", 8, BOOL, 1, -1, 1))));
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (int i = 1; i <= RESULT_ROWS; i++) {
            List<Bytes> row = new ArrayList<>(8);
            row.add(BinaryValues.int4(i));
            row.add(BinaryValues.int8(rnd.nextLong(1_000_000_000_000L)));
            row.add(BinaryValues.text(name(rnd)));
            row.add(BinaryValues.float8(rnd.nextDouble() * 1000));
            row.add(BinaryValues.numeric(balance(rnd)));
            row.add(rnd.nextInt(10) == 0 ? null : BinaryValues.numeric(total(rnd)));
            row.add(BinaryValues.timestamptz(time(rnd)));
            row.add(BinaryValues.bool(rnd.nextInt(4) != 0));
            c.backend(new DataRow(row));
        }
        c.backend(new CommandComplete("SELECT " + RESULT_ROWS));
        c.backend(new ReadyForQuery('I'));
        return c.build();
    }

    /**
     * Startup, then a client's pipelined inserts through the extended protocol: Parse, Bind (int4 and
     * timestamptz binary, text and numeric as text), Describe portal, Execute, Sync per row.
     */
    public static Conversation extendedBatches() {
        Conversation.Builder c = Conversation.builder(CHUNK_SIZE);
        startup(c);
        String sql = "INSERT INTO accounts (id, name, balance, created_at) VALUES ($1, $2, $3, $4)";
        List<Integer> types = List.of(INT4, TEXT, NUMERIC, TIMESTAMPTZ);
        List<Integer> formats = List.of(1, 0, 0, 1);
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (int i = 1; i <= EXTENDED_BATCHES; i++) {
            c.frontend(new Parse("", sql, types));
            c.frontend(new Bind("", "", formats, List.of(
                    BinaryValues.int4(i),
                    utf8(name(rnd)),
                    ascii(balance(rnd).toPlainString()),
                    BinaryValues.timestamptz(time(rnd))), List.of()));
            c.frontend(new Describe('P', ""));
            c.frontend(new Execute("", 0));
            c.frontend(new Sync());
        }
        return c.build();
    }

    private static void startup(Conversation.Builder c) {
        c.frontend(new StartupMessage(196608, List.of(
                new StartupParameter("user", "bob"),
                new StartupParameter("database", "shop"),
                new StartupParameter("application_name", "pgwb-bench"),
                new StartupParameter("client_encoding", "UTF8"))));
        c.backend(new AuthenticationOk());
        String[][] params = {
            {"application_name", "pgwb-bench"}, {"client_encoding", "UTF8"}, {"DateStyle", "ISO, MDY"},
            {"integer_datetimes", "on"}, {"IntervalStyle", "postgres"}, {"is_superuser", "off"},
            {"server_encoding", "UTF8"}, {"server_version", "18.1"}, {"session_authorization", "bob"},
            {"standard_conforming_strings", "on"}, {"TimeZone", "UTC"},
        };
        for (String[] p : params) {
            c.backend(new ParameterStatus(p[0], p[1]));
        }
        c.backend(new BackendKeyData(4242, Bytes.ofHex("1a2b3c4d")));
        c.backend(new ReadyForQuery('I'));
    }

    private static RowField column(String name, int attribute, int typeOid, int typeSize, int typeModifier, int format) {
        return new RowField(name, TABLE_OID, attribute, typeOid, typeSize, typeModifier, format);
    }

    private static String name(SplittableRandom rnd) {
        int n = 5 + rnd.nextInt(20);
        StringBuilder s = new StringBuilder(n);
        s.append((char) ('A' + rnd.nextInt(26)));
        for (int i = 1; i < n; i++) {
            s.append((char) ('a' + rnd.nextInt(26)));
        }
        return s.toString();
    }

    private static String notes(SplittableRandom rnd) {
        int target = rnd.nextInt(200);
        StringBuilder s = new StringBuilder(target + 16);
        while (s.length() < target) {
            if (!s.isEmpty()) {
                s.append(' ');
            }
            s.append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return s.toString();
    }

    private static BigDecimal balance(SplittableRandom rnd) {
        return BigDecimal.valueOf(rnd.nextLong(-1_000_000_00L, 10_000_000_000L), 2);
    }

    private static BigDecimal total(SplittableRandom rnd) {
        BigInteger unscaled = BigInteger.valueOf(rnd.nextLong(Long.MAX_VALUE)).multiply(BigInteger.valueOf(rnd.nextLong(1_000_000L)));
        return new BigDecimal(unscaled, 6);
    }

    private static Instant time(SplittableRandom rnd) {
        return BASE_TIME.plusSeconds(rnd.nextLong(86_400L * 365)).plusNanos(rnd.nextLong(1_000_000L) * 1_000);
    }

    private static Bytes ascii(String s) {
        return Bytes.of(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static Bytes utf8(String s) {
        return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
    }
}
