package dev.pgwb.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqlStateTest {

    @Test
    void knownCodesHaveConditionAndClass() {
        assertThat(SqlState.lookup("26000"))
                .contains(new SqlState("26000", "invalid_sql_statement_name", "26", "Invalid SQL Statement Name"));
        assertThat(SqlState.lookup("42P01"))
                .contains(new SqlState("42P01", "undefined_table", "42", "Syntax Error or Access Rule Violation"));
        assertThat(SqlState.lookup("23505"))
                .contains(new SqlState("23505", "unique_violation", "23", "Integrity Constraint Violation"));
        assertThat(SqlState.lookup("08P01"))
                .contains(new SqlState("08P01", "protocol_violation", "08", "Connection Exception"));
        assertThat(SqlState.lookup("57014"))
                .contains(new SqlState("57014", "query_canceled", "57", "Operator Intervention"));
        assertThat(SqlState.lookup("00000"))
                .contains(new SqlState("00000", "successful_completion", "00", "Successful Completion"));
        assertThat(SqlState.lookup("XX000"))
                .contains(new SqlState("XX000", "internal_error", "XX", "Internal Error"));
        assertThat(SqlState.lookup("HV00R").map(SqlState::conditionName)).contains("fdw_table_not_found");
        assertThat(SqlState.lookup("P0001").map(SqlState::conditionName)).contains("raise_exception");
    }

    @Test
    void duplicatedCodesKeepTheNamedEntryAndTheirOwnClass() {
        // 2202E and 22008 appear twice; 26000, 34000, 3D000, 3F000 reappear (unnamed) under class 42.
        assertThat(SqlState.lookup("2202E").map(SqlState::conditionName)).contains("array_subscript_error");
        assertThat(SqlState.lookup("22008").map(SqlState::conditionName)).contains("datetime_field_overflow");
        assertThat(SqlState.lookup("34000"))
                .contains(new SqlState("34000", "invalid_cursor_name", "34", "Invalid Cursor Name"));
        assertThat(SqlState.lookup("3D000").map(SqlState::classCode)).contains("3D");
    }

    @Test
    void unlistedCodeOfAKnownClassGetsTheClassOnly() {
        SqlState s = SqlState.lookup("26ZZZ").orElseThrow();
        assertThat(s).isEqualTo(new SqlState("26ZZZ", "", "26", "Invalid SQL Statement Name"));
        assertThat(s.isKnown()).isFalse();
        assertThat(SqlState.describe("26ZZZ")).isEqualTo("26ZZZ (class 26: Invalid SQL Statement Name)");
    }

    @Test
    void unknownClassOrMalformedCodeGivesNothing() {
        assertThat(SqlState.lookup("ZZ123")).isEmpty();
        assertThat(SqlState.lookup("2600")).isEmpty();
        assertThat(SqlState.lookup("26000 ")).isEmpty();
        assertThat(SqlState.lookup("26a00")).isEmpty();
        assertThat(SqlState.lookup("")).isEmpty();
        assertThat(SqlState.lookup(null)).isEmpty();
        assertThat(SqlState.describe("ZZ123")).isEqualTo("ZZ123");
    }

    @Test
    void describeNamesCodeConditionAndClass() {
        assertThat(SqlState.describe("26000"))
                .isEqualTo("26000 invalid_sql_statement_name (class 26: Invalid SQL Statement Name)");
    }

    @Test
    void everyClassOfTheListIsPresent() {
        assertThat(SqlState.classes().keySet()).containsExactly(
                "00", "01", "02", "03", "08", "09", "0A", "0B", "0F", "0L", "0P", "0Z", "10", "20", "21", "22", "23",
                "24", "25", "26", "27", "28", "2B", "2D", "2F", "34", "38", "39", "3B", "3D", "3F", "40", "42",
                "44", "53", "54", "55", "57", "58", "F0", "HV", "P0", "XX");
        assertThat(SqlState.classes()).containsEntry("02", "No Data (this is also a warning class per the SQL standard)")
                .containsEntry("HV", "Foreign Data Wrapper Error (SQL/MED)")
                .containsEntry("10", "XQuery Error");
        // codes PostgreSQL 17 and 18 added are known
        assertThat(SqlState.lookup("25P04")).get().extracting(SqlState::conditionName).isEqualTo("transaction_timeout");
        assertThat(SqlState.lookup("58P03")).get().extracting(SqlState::conditionName).isEqualTo("file_name_too_long");
        // each class has its generic '000' code, except class 10, where PostgreSQL defines only 10608
        assertThat(SqlState.lookup("10608")).get().extracting(SqlState::conditionName).isEqualTo("invalid_argument_for_xquery");
        for (String classCode : SqlState.classes().keySet()) {
            if (classCode.equals("10")) {
                continue;
            }
            assertThat(SqlState.lookup(classCode + "000").filter(SqlState::isKnown)).as(classCode).isPresent();
        }
    }

    @Test
    void theWholeListIsLoaded() {
        assertThat(SqlState.all()).hasSizeGreaterThan(250);
        Set<String> codes = new HashSet<>();
        for (SqlState s : SqlState.all()) {
            assertThat(codes.add(s.code())).as("duplicate " + s.code()).isTrue();
            assertThat(s.code()).matches("[0-9A-Z]{5}");
            assertThat(s.conditionName()).matches("[a-z0-9_]+");
            assertThat(s.classCode()).isEqualTo(s.code().substring(0, 2));
            assertThat(s.className()).isNotEmpty();
        }
    }

    @Test
    void resourceIsShippedWithItsLicenceHeader() throws Exception {
        try (var in = SqlState.class.getResourceAsStream("errcodes.txt")) {
            assertThat(in).isNotNull();
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(text).startsWith("#\n# errcodes.txt\n#      PostgreSQL error codes\n")
                    .contains("PostgreSQL Global Development Group");
        }
    }
}
