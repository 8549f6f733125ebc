package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.wire.Direction;

/** The documentation's message name for a type byte, per direction. */
public final class MessageTypes {
    private MessageTypes() {
    }

    /** The message name, or null when the direction defines no message with this type byte. */
    public static String name(Direction direction, int type) {
        return direction == Direction.FRONTEND ? frontend(type) : backend(type);
    }

    private static String frontend(int type) {
        return switch (type) {
            case 'B' -> "Bind";
            case 'C' -> "Close";
            case 'D' -> "Describe";
            case 'E' -> "Execute";
            case 'F' -> "FunctionCall";
            case 'H' -> "Flush";
            case 'P' -> "Parse";
            case 'Q' -> "Query";
            case 'S' -> "Sync";
            case 'X' -> "Terminate";
            case 'c' -> "CopyDone";
            case 'd' -> "CopyData";
            case 'f' -> "CopyFail";
            case 'p' -> "PasswordMessage/SASL/GSS response";
            default -> null;
        };
    }

    private static String backend(int type) {
        return switch (type) {
            case '1' -> "ParseComplete";
            case '2' -> "BindComplete";
            case '3' -> "CloseComplete";
            case 'A' -> "NotificationResponse";
            case 'C' -> "CommandComplete";
            case 'D' -> "DataRow";
            case 'E' -> "ErrorResponse";
            case 'G' -> "CopyInResponse";
            case 'H' -> "CopyOutResponse";
            case 'I' -> "EmptyQueryResponse";
            case 'K' -> "BackendKeyData";
            case 'N' -> "NoticeResponse";
            case 'R' -> "Authentication";
            case 'S' -> "ParameterStatus";
            case 'T' -> "RowDescription";
            case 'V' -> "FunctionCallResponse";
            case 'W' -> "CopyBothResponse";
            case 'Z' -> "ReadyForQuery";
            case 'c' -> "CopyDone";
            case 'd' -> "CopyData";
            case 'n' -> "NoData";
            case 's' -> "PortalSuspended";
            case 't' -> "ParameterDescription";
            case 'v' -> "NegotiateProtocolVersion";
            default -> null;
        };
    }

    /** {@code 'Q'} for printable type bytes, {@code 0x07} otherwise. */
    public static String typeChar(int type) {
        return type >= 0x21 && type < 0x7f ? "'" + (char) type + "'" : String.format("0x%02x", type);
    }

    /** Name of an ErrorResponse/NoticeResponse field code. */
    public static String noticeFieldName(char code) {
        return switch (code) {
            case 'S' -> "Severity";
            case 'V' -> "Severity (non-localized)";
            case 'C' -> "Code";
            case 'M' -> "Message";
            case 'D' -> "Detail";
            case 'H' -> "Hint";
            case 'P' -> "Position";
            case 'p' -> "Internal position";
            case 'q' -> "Internal query";
            case 'W' -> "Where";
            case 's' -> "Schema";
            case 't' -> "Table";
            case 'c' -> "Column";
            case 'd' -> "Data type";
            case 'n' -> "Constraint";
            case 'F' -> "File";
            case 'L' -> "Line";
            case 'R' -> "Routine";
            default -> "Unknown field " + typeChar(code);
        };
    }
}
