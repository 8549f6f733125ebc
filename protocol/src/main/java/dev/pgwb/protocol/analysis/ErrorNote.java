package dev.pgwb.protocol.analysis;

import java.util.List;

/**
 * Something to add to an error's explanation whatever its cause: what the error did to the messages
 * around it (a request sent after a FATAL never ran, a pipeline's implicit transaction rolled back).
 */
interface ErrorNote {
    /** The sentences and frames to add, or null when there is nothing to add. */
    Note note(ErrorCase error);

    record Note(String text, List<FrameRef> frames) {
        public Note {
            frames = List.copyOf(frames);
        }
    }
}
