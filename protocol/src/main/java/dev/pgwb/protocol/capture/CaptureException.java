package dev.pgwb.protocol.capture;

import java.io.IOException;

/** A capture file that cannot be read: not a pcap/pcapng file, or damaged where reading cannot go on. */
public final class CaptureException extends IOException {
    public CaptureException(String message) {
        super(message);
    }
}
