package dev.pgwb.protocol.client;

/** How a script's messages go out. */
public enum RunMode {
    /** Pipelined: messages collect in the send buffer and go out together when the script waits (expect, await, auth). */
    ALL,
    /** One step at a time: the listener's {@link ScriptRunner.Listener#beforeStep} holds each step until the user goes on. */
    STEP,
    /** Each message sent on its own, then the run waits until the server has gone quiet before the next. */
    WAIT
}
