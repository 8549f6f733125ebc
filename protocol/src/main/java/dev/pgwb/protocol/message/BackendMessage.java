package dev.pgwb.protocol.message;

/** A message sent by the server. */
public sealed interface BackendMessage extends Message
        permits Authentication, BackendKeyData, BindComplete, CloseComplete, CommandComplete, CopyBothResponse,
        CopyData, CopyDone, CopyInResponse, CopyOutResponse, DataRow, EmptyQueryResponse, ErrorOrNotice,
        FunctionCallResponse, GSSENCResponse, NegotiateProtocolVersion, NoData, NotificationResponse,
        ParameterDescription, ParameterStatus, ParseComplete, PortalSuspended, PrimaryKeepalive, ReadyForQuery,
        RowDescription, SSLResponse, XLogData, Unknown, Malformed, Encrypted {
}
