package dev.pgwb.protocol.message;

/** A message sent by the client. */
public sealed interface FrontendMessage extends Message
        permits AuthenticationResponse, Bind, CancelRequest, Close, CopyData, CopyDone, CopyFail, Describe, Execute,
        Flush, FunctionCall, GSSENCRequest, HotStandbyFeedback, Parse, Query, SSLRequest, StandbyStatusUpdate,
        StartupMessage, Sync, Terminate, Unknown, Malformed, Encrypted {
}
