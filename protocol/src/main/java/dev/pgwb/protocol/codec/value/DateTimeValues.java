package dev.pgwb.protocol.codec.value;

import java.nio.charset.Charset;
import java.time.LocalDate;

/**
 * date, time, timetz, timestamp, timestamptz, interval: integer counts since PostgreSQL's epoch
 * (2000-01-01), printed as with DateStyle = ISO and IntervalStyle = postgres, the defaults.
 * PostgreSQL's calendar is the proleptic Gregorian one, as java.time's, so LocalDate does the
 * day arithmetic; years before 1 are printed as {@code 0044 ... BC}.
 */
final class DateTimeValues {
    private DateTimeValues() {
    }

    private static final long EPOCH_DAY_2000 = 10_957; // 2000-01-01 in days since 1970-01-01
    private static final long USECS_PER_DAY = 86_400_000_000L;
    private static final long USECS_PER_HOUR = 3_600_000_000L;
    private static final long USECS_PER_MINUTE = 60_000_000L;
    private static final long USECS_PER_SEC = 1_000_000L;
    // the ranges date_recv / timestamp_recv accept (4714-11-24 BC up to 5874898 AD / 294277 AD)
    private static final int MIN_DATE = -2_451_545;
    private static final int END_DATE = 2_147_483_494 - 2_451_545;
    private static final long MIN_TIMESTAMP = -211_813_488_000_000_000L;
    private static final long END_TIMESTAMP = 9_223_371_331_200_000_000L;
    private static final int TZDISP_LIMIT = 16 * 3600;

    static String date(byte[] b, int off, int len, Charset cs) throws NotValid {
        BinaryCursor.requireLength(len, 4);
        int days = new BinaryCursor(b, off, len).i32();
        if (days == Integer.MIN_VALUE) {
            return "-infinity";
        }
        if (days == Integer.MAX_VALUE) {
            return "infinity";
        }
        if (days < MIN_DATE || days >= END_DATE) {
            throw new NotValid("day " + days + " is out of range");
        }
        LocalDate d = LocalDate.ofEpochDay(EPOCH_DAY_2000 + days);
        StringBuilder sb = appendDate(new StringBuilder(16), d);
        return d.getYear() <= 0 ? sb.append(" BC").toString() : sb.toString();
    }

    static String time(byte[] b, int off, int len, Charset cs) throws NotValid {
        BinaryCursor.requireLength(len, 8);
        long t = new BinaryCursor(b, off, len).i64();
        checkTimeOfDay(t);
        return appendTime(new StringBuilder(15), t).toString();
    }

    /** timetz_send: the time, then the zone as seconds WEST of Greenwich (so +02 is -7200). */
    static String timetz(byte[] b, int off, int len, Charset cs) throws NotValid {
        BinaryCursor.requireLength(len, 12);
        BinaryCursor in = new BinaryCursor(b, off, len);
        long t = in.i64();
        int zone = in.i32();
        checkTimeOfDay(t);
        if (zone <= -TZDISP_LIMIT || zone >= TZDISP_LIMIT) {
            throw new NotValid("zone " + zone + " s is out of range");
        }
        return appendZone(appendTime(new StringBuilder(24), t), zone).toString();
    }

    static String timestamp(byte[] b, int off, int len, Charset cs) throws NotValid {
        return timestamp(b, off, len, false);
    }

    /** timestamptz is a UTC instant; shown in UTC, as the server does with TimeZone = 'UTC'. */
    static String timestamptz(byte[] b, int off, int len, Charset cs) throws NotValid {
        return timestamp(b, off, len, true);
    }

    private static String timestamp(byte[] b, int off, int len, boolean withZone) throws NotValid {
        BinaryCursor.requireLength(len, 8);
        long us = new BinaryCursor(b, off, len).i64();
        if (us == Long.MIN_VALUE) {
            return "-infinity";
        }
        if (us == Long.MAX_VALUE) {
            return "infinity";
        }
        if (us < MIN_TIMESTAMP || us >= END_TIMESTAMP) {
            throw new NotValid(us + " µs is out of range");
        }
        LocalDate d = LocalDate.ofEpochDay(EPOCH_DAY_2000 + Math.floorDiv(us, USECS_PER_DAY));
        StringBuilder sb = appendDate(new StringBuilder(32), d).append(' ');
        appendTime(sb, Math.floorMod(us, USECS_PER_DAY));
        if (withZone) {
            appendZone(sb, 0);
        }
        return d.getYear() <= 0 ? sb.append(" BC").toString() : sb.toString();
    }

    /**
     * interval_send: int64 microseconds, int32 days, int32 months, kept apart because a month and
     * a day have no fixed length. Split into fields as interval2itm does (C division truncates),
     * printed as EncodeInterval's postgres style: {@code 1 year 2 mons -3 days +04:05:06.5}.
     */
    static String interval(byte[] b, int off, int len, Charset cs) throws NotValid {
        BinaryCursor.requireLength(len, 16);
        BinaryCursor in = new BinaryCursor(b, off, len);
        long time = in.i64();
        int day = in.i32();
        int month = in.i32();
        if (time == Long.MIN_VALUE && day == Integer.MIN_VALUE && month == Integer.MIN_VALUE) {
            return "-infinity";
        }
        if (time == Long.MAX_VALUE && day == Integer.MAX_VALUE && month == Integer.MAX_VALUE) {
            return "infinity";
        }
        long hour = time / USECS_PER_HOUR;
        time -= hour * USECS_PER_HOUR;
        long min = time / USECS_PER_MINUTE;
        time -= min * USECS_PER_MINUTE;
        long sec = time / USECS_PER_SEC;
        long fsec = time - sec * USECS_PER_SEC;

        IntervalParts p = new IntervalParts();
        p.add(month / 12, "year");
        p.add(month % 12, "mon");
        p.add(day, "day");
        if (p.isZero || hour != 0 || min != 0 || sec != 0 || fsec != 0) {
            boolean minus = hour < 0 || min < 0 || sec < 0 || fsec < 0;
            StringBuilder sb = p.sb;
            if (!p.isZero) {
                sb.append(' ');
            }
            sb.append(minus ? "-" : (p.isBefore ? "+" : ""));
            pad2(sb, Math.abs(hour)).append(':');
            pad2(sb, Math.abs(min)).append(':');
            appendSeconds(sb, Math.abs(sec), Math.abs(fsec));
        }
        return p.sb.toString();
    }

    /** AddPostgresIntPart's state: a '+' goes before a positive field only right after a negative one. */
    private static final class IntervalParts {
        final StringBuilder sb = new StringBuilder(48);
        boolean isZero = true;
        boolean isBefore;

        void add(long value, String unit) {
            if (value == 0) {
                return;
            }
            if (!isZero) {
                sb.append(' ');
            }
            if (isBefore && value > 0) {
                sb.append('+');
            }
            sb.append(value).append(' ').append(unit).append(value != 1 ? "s" : "");
            isBefore = value < 0;
            isZero = false;
        }
    }

    private static void checkTimeOfDay(long t) throws NotValid {
        if (t < 0 || t > USECS_PER_DAY) { // 24:00:00 itself is a valid time
            throw new NotValid(t + " µs is out of range");
        }
    }

    private static StringBuilder appendDate(StringBuilder sb, LocalDate d) {
        int y = d.getYear();
        String year = Integer.toString(y > 0 ? y : 1 - y);
        sb.append("0000", Math.min(4, year.length()), 4).append(year).append('-');
        pad2(sb, d.getMonthValue()).append('-');
        return pad2(sb, d.getDayOfMonth());
    }

    private static StringBuilder appendTime(StringBuilder sb, long usOfDay) {
        pad2(sb, usOfDay / USECS_PER_HOUR).append(':');
        pad2(sb, usOfDay / USECS_PER_MINUTE % 60).append(':');
        return appendSeconds(sb, usOfDay / USECS_PER_SEC % 60, usOfDay % USECS_PER_SEC);
    }

    /** AppendSeconds: two-digit seconds, then the microseconds with trailing zeros trimmed, if any. */
    private static StringBuilder appendSeconds(StringBuilder sb, long sec, long fsec) {
        pad2(sb, sec);
        if (fsec != 0) {
            String f = Long.toString(fsec);
            sb.append('.').append("000000", f.length(), 6).append(f);
            int end = sb.length();
            while (sb.charAt(end - 1) == '0') {
                end--;
            }
            sb.setLength(end);
        }
        return sb;
    }

    /** EncodeTimezone: sign, hours, then :MM and :SS only when not zero. */
    private static StringBuilder appendZone(StringBuilder sb, int secondsWest) {
        int s = Math.abs(secondsWest);
        sb.append(secondsWest <= 0 ? '+' : '-');
        pad2(sb, s / 3600);
        int min = s / 60 % 60;
        int sec = s % 60;
        if (min != 0 || sec != 0) {
            sb.append(':');
            pad2(sb, min);
        }
        if (sec != 0) {
            sb.append(':');
            pad2(sb, sec);
        }
        return sb;
    }

    private static StringBuilder pad2(StringBuilder sb, long v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }
}
