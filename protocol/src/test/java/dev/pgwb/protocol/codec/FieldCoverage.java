package dev.pgwb.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Checks the field tree's promise: top-level nodes tile the frame exactly; children stay inside their parent. */
final class FieldCoverage {
    private FieldCoverage() {
    }

    static void assertCovers(Decoded d) {
        int at = 0;
        for (FieldNode n : d.fields()) {
            assertThat(n.offset()).as("field %s starts where the previous ended", n.name()).isEqualTo(at);
            assertInside(n);
            at = n.end();
        }
        assertThat(at).as("fields cover all %d bytes of %s", d.frame().length(), d.typeName()).isEqualTo(d.frame().length());
    }

    private static void assertInside(FieldNode parent) {
        List<FieldNode> children = parent.children();
        int at = parent.offset();
        for (FieldNode c : children) {
            assertThat(c.offset()).as("child %s of %s", c.name(), parent.name()).isGreaterThanOrEqualTo(at);
            assertThat(c.end()).as("child %s of %s", c.name(), parent.name()).isLessThanOrEqualTo(parent.end());
            assertInside(c);
            at = c.end();
        }
    }
}
