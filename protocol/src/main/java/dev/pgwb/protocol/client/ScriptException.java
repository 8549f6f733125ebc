package dev.pgwb.protocol.client;

/** A script that cannot be read: where (line and column, from 1) and what was expected there. */
public final class ScriptException extends Exception {
    private final int line;
    private final int column;
    private final String reason;

    public ScriptException(int line, int column, String reason) {
        super("line " + line + ", column " + column + ": " + reason);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }

    /** {@code file:line:column: reason}, the form compilers use and editors understand. */
    public String where(String source) {
        return source + ":" + line + ":" + column + ": " + reason;
    }
}
