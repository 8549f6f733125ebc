package dev.pgwb.protocol.codec;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL encoding names (as in client_encoding and the "Character Sets" table) mapped to Java
 * charsets. PostgreSQL ignores case, underscores and dashes in these names; so do we.
 */
public final class PgEncodings {
    private static final Map<String, String> JAVA_NAMES = Map.ofEntries(
            Map.entry("UTF8", "UTF-8"), Map.entry("UNICODE", "UTF-8"),
            Map.entry("SQLASCII", "ISO-8859-1"), // bytes above 127 have no meaning; show them 1:1 rather than as errors
            Map.entry("LATIN1", "ISO-8859-1"), Map.entry("LATIN2", "ISO-8859-2"), Map.entry("LATIN3", "ISO-8859-3"),
            Map.entry("LATIN4", "ISO-8859-4"), Map.entry("LATIN5", "ISO-8859-9"), Map.entry("LATIN6", "ISO-8859-10"),
            Map.entry("LATIN7", "ISO-8859-13"), Map.entry("LATIN8", "ISO-8859-14"), Map.entry("LATIN9", "ISO-8859-15"),
            Map.entry("LATIN10", "ISO-8859-16"),
            Map.entry("ISO88595", "ISO-8859-5"), Map.entry("ISO88596", "ISO-8859-6"), Map.entry("ISO88597", "ISO-8859-7"),
            Map.entry("ISO88598", "ISO-8859-8"),
            Map.entry("WIN866", "IBM866"), Map.entry("WIN874", "x-windows-874"), Map.entry("WIN1250", "windows-1250"),
            Map.entry("WIN1251", "windows-1251"), Map.entry("WIN1252", "windows-1252"), Map.entry("WIN1253", "windows-1253"),
            Map.entry("WIN1254", "windows-1254"), Map.entry("WIN1255", "windows-1255"), Map.entry("WIN1256", "windows-1256"),
            Map.entry("WIN1257", "windows-1257"), Map.entry("WIN1258", "windows-1258"), Map.entry("WIN", "windows-1251"),
            Map.entry("KOI8R", "KOI8-R"), Map.entry("KOI8", "KOI8-R"), Map.entry("KOI8U", "KOI8-U"),
            Map.entry("GBK", "GBK"), Map.entry("CP936", "GBK"), Map.entry("GB18030", "GB18030"),
            Map.entry("BIG5", "Big5"), Map.entry("EUCCN", "GB2312"), Map.entry("EUCJP", "EUC-JP"),
            Map.entry("EUCJIS2004", "EUC-JP"), Map.entry("EUCKR", "EUC-KR"), Map.entry("EUCTW", "x-EUC-TW"),
            Map.entry("SJIS", "Shift_JIS"), Map.entry("MSKANJI", "Shift_JIS"), Map.entry("SHIFTJIS", "Shift_JIS"),
            Map.entry("SHIFTJIS2004", "Shift_JIS"), Map.entry("UHC", "x-windows-949"), Map.entry("JOHAB", "x-Johab"),
            Map.entry("TCVN", "windows-1258"), Map.entry("TCVN5712", "windows-1258"), Map.entry("VSCII", "windows-1258"),
            Map.entry("ALT", "IBM866"), Map.entry("WIN949", "x-windows-949"), Map.entry("WIN950", "Big5"),
            Map.entry("ABC", "windows-1258"), Map.entry("MULEINTERNAL", "ISO-8859-1"));

    private PgEncodings() {
    }

    /** The charset for a PostgreSQL encoding name, if Java has one. */
    public static Optional<Charset> charset(String pgName) {
        if (pgName == null) {
            return Optional.empty();
        }
        String key = pgName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        String java = JAVA_NAMES.get(key);
        if (java == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.equals("UTF-8") ? StandardCharsets.UTF_8 : Charset.forName(java));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
