package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.CopyIn;
import dev.pgwb.protocol.conversation.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An error during COPY FROM STDIN: the CONTEXT's line number traced to the CopyData frame that
 * carried that line, and the CopyData the client sent after the error, which the server discarded.
 */
final class CopyErrorRule implements ErrorRule {
    private static final Pattern LINE = Pattern.compile("COPY (\\S+), line (\\d+)");

    @Override
    public Explanation explain(ErrorCase e) {
        CopyIn copy = null;
        for (CopyIn c : e.conversation.copies()) {
            if (c.responseSeq() < e.seq()) {
                copy = c;
            }
        }
        if (copy == null || e.event.phaseBefore() != Phase.COPY_IN) {
            return null;
        }
        String context = e.field('W');
        Matcher m = LINE.matcher(context);
        List<FrameRef> frames = new ArrayList<>();
        StringBuilder text = new StringBuilder("COPY FROM STDIN")
                .append(copy.requestSeq() < 0 ? "" : " (the request at #" + copy.requestSeq() + ")")
                .append(" failed with ").append(e.code()).append(": ").append(e.message());
        if (m.find()) {
            long line = Long.parseLong(m.group(2));
            text.append(", at line ").append(line).append(" of its data (").append(context.replace('\n', ' ')).append(")");
            Optional<CopyIn.Chunk> chunk = copy.format() == 0 ? copy.chunkOfLine(line) : Optional.empty();
            if (chunk.isPresent()) {
                CopyIn.Chunk c = chunk.get();
                text.append(": that line was sent in the CopyData at #").append(c.seq());
                frames.add(e.ref(c.seq(), "CopyData with line " + line));
                if (c.newlines() > 1) {
                    text.append(" (which carried lines ").append(c.linesBefore() + 1).append(" to ").append(c.linesBefore() + c.newlines())
                            .append(")");
                }
            } else if (copy.format() != 0) {
                text.append(" (in binary COPY the line number counts rows)");
            }
        }
        text.append(". COPY is all or nothing: no row of it was stored.");
        List<CopyIn.Chunk> after = copy.chunks().stream().filter(c -> c.timeNanos() > e.event.timeNanos() || c.seq() > e.seq()).toList();
        if (!after.isEmpty()) {
            long bytes = after.stream().mapToLong(CopyIn.Chunk::bytes).sum();
            text.append(" The client went on sending ").append(after.size()).append(" CopyData message").append(after.size() == 1 ? "" : "s")
                    .append(" (#").append(after.get(0).seq()).append(after.size() > 1 ? " to #" + after.get(after.size() - 1).seq() : "")
                    .append(", ").append(bytes).append(" bytes) after the error; the server discarded them")
                    .append(copy.endSeq() >= 0 ? " until the client's " + (copy.endSeq() > 0 ? "CopyDone or CopyFail at #" + copy.endSeq() : "")
                            : "").append(".");
            frames.add(e.ref(after.get(0).seq(), "first CopyData sent after the error (discarded)"));
        }
        if (copy.endSeq() >= 0) {
            frames.add(e.ref(copy.endSeq(), "end of the client's data"));
        }
        return Explanation.of("copy-data", "", text.toString(),
                "Fix the data at that line (or use COPY ... WITH (ON_ERROR ignore) on PostgreSQL 17+ to skip bad rows), then "
                        + "send the whole COPY again; a client should stop sending CopyData once an ErrorResponse arrives.", frames);
    }
}
