package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.message.*;
import dev.pgwb.protocol.wire.StartupCodes;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Message records to wire bytes, both directions: the composer sends frontend messages with it,
 * tests and fake-server scenarios build server bytes with it. {@code decode(encode(m)) == m}.
 */
public final class Encoder {
    private Encoder() {
    }

    public static byte[] encode(Message m) {
        return encode(m, StandardCharsets.UTF_8);
    }

    /** Encodes {@code m}; text is written in {@code charset} (the connection's client_encoding). */
    public static byte[] encode(Message m, Charset charset) {
        return switch (m) {
            case FrontendMessage f -> frontend(f, charset);
            case BackendMessage b -> backend(b, charset);
        };
    }

    private static byte[] frontend(FrontendMessage m, Charset cs) {
        return switch (m) {
            case StartupMessage s -> {
                MessageWriter w = new MessageWriter(-1, cs).int32(s.protocolVersion());
                for (StartupParameter p : s.parameters()) {
                    w.cstring(p.name()).cstring(p.value());
                }
                yield w.byte1(0).finish();
            }
            case SSLRequest s -> new MessageWriter(-1, cs).int32(StartupCodes.SSL_REQUEST).finish();
            case GSSENCRequest g -> new MessageWriter(-1, cs).int32(StartupCodes.GSSENC_REQUEST).finish();
            case CancelRequest c -> new MessageWriter(-1, cs).int32(StartupCodes.CANCEL_REQUEST).int32(c.processId())
                    .bytes(c.secretKey()).finish();
            case PasswordMessage p -> new MessageWriter('p', cs).cstring(p.password()).finish();
            case SASLInitialResponse s -> new MessageWriter('p', cs).cstring(s.mechanism()).value(s.data()).finish();
            case SASLResponse s -> new MessageWriter('p', cs).bytes(s.data()).finish();
            case GSSResponse g -> new MessageWriter('p', cs).bytes(g.data()).finish();
            case Query q -> new MessageWriter('Q', cs).cstring(q.sql()).finish();
            case Parse p -> {
                MessageWriter w = new MessageWriter('P', cs).cstring(p.statement()).cstring(p.query())
                        .int16(p.parameterTypes().size());
                for (int oid : p.parameterTypes()) {
                    w.int32(oid);
                }
                yield w.finish();
            }
            case Bind b -> {
                MessageWriter w = new MessageWriter('B', cs).cstring(b.portal()).cstring(b.statement())
                        .int16List(b.parameterFormats()).int16(b.parameters().size());
                for (Bytes v : b.parameters()) {
                    w.value(v);
                }
                yield w.int16List(b.resultFormats()).finish();
            }
            case Describe d -> new MessageWriter('D', cs).byte1(d.target()).cstring(d.name()).finish();
            case Execute e -> new MessageWriter('E', cs).cstring(e.portal()).int32(e.maxRows()).finish();
            case Close c -> new MessageWriter('C', cs).byte1(c.target()).cstring(c.name()).finish();
            case Sync s -> new MessageWriter('S', cs).finish();
            case Flush f -> new MessageWriter('H', cs).finish();
            case Terminate t -> new MessageWriter('X', cs).finish();
            case CopyFail f -> new MessageWriter('f', cs).cstring(f.message()).finish();
            case FunctionCall f -> {
                MessageWriter w = new MessageWriter('F', cs).int32(f.functionOid()).int16List(f.argumentFormats())
                        .int16(f.arguments().size());
                for (Bytes v : f.arguments()) {
                    w.value(v);
                }
                yield w.int16(f.resultFormat()).finish();
            }
            case CopyData d -> new MessageWriter('d', cs).bytes(d.data()).finish();
            case CopyDone d -> new MessageWriter('c', cs).finish();
            case StandbyStatusUpdate s -> new MessageWriter('d', cs).byte1('r').int64(s.written()).int64(s.flushed())
                    .int64(s.applied()).int64(s.clientTime()).byte1(s.replyRequested() ? 1 : 0).finish();
            case HotStandbyFeedback h -> new MessageWriter('d', cs).byte1('h').int64(h.clientTime()).int32(h.xmin())
                    .int32(h.xminEpoch()).int32(h.catalogXmin()).int32(h.catalogXminEpoch()).finish();
            case Unknown u -> new MessageWriter(u.type(), cs).bytes(u.body()).finish();
            case Malformed x -> x.bytes().toArray();
            case Encrypted x -> x.bytes().toArray();
        };
    }

    private static byte[] backend(BackendMessage m, Charset cs) {
        return switch (m) {
            case Authentication a -> authentication(a, cs);
            case SSLResponse s -> new byte[] {(byte) s.answer()};
            case GSSENCResponse g -> new byte[] {(byte) g.answer()};
            case BackendKeyData k -> new MessageWriter('K', cs).int32(k.processId()).bytes(k.secretKey()).finish();
            case BindComplete b -> new MessageWriter('2', cs).finish();
            case CloseComplete c -> new MessageWriter('3', cs).finish();
            case CommandComplete c -> new MessageWriter('C', cs).cstring(c.tag()).finish();
            case CopyInResponse c -> new MessageWriter('G', cs).byte1(c.overallFormat()).int16List(c.columnFormats()).finish();
            case CopyOutResponse c -> new MessageWriter('H', cs).byte1(c.overallFormat()).int16List(c.columnFormats()).finish();
            case CopyBothResponse c -> new MessageWriter('W', cs).byte1(c.overallFormat()).int16List(c.columnFormats()).finish();
            case DataRow d -> {
                MessageWriter w = new MessageWriter('D', cs).int16(d.columns().size());
                for (Bytes v : d.columns()) {
                    w.value(v);
                }
                yield w.finish();
            }
            case EmptyQueryResponse e -> new MessageWriter('I', cs).finish();
            case ErrorOrNotice e -> {
                MessageWriter w = new MessageWriter(e instanceof ErrorResponse ? 'E' : 'N', cs);
                for (NoticeField f : e.fields()) {
                    w.byte1(f.code()).cstring(f.value());
                }
                yield w.byte1(0).finish();
            }
            case FunctionCallResponse f -> new MessageWriter('V', cs).value(f.result()).finish();
            case NegotiateProtocolVersion n -> {
                MessageWriter w = new MessageWriter('v', cs).int32(n.newestMinorVersion()).int32(n.unrecognizedOptions().size());
                for (String o : n.unrecognizedOptions()) {
                    w.cstring(o);
                }
                yield w.finish();
            }
            case NoData n -> new MessageWriter('n', cs).finish();
            case NotificationResponse n -> new MessageWriter('A', cs).int32(n.processId()).cstring(n.channel())
                    .cstring(n.payload()).finish();
            case ParameterDescription p -> {
                MessageWriter w = new MessageWriter('t', cs).int16(p.parameterTypes().size());
                for (int oid : p.parameterTypes()) {
                    w.int32(oid);
                }
                yield w.finish();
            }
            case ParameterStatus p -> new MessageWriter('S', cs).cstring(p.name()).cstring(p.value()).finish();
            case ParseComplete p -> new MessageWriter('1', cs).finish();
            case PortalSuspended p -> new MessageWriter('s', cs).finish();
            case ReadyForQuery r -> new MessageWriter('Z', cs).byte1(r.transactionStatus()).finish();
            case RowDescription r -> {
                MessageWriter w = new MessageWriter('T', cs).int16(r.fields().size());
                for (RowField f : r.fields()) {
                    w.cstring(f.name()).int32(f.tableOid()).int16(f.columnAttribute()).int32(f.typeOid())
                            .int16(f.typeSize()).int32(f.typeModifier()).int16(f.format());
                }
                yield w.finish();
            }
            case CopyData d -> new MessageWriter('d', cs).bytes(d.data()).finish();
            case CopyDone d -> new MessageWriter('c', cs).finish();
            case XLogData x -> new MessageWriter('d', cs).byte1('w').int64(x.walStart()).int64(x.walEnd())
                    .int64(x.serverTime()).bytes(x.data()).finish();
            case PrimaryKeepalive k -> new MessageWriter('d', cs).byte1('k').int64(k.walEnd()).int64(k.serverTime())
                    .byte1(k.replyRequested() ? 1 : 0).finish();
            case Unknown u -> new MessageWriter(u.type(), cs).bytes(u.body()).finish();
            case Malformed x -> x.bytes().toArray();
            case Encrypted x -> x.bytes().toArray();
        };
    }

    private static byte[] authentication(Authentication a, Charset cs) {
        MessageWriter w = new MessageWriter('R', cs).int32(a.code());
        switch (a) {
            case AuthenticationMD5Password p -> w.bytes(p.salt());
            case AuthenticationGSSContinue g -> w.bytes(g.data());
            case AuthenticationSASL s -> {
                for (String mech : s.mechanisms()) {
                    w.cstring(mech);
                }
                w.byte1(0);
            }
            case AuthenticationSASLContinue s -> w.bytes(s.data());
            case AuthenticationSASLFinal s -> w.bytes(s.data());
            default -> { }
        }
        return w.finish();
    }
}
