package dev.pgwb.protocol.codec.value;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoders against the real PostgreSQL 18: for each SQL expression, the type's own send
 * function gives the exact binary wire bytes and format('%s', v) the type's own output function
 * text (not a cast to text, which differs for bool, inet and bpchar); rendering the bytes must
 * give that text.
 */
@ExtendWith(PostgresExtension.class)
class ValueRendererServerTest {

    static Stream<String> expressions() {
        return Stream.of(
                // bool and integers
                "true", "false",
                "0::int2", "(-32768)::int2", "32767::int2",
                "42::int4", "(-2147483648)::int4", "2147483647::int4",
                "(-9223372036854775808)::int8", "9223372036854775807::int8", "0::int8",
                "0::oid", "4294967295::oid", "'4294967295'::xid", "'7'::cid", "'18446744073709551615'::xid8",
                // floats
                "0::float4", "'-0'::float4", "1.5::float4", "'NaN'::float4", "'Infinity'::float4", "'-Infinity'::float4",
                "1e6::float4", "100000::float4", "1e-5::float4", "0.0001::float4", "3.4028235e38::float4",
                "1.4e-45::float4", "0.1::float4", "16777217::float4", "1.17549435e-38::float4", "(-123.456)::float4",
                "0::float8", "'-0'::float8", "0.1::float8", "1e15::float8", "1e14::float8", "123456789012345::float8",
                "1234567890123456::float8", "5e-324::float8", "1.7976931348623157e308::float8", "'NaN'::float8",
                "'Infinity'::float8", "'-Infinity'::float8", "1e-5::float8", "0.0001::float8", "pi()",
                "2.2250738585072014e-308::float8", "1e22::float8", "1e23::float8", "9007199254740993::float8",
                "(-1.0/3)::float8", "1e100::float8", "(-2.5e-300)::float8",
                // numeric
                "0::numeric", "0.000::numeric", "(-1.5)::numeric", "123456789.123456789::numeric", "(-0.0001)::numeric",
                "0.00000000000000000001::numeric", "10000::numeric", "1e100::numeric", "'NaN'::numeric",
                "'Infinity'::numeric", "'-Infinity'::numeric", "12345678901234567890::numeric", "0.1000::numeric",
                "(-1000000)::numeric", "1.23e-10::numeric", "round(1/3::numeric, 40)", "9999.9999::numeric",
                "100000000.00000001::numeric", "(-0.00)::numeric", "1e-100::numeric",
                // text family
                "'hello'::text", "''::text", "'héllo ünïcode ☃ 𝄞'::text", "E'tab\\there\\nnewline'::text",
                "'with \"quote\"'::text", "'abc'::varchar(10)", "'ab'::char(5)", "'pg_class'::name", "'x'::bpchar",
                "'a'::\"char\"", "'\\200'::\"char\"", "''::\"char\"", "'\\377'::\"char\"",
                "'\\x'::bytea", "'\\xdeadbeef'::bytea", "'abc \\\\ '::bytea",
                "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", "'00000000-0000-0000-0000-000000000000'::uuid",
                "'{\"a\":  1}'::json", "'[]'::json",
                "'{\"b\": [1, 2, {\"c\": null}], \"a\": \"x\", \"é\": 1.50}'::jsonb", "'\"s\"'::jsonb", "'null'::jsonb",
                // dates and times
                "'2026-11-21'::date", "'infinity'::date", "'-infinity'::date", "'0044-03-15 BC'::date",
                "'4714-11-24 BC'::date", "'5874897-12-31'::date", "'1999-12-31'::date", "'2000-01-01'::date",
                "'0001-01-01'::date", "'0001-12-31 BC'::date", "'1900-02-28'::date", "'2024-02-29'::date",
                "'00:00'::time", "'23:59:59.999999'::time", "'24:00:00'::time", "'10:00:00.5'::time",
                "'12:34:56.123'::time", "'00:00:00.000001'::time",
                "'10:00:00+02'::timetz", "'10:00:00-05:30'::timetz", "'00:00:00+00'::timetz",
                "'23:59:59.999999-15:59:59'::timetz", "'12:00+14'::timetz", "'24:00:00-01:02:03'::timetz",
                "'2026-11-21 10:00:00'::timestamp", "'2026-11-21 10:00:00.123'::timestamp", "'infinity'::timestamp",
                "'-infinity'::timestamp", "'4714-11-24 00:00:00 BC'::timestamp", "'294276-12-31 23:59:59.999999'::timestamp",
                "'1970-01-01'::timestamp", "'0044-03-15 12:00 BC'::timestamp", "'1999-12-31 23:59:59.999999'::timestamp",
                "'12345-06-07 08:09:10.1'::timestamp",
                "'2026-11-21 12:00:00+02'::timestamptz", "'2026-11-21 10:00:00.25+00'::timestamptz",
                "'infinity'::timestamptz", "'-infinity'::timestamptz", "'0044-03-15 12:00+00 BC'::timestamptz",
                "'1969-12-31 23:59:59.999999+00'::timestamptz", "'4714-11-24 00:00:00+00 BC'::timestamptz",
                "'294276-12-31 23:59:59.999999+00'::timestamptz",
                "'1 year 2 mons 3 days 04:05:06.5'::interval", "'0'::interval", "'-1 year'::interval",
                "'1 day -1 hour'::interval", "'-1 day +1 hour'::interval", "'-0.5 sec'::interval",
                "'infinity'::interval", "'-infinity'::interval", "'178000000 years'::interval",
                "'-178000000 years'::interval", "'2147483647 days'::interval", "'-2147483648 days'::interval",
                "'1 mon -1 day'::interval", "'13 mons'::interval", "'-13 mons'::interval", "'100 hours'::interval",
                "'-1 mon +1 day -00:00:01'::interval", "'1 year 1 mon 1 day 01:01:01.000001'::interval",
                "'2562047788:00:54.775807'::interval", "'-2562047788:00:54.775807'::interval", "'1 year -1 mon'::interval",
                "'-1 days -02:03:04'::interval", "'1 mon'::interval", "'1 day'::interval",
                // network
                "'192.168.1.1'::inet", "'10.1.2.3/8'::inet", "'::1'::inet", "'::ffff:1.2.3.4'::inet", "'::1.2.3.4'::inet",
                "'2001:db8::1/64'::inet", "'fe80::1:2:3:4'::inet", "'1:0:0:1:0:0:0:1'::inet", "'0.0.0.0/0'::inet",
                "'::/0'::inet", "'1::'::inet", "'1:2:3:4:5:6:7:8'::inet", "'0:0:1:0:0:0:0:0'::inet",
                "'1:0:0:2:0:0:3:4'::inet", "'::ffff:0:1.2.3.4'::inet", "'::0:1'::inet", "'::2'::inet",
                "'::1:2:3:4:5:6'::inet", "'::fffe:1.2.3.4'::inet", "'10.0.0.1/32'::inet", "'::1/128'::inet",
                "'10.0.0.0/8'::cidr", "'192.168.1.0/24'::cidr", "'192.168.1.1/32'::cidr", "'2001:db8::/32'::cidr",
                "'::/0'::cidr", "'::ffff:0.0.0.0/96'::cidr", "'0.0.0.0/0'::cidr", "'::1/128'::cidr",
                "'08:00:2b:01:02:03'::macaddr", "'ff:ff:ff:ff:ff:ff'::macaddr",
                "'08:00:2b:01:02:03:04:05'::macaddr8", "'08:00:2b:01:02:03'::macaddr8",
                // arrays
                "'{1,2,3}'::int4[]", "'{{1,2},{3,4}}'::int4[]", "'{}'::int4[]", "'[0:2]={1,2,3}'::int4[]",
                "'[-5:-4][3:4]={{1,2},{3,4}}'::int4[]", "'{{NULL,1},{2,NULL}}'::int4[]",
                "'{{{1,2},{3,4}},{{5,6},{7,8}}}'::int8[]", "array_fill(7, ARRAY[1,1,1,1,1,2])",
                "ARRAY[NULL, 'a b', 'with \"quote\"', 'back\\slash', '', 'NULL', 'null', '{braces}', 'comma,', E'tab\\t', 'plain', 'Nul']",
                "ARRAY[1.5, NULL, 'NaN', '-Infinity', 0.000]::numeric[]", "ARRAY[1.5, 'NaN', '-0', 1e300]::float8[]",
                "ARRAY[0.1, 'Infinity']::float4[]", "ARRAY[true, false, NULL]", "ARRAY[1, -1]::int2[]", "ARRAY[1, 4294967295]::oid[]",
                "ARRAY['2026-11-21 10:00:00+00', 'infinity']::timestamptz[]", "ARRAY['2026-11-21 10:00:00.5', '0044-03-15 BC']::timestamp[]",
                "ARRAY['2026-11-21', 'infinity', '0001-01-01 BC']::date[]", "ARRAY['1 day', '0', '-1 year']::interval[]",
                "ARRAY['10:00', '24:00']::time[]", "ARRAY['10:00+02']::timetz[]",
                "ARRAY['10.0.0.1', '::1', '10.0.0.0/8']::inet[]", "ARRAY['10.0.0.0/8']::cidr[]",
                "ARRAY['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11']::uuid[]", "ARRAY['\\xdead'::bytea, '\\x'::bytea, NULL]",
                "ARRAY['{\"a\": 1}', '[1, \"x y\"]', 'null']::jsonb[]", "ARRAY['{\"a\":1}', '1']::json[]",
                "ARRAY['ab', 'c d']::char(3)[]", "ARRAY['a', 'b c']::varchar[]", "ARRAY['pg_class']::name[]",
                "ARRAY['a', '\\200', '\"', '\\\\', ',', ' ']::\"char\"[]", "ARRAY['08:00:2b:01:02:03']::macaddr[]",
                "ARRAY['08:00:2b:01:02:03:04:05']::macaddr8[]", "ARRAY[ARRAY['x', NULL], ARRAY['{', '}']]",
                "'{{}}'::text[]", "'[2:3]={a,b}'::text[]",
                "'1 2 3'::int2vector", "''::int2vector", "'1 4294967295'::oidvector");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expressions")
    void binaryRendersAsTheServerPrints(String expr, PgServer pg) throws Exception {
        try (Connection c = connect(pg)) {
            String send = sendFunction(c, expr);
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT " + send + "(v), format('%s', v), pg_typeof(v)::oid FROM (SELECT "
                         + expr + " AS v) t")) {
                rs.next();
                byte[] wire = rs.getBytes(1);
                String expected = new String(rs.getBytes(2), StandardCharsets.UTF_8);
                int oid = (int) rs.getLong(3);
                assertThat(ValueRenderer.render(oid, 1, wire, 0, wire.length, StandardCharsets.UTF_8))
                        .as("%s (%s)", expr, ValueRenderer.typeName(oid))
                        .isEqualTo(expected);
                byte[] text = rs.getBytes(2);
                assertThat(ValueRenderer.render(oid, 0, text, 0, text.length, StandardCharsets.UTF_8)).isEqualTo(expected);
            }
        }
    }

    /** Names and array element types in BuiltinTypes are the server's own. */
    @Test
    void typeNamesAndArrayElementsMatchPgType(PgServer pg) throws Exception {
        try (Connection c = connect(pg); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT oid, typname, typelem, typsend::text FROM pg_type WHERE oid < 10000")) {
            int rows = 0;
            while (rs.next()) {
                int oid = (int) rs.getLong(1);
                assertThat(ValueRenderer.typeName(oid)).isEqualTo(rs.getString(2));
                boolean array = List.of("array_send", "int2vectorsend", "oidvectorsend").contains(rs.getString(4));
                assertThat(BuiltinTypes.elementOf(oid)).as(rs.getString(2)).isEqualTo(array ? (int) rs.getLong(3) : 0);
                rows++;
            }
            assertThat(rows).isGreaterThan(150);
        }
        assertThat(ValueRenderer.typeName(16384)).isEqualTo("oid 16384");
    }

    /** Thousands of random bit patterns: the shortest-digits choice and the fixed/exponent switch must agree with Ryu. */
    @Test
    void randomFloatsRenderAsTheServerPrints(PgServer pg) throws Exception {
        Random random = new Random(20261121);
        List<String> doubles = new ArrayList<>();
        List<String> floats = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            float f = Float.intBitsToFloat(random.nextInt());
            double scaled = random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            for (double v : new double[] {d, scaled, Math.rint(scaled), Double.longBitsToDouble(random.nextLong(1L << 52))}) {
                if (!Double.isNaN(v)) {
                    doubles.add(Double.toString(v));
                }
            }
            for (float v : new float[] {f, (float) scaled, Float.intBitsToFloat(random.nextInt(1 << 23))}) {
                if (!Float.isNaN(v)) {
                    floats.add(Float.toString(v));
                }
            }
        }
        compareAll(pg, "SELECT float8send(v), format('%s', v) FROM unnest(?::float8[]) v", doubles, TypeOids.FLOAT8);
        compareAll(pg, "SELECT float4send(v), format('%s', v) FROM unnest(?::float4[]) v", floats, TypeOids.FLOAT4);
    }

    @Test
    void randomNumericsTimestampsAndIntervalsRenderAsTheServerPrints(PgServer pg) throws Exception {
        compareQuery(pg, "SELECT numeric_send(v), format('%s', v) FROM (SELECT round(((random() - 0.5) * 10 ^ (random() * 60 - 30))::numeric,"
                + " (random() * 40)::int) AS v FROM generate_series(1, 2000)) t", TypeOids.NUMERIC);
        compareQuery(pg, "SELECT timestamp_send(v), format('%s', v) FROM (SELECT (date '2000-01-01' + (random() * 106000000 - 2451000)::int)"
                + " + ((random() * 86399999999)::bigint * interval '1 microsecond') AS v FROM generate_series(1, 2000)) t",
                TypeOids.TIMESTAMP);
        compareQuery(pg, "SELECT timestamptz_send(v), format('%s', v) FROM (SELECT ((date '2000-01-01' + (random() * 200000 - 100000)::int)"
                + " + ((random() * 86399999999)::bigint * interval '1 microsecond'))::timestamptz AS v FROM generate_series(1, 2000)) t",
                TypeOids.TIMESTAMPTZ);
        compareQuery(pg, "SELECT interval_send(v), format('%s', v) FROM (SELECT make_interval(0, (random() * 4000 - 2000)::int, 0,"
                + " (random() * 4000 - 2000)::int) + ((random() * 2e15 - 1e15)::bigint * interval '1 microsecond')"
                + " * (random() < 0.8)::int AS v FROM generate_series(1, 2000)) t", TypeOids.INTERVAL);
    }

    private static void compareAll(PgServer pg, String sql, List<String> values, int oid) throws SQLException {
        try (Connection c = connect(pg); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, "{" + String.join(",", values) + "}");
            try (ResultSet rs = ps.executeQuery()) {
                assertRows(rs, oid, values.size());
            }
        }
    }

    private static void compareQuery(PgServer pg, String sql, int oid) throws SQLException {
        try (Connection c = connect(pg); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertRows(rs, oid, 2000);
        }
    }

    private static void assertRows(ResultSet rs, int oid, int expectedRows) throws SQLException {
        int rows = 0;
        List<String> mismatches = new ArrayList<>();
        while (rs.next()) {
            byte[] wire = rs.getBytes(1);
            String expected = rs.getString(2);
            String actual = ValueRenderer.render(oid, 1, wire, 0, wire.length, StandardCharsets.UTF_8);
            if (!actual.equals(expected)) {
                mismatches.add(expected + " rendered as " + actual);
            }
            rows++;
        }
        assertThat(mismatches).isEmpty();
        assertThat(rows).isEqualTo(expectedRows);
    }

    /** The session settings the output functions depend on, spelled out rather than left to pgJDBC's startup. */
    private static Connection connect(PgServer pg) throws SQLException {
        Properties p = new Properties();
        p.setProperty("binaryTransfer", "false");
        Connection c = pg.connect(p);
        try (Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres';"
                    + " SET extra_float_digits = 1; SET bytea_output = 'hex'; SET standard_conforming_strings = on");
        }
        return c;
    }

    private static String sendFunction(Connection c, String expr) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT typsend::regproc::text FROM pg_type WHERE oid = pg_typeof(" + expr + ")::oid")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
