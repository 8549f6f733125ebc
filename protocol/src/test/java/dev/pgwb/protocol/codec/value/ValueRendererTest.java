package dev.pgwb.protocol.codec.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hand-made wire vectors for every decoded type (several taken from the server's *_send output);
 * {@link ValueRendererServerTest} checks the same decoders against a live PostgreSQL 18.
 */
class ValueRendererTest {

    static String bin(int oid, String hex) {
        byte[] b = HexFormat.of().parseHex(hex.replace(" ", ""));
        return ValueRenderer.render(oid, 1, b, 0, b.length, StandardCharsets.UTF_8);
    }

    static String text(int oid, String s, Charset cs) {
        byte[] b = s.getBytes(cs);
        return ValueRenderer.render(oid, 0, b, 0, b.length, cs);
    }

    @Nested
    class Numbers {
        @ParameterizedTest
        @CsvSource({
                "16, 01, t", "16, 00, f", "16, 02, t",
                "21, 0000, 0", "21, ffff, -1", "21, 8000, -32768", "21, 7fff, 32767",
                "23, 0000002a, 42", "23, 80000000, -2147483648", "23, 7fffffff, 2147483647",
                "20, 8000000000000000, -9223372036854775808", "20, 7fffffffffffffff, 9223372036854775807",
                "26, ffffffff, 4294967295", "28, 00000003, 3", "5069, ffffffffffffffff, 18446744073709551615",
        })
        void integers(int oid, String hex, String expected) {
            assertThat(bin(oid, hex)).isEqualTo(expected);
        }

        @ParameterizedTest
        @CsvSource({
                "3fc00000, 1.5", "7fc00000, NaN", "7f800000, Infinity", "ff800000, -Infinity",
                "00000000, 0", "80000000, -0", "49742400, 1e+06", "47c35000, 100000", "3dcccccd, 0.1",
                "00000001, 1e-45", "7f7fffff, 3.4028235e+38", "3727c5ac, 1e-05", "38d1b717, 0.0001",
                "c2f6e979, -123.456",
        })
        void float4(String hex, String expected) {
            assertThat(bin(TypeOids.FLOAT4, hex)).isEqualTo(expected);
        }

        @ParameterizedTest
        @CsvSource({
                "3ff8000000000000, 1.5", "7ff8000000000000, NaN", "7ff0000000000000, Infinity",
                "fff0000000000000, -Infinity", "8000000000000000, -0", "3fb999999999999a, 0.1",
                "0000000000000001, 5e-324", "7fefffffffffffff, 1.7976931348623157e+308",
                "430c6bf526340000, 1e+15", "42d6bcc41e900000, 100000000000000",
                // 1e23 lies exactly on the midpoint between two doubles: PostgreSQL does not accept it
                "44b52d02c7e14af6, 9.999999999999999e+22",
                "400921fb54442d18, 3.141592653589793", "bfd5555555555555, -0.3333333333333333",
        })
        void float8(String hex, String expected) {
            assertThat(bin(TypeOids.FLOAT8, hex)).isEqualTo(expected);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "0006 0002 0000 0009 0001 0929 1a85 04d2 162e 2328 | 123456789.123456789",
                "0002 0000 4000 0001 0001 1388 | -1.5",
                "0000 0000 0000 0003 | 0.000",
                "0000 0000 0000 0000 | 0",
                "0001 fffb 0000 0014 0001 | 0.00000000000000000001",
                "0001 ffff 4000 0004 0001 | -0.0001",
                "0001 0001 0000 0000 0001 | 10000",
                "0001 0019 0000 0000 0001 | 10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
                "0000 0000 c000 0000 | NaN",
                "0000 0000 d000 0000 | Infinity",
                "0000 0000 f000 0000 | -Infinity",
                // digits beyond dscale are cut, as numeric_recv truncates them
                "0002 0000 0000 0002 0001 0929 | 1.23",
                // ... and a negative value that truncates to zero loses its sign
                "0001 fffe 4000 0002 0064 | 0.00",
                "0002 0000 0000 0004 270f 270f | 9999.9999",
                // leading zero digits are not canonical, but numeric_recv accepts and drops them
                "0002 0001 0000 0000 0000 0005 | 5",
                "0000 0003 0000 0001 | 0.0",
        })
        void numeric(String hex, String expected) {
            assertThat(bin(TypeOids.NUMERIC, hex)).isEqualTo(expected);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "16 | | \\x (not a valid bool: 0 bytes)",
                "23 | 0102 | \\x0102 (not a valid int4: 2 bytes)",
                "20 | 00000001 | \\x00000001 (not a valid int8: 4 bytes)",
                "700 | 0000000000 | \\x0000000000 (not a valid float4: 5 bytes)",
                "1700 | 0000 0000 1234 0000 | \\x0000000012340000 (not a valid numeric: sign 0x1234)",
                "1700 | 0001 0000 0000 0000 2710 | \\x00010000000000002710 (not a valid numeric: digit 10000)",
                "1700 | 0002 0000 0000 0000 0001 | \\x00020000000000000001 (not a valid numeric: 2 digits declared, 2 bytes follow)",
                "1700 | 0000 0000 0000 4000 | \\x0000000000004000 (not a valid numeric: dscale 16384)",
                "1700 | 0000 00 | \\x000000 (not a valid numeric: ends early)",
        })
        void invalidBytesBecomeHexWithANote(int oid, String hex, String expected) {
            assertThat(bin(oid, hex == null ? "" : hex)).isEqualTo(expected);
        }
    }

    @Nested
    class Texts {
        @Test
        void textFamilyDecodesInTheClientEncoding() {
            assertThat(bin(TypeOids.TEXT, "68c3a9")).isEqualTo("hé");
            assertThat(bin(TypeOids.VARCHAR, "")).isEmpty();
            assertThat(bin(TypeOids.BPCHAR, "6162202020")).isEqualTo("ab   ");
            assertThat(bin(TypeOids.NAME, "70675f636c617373")).isEqualTo("pg_class");
            assertThat(bin(TypeOids.TEXT, "61ff62")).isEqualTo("a\\xffb");
            byte[] latin1 = {0x68, (byte) 0xe9};
            assertThat(ValueRenderer.render(TypeOids.TEXT, 1, latin1, 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("hé");
        }

        @Test
        void singleChar() {
            assertThat(bin(TypeOids.CHAR, "61")).isEqualTo("a");
            assertThat(bin(TypeOids.CHAR, "80")).isEqualTo("\\200");
            assertThat(bin(TypeOids.CHAR, "ff")).isEqualTo("\\377");
            assertThat(bin(TypeOids.CHAR, "00")).isEmpty();
            assertThat(bin(TypeOids.CHAR, "6162")).isEqualTo("\\x6162 \"ab\" (not a valid char: 2 bytes)");
        }

        @Test
        void byteaAndUuid() {
            assertThat(bin(TypeOids.BYTEA, "")).isEqualTo("\\x");
            assertThat(bin(TypeOids.BYTEA, "deadbeef")).isEqualTo("\\xdeadbeef");
            assertThat(bin(TypeOids.UUID, "a0eebc999c0b4ef8bb6d6bb9bd380a11")).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
            assertThat(bin(TypeOids.UUID, "a0eebc999c0b4ef8bb6d6bb9bd380a"))
                    .isEqualTo("\\xa0eebc999c0b4ef8bb6d6bb9bd380a (not a valid uuid: 15 bytes)");
        }

        @Test
        void jsonAndJsonb() {
            assertThat(bin(TypeOids.JSON, "7b2261223a20317d")).isEqualTo("{\"a\": 1}");
            assertThat(bin(TypeOids.JSONB, "01" + "7b2261223a20317d")).isEqualTo("{\"a\": 1}");
            assertThat(bin(TypeOids.JSONB, "02" + "7b7d")).isEqualTo("\\x027b7d \".{}\" (not a valid jsonb: version 2)");
            assertThat(bin(TypeOids.JSONB, "")).isEqualTo("\\x (not a valid jsonb: no version byte)");
        }

        @Test
        void textFormatIsTheTextForEveryType() {
            assertThat(text(TypeOids.INT4, "42", StandardCharsets.UTF_8)).isEqualTo("42");
            assertThat(text(TypeOids.TIMESTAMPTZ, "2026-11-21 10:00:00+00", StandardCharsets.UTF_8)).isEqualTo("2026-11-21 10:00:00+00");
            assertThat(text(TypeOids.INT4_ARRAY, "{1,2}", StandardCharsets.UTF_8)).isEqualTo("{1,2}");
            assertThat(text(99999, "whatever ☃", StandardCharsets.UTF_8)).isEqualTo("whatever ☃");
            byte[] bad = {0x41, (byte) 0xc3};
            assertThat(ValueRenderer.render(TypeOids.TEXT, 0, bad, 0, 2, StandardCharsets.UTF_8)).isEqualTo("A\\xc3");
        }
    }

    @Nested
    class DatesAndTimes {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "1082 | 00000000 | 2000-01-01",
                "1082 | ffffffff | 1999-12-31",
                "1082 | 0000265d | 2026-11-21",
                "1082 | fff49d7b | 0044-03-15 BC",
                "1082 | 7fffffff | infinity",
                "1082 | 80000000 | -infinity",
                "1082 | ffda97a7 | 4714-11-24 BC",
                "1083 | 0000000000000000 | 00:00:00",
                "1083 | 000000141dd76000 | 24:00:00",
                "1083 | 0000000861cc0920 | 10:00:00.5",
                "1083 | 0000000000000001 | 00:00:00.000001",
                "1266 | 0000000861c46800 ffffe3e0 | 10:00:00+02",
                "1266 | 0000000861c46800 00004d58 | 10:00:00-05:30",
                "1266 | 0000000000000000 00000000 | 00:00:00+00",
                "1266 | 0000000000000000 ffff1f1d | 00:00:00+15:59:31",
                "1114 | 000303c531442878 | 2026-11-21 10:00:00.123",
                "1114 | 0000000000000000 | 2000-01-01 00:00:00",
                "1114 | ffffffffffffffff | 1999-12-31 23:59:59.999999",
                "1114 | 7fffffffffffffff | infinity",
                "1114 | 8000000000000000 | -infinity",
                "1184 | 000303c531424800 | 2026-11-21 10:00:00+00",
                "1184 | 000303c531518a40 | 2026-11-21 10:00:01+00",
                "1184 | fd0f7cc1411fa000 | 4714-11-24 00:00:00+00 BC",
                "1186 | 000000036c9361a0 00000003 0000000e | 1 year 2 mons 3 days 04:05:06.5",
                "1186 | 0000000000000000 00000000 00000000 | 00:00:00",
                "1186 | 0000000000000000 00000000 fffffff4 | -1 years",
                "1186 | ffffffff296c5c00 00000001 00000000 | 1 day -01:00:00",
                "1186 | 00000000d693a400 ffffffff 00000000 | -1 days +01:00:00",
                "1186 | fffffffffff85ee0 00000000 00000000 | -00:00:00.5",
                "1186 | 0000000000000000 00000001 00000001 | 1 mon 1 day",
                "1186 | 0000000000000000 ffffffff 00000001 | 1 mon -1 days",
                "1186 | fffffffffc4df480 00000001 ffffffff | -1 mons +1 day -00:01:02",
                "1186 | 7fffffffffffffff 7fffffff 7fffffff | infinity",
                "1186 | 8000000000000000 80000000 80000000 | -infinity",
        })
        void binary(int oid, String hex, String expected) {
            assertThat(bin(oid, hex)).isEqualTo(expected);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "1082 | 0000 | \\x0000 (not a valid date: 2 bytes)",
                "1082 | 7ffffffe | \\x7ffffffe (not a valid date: day 2147483646 is out of range)",
                "1083 | 000000141dd76001 | \\x000000141dd76001 (not a valid time: 86400000001 µs is out of range)",
                "1266 | 0000000000000000 0000e100 | \\x00000000000000000000e100 (not a valid timetz: zone 57600 s is out of range)",
                "1114 | 7ffffffffffffffe | \\x7ffffffffffffffe (not a valid timestamp: 9223372036854775806 µs is out of range)",
                "1186 | 00000000 | \\x00000000 (not a valid interval: 4 bytes)",
        })
        void invalid(int oid, String hex, String expected) {
            assertThat(bin(oid, hex)).isEqualTo(expected);
        }
    }

    @Nested
    class Network {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "869 | 02 20 00 04 c0a80101 | 192.168.1.1",
                "869 | 02 08 00 04 0a010203 | 10.1.2.3/8",
                "869 | 03 80 00 10 00000000000000000000000000000001 | ::1",
                "869 | 03 40 00 10 20010db8000000000000000000000001 | 2001:db8::1/64",
                "869 | 03 80 00 10 00000000000000000000ffff01020304 | ::ffff:1.2.3.4",
                "869 | 03 80 00 10 00000000000000000000000001020304 | ::1.2.3.4",
                "869 | 03 80 00 10 00010000000000010000000000000001 | 1:0:0:1::1",
                "869 | 03 80 00 10 00010000000000000000000000000000 | 1::",
                "869 | 03 80 00 10 fe800000000000000001000200030004 | fe80::1:2:3:4",
                "869 | 03 00 00 10 00000000000000000000000000000000 | ::/0",
                "650 | 02 08 01 04 0a000000 | 10.0.0.0/8",
                "650 | 02 20 01 04 c0a80101 | 192.168.1.1/32",
                "650 | 03 20 01 10 20010db8000000000000000000000000 | 2001:db8::/32",
                "829 | 08002b010203 | 08:00:2b:01:02:03",
                "774 | 08002b0102030405 | 08:00:2b:01:02:03:04:05",
                "774 | 08002b010203 | 08:00:2b:ff:fe:01:02:03",
        })
        void binary(int oid, String hex, String expected) {
            assertThat(bin(oid, hex)).isEqualTo(expected);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "869 | 0a200004c0a80101 | \\x0a200004c0a80101 (not a valid inet: address family 10)",
                "869 | 02210004c0a80101 | \\x02210004c0a80101 (not a valid inet: 33 mask bits)",
                "869 | 02200010c0a80101 | \\x02200010c0a80101 (not a valid inet: address length 16)",
                "869 | 02200004c0a801 | \\x02200004c0a801 (not a valid inet: ends early)",
                "650 | 020801040a010000 | \\x020801040a010000 (not a valid cidr: bits set to the right of the /8 mask)",
                "829 | 08002b0102 | \\x08002b0102 (not a valid macaddr: 5 bytes)",
        })
        void invalid(int oid, String hex, String expected) {
            assertThat(bin(oid, hex)).isEqualTo(expected);
        }
    }

    @Nested
    class Arrays {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                // {1,2,3}
                "1007 | 00000001 00000000 00000017 00000003 00000001 00000004 00000001 00000004 00000002 00000004 00000003 | {1,2,3}",
                // {{1,2},{3,4}}, from array_send
                "1007 | 000000020000000000000017000000020000000100000002000000010000000400000001000000040000000200000004000000030000000400000004 | {{1,2},{3,4}}",
                "1007 | 000000000000000000000017 | {}",
                "1007 | 0000000100000000000000170000000300000000000000040000000100000004000000020000000400000003 | [0:2]={1,2,3}",
                "1007 | 00000002000000010000001700000002000000010000000200000001ffffffff00000004000000010000000400000002ffffffff | {{NULL,1},{2,NULL}}",
                // an array with a zero-length dimension is empty, as array_recv makes it
                "1007 | 00000001 00000000 00000017 00000000 00000001 | {}",
                "1009 | 0000000100000001000000190000000300000001ffffffff000000036120620000000c77697468202271756f746522 | {NULL,\"a b\",\"with \\\"quote\\\"\"}",
                "1000 | 00000001 00000000 00000010 00000002 00000001 00000001 01 00000001 00 | {t,f}",
                "1001 | 00000001 00000000 00000011 00000001 00000001 00000002 dead | {\"\\\\xdead\"}",
                "22 | 00000001 00000000 00000015 00000003 00000000 00000002 0001 00000002 0002 00000002 0003 | 1 2 3",
        })
        void binary(int oid, String hex, String expected) {
            assertThat(bin(oid, hex)).isEqualTo(expected);
        }

        @Test
        void elementsAreQuotedAsArrayOutDoes() {
            StringBuilder sb = new StringBuilder();
            for (String e : new String[] {"", "NULL", "null", "a,b", "{x}", "back\\slash", "tab\t", "plain", "é", null}) {
                ArrayValue.appendElement(sb, e, ',');
                sb.append('|');
            }
            assertThat(sb).hasToString("\"\"|\"NULL\"|\"null\"|\"a,b\"|\"{x}\"|\"back\\\\slash\"|\"tab\t\"|plain|é|NULL|");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "1007 | 00000001 00000000 00000014 00000001 00000001 00000008 0000000000000001 | (not a valid _int4: element type 20 (int8) instead of 23 (int4))",
                "1007 | 00000001 00000000 00000017 00000001 00000001 00000002 0001 | (not a valid _int4: element 1 is not a valid int4: 2 bytes)",
                "1007 | 00000001 00000000 00000017 00000002 00000001 00000004 00000001 | (not a valid _int4: ends early)",
                "1007 | 00000007 00000000 00000017 | (not a valid _int4: 7 dimensions)",
                "1007 | 00000001 00000002 00000017 00000000 00000001 | (not a valid _int4: flags 2)",
                "1007 | 00000001 00000000 00000017 ffffffff 00000001 | (not a valid _int4: dimension 1 has length -1)",
                "1007 | 00000001 00000000 00000017 7fffffff 00000001 | (not a valid _int4: dimension 1 ends past the largest subscript)",
                "1007 | 00000002 00000000 00000017 00010000 00000001 00010000 00000001 | (not a valid _int4: 65536 elements cannot fit in 8 bytes)",
                "1007 | 00000001 00000000 00000017 00000001 00000001 00000004 00000001 00 | (not a valid _int4: 1 trailing bytes)",
                "1007 | 00000001 00000000 00000017 00000001 00000001 fffffffe | (not a valid _int4: element 1 has length -2 with 0 bytes left)",
                "1007 | 00000001 | (not a valid _int4: ends early)",
                "22 | 00000001 00000000 00000015 00000001 00000001 00000002 0001 | (not a valid int2vector: a vector has one dimension starting at 0)",
        })
        void invalid(int oid, String hex, String note) {
            assertThat(bin(oid, hex)).startsWith("\\x").endsWith(" " + note);
        }
    }

    @Nested
    class Fallbacks {
        @Test
        void unknownTypesShowHexAndAPreview() {
            assertThat(bin(99999, "6869")).isEqualTo("\\x6869 \"hi\" (binary oid 99999)");
            assertThat(bin(600, "0001")).isEqualTo("\\x0001 (binary point)");
            assertThat(bin(0, "")).isEqualTo("\\x (binary oid 0)");
            assertThat(bin(1017, "00")).isEqualTo("\\x00 (binary _point)");
        }

        @Test
        void longValuesAreCutInTheFallbackOnly() {
            byte[] big = new byte[10_000];
            java.util.Arrays.fill(big, (byte) 'a');
            String shown = ValueRenderer.render(99999, 1, big, 0, big.length, StandardCharsets.UTF_8);
            assertThat(shown).startsWith("\\x6161").contains("…").endsWith("aaaa…\" (binary oid 99999)").hasSizeLessThan(8400);
            assertThat(ValueRenderer.render(TypeOids.BYTEA, 1, big, 0, big.length, StandardCharsets.UTF_8)).hasSize(2 + 20_000);
        }

        @Test
        void otherFormatCodesAndBadSlicesDoNotThrow() {
            byte[] b = {1, 2};
            assertThat(ValueRenderer.render(TypeOids.INT4, 2, b, 0, 2, StandardCharsets.UTF_8)).isEqualTo("\\x0102 (format code 2)");
            assertThat(ValueRenderer.render(TypeOids.INT4, 1, b, 1, 5, StandardCharsets.UTF_8)).isNotNull();
            assertThat(ValueRenderer.render(TypeOids.INT4, 1, b, -1, 1, StandardCharsets.UTF_8)).isNotNull();
            assertThat(ValueRenderer.render(TypeOids.INT4, 1, null, 0, 0, StandardCharsets.UTF_8)).isNotNull();
            assertThat(ValueRenderer.render(TypeOids.TEXT, 1, b, 0, 2, null)).isEqualTo("\u0001\u0002");
        }

        @Test
        void decodesOnlyItsOwnSliceOfALargerBuffer() {
            byte[] b = HexFormat.of().parseHex("ffff0000002affff");
            assertThat(ValueRenderer.render(TypeOids.INT4, 1, b, 2, 4, StandardCharsets.UTF_8)).isEqualTo("42");
        }

        @Test
        void typeNames() {
            assertThat(ValueRenderer.typeName(23)).isEqualTo("int4");
            assertThat(ValueRenderer.typeName(1009)).isEqualTo("_text");
            assertThat(ValueRenderer.typeName(18)).isEqualTo("char");
            assertThat(ValueRenderer.typeName(1184)).isEqualTo("timestamptz");
            assertThat(ValueRenderer.typeName(12345)).isEqualTo("oid 12345");
            assertThat(ValueRenderer.typeName(-1)).isEqualTo("oid 4294967295");
        }
    }
}
