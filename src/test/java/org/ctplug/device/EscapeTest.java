package org.ctplug.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.ctplug.text.Text;
import org.junit.jupiter.api.Test;

/** Text.escape, which every human view of device strings goes through. */
class EscapeTest {
    @Test
    void printableTextIsKept() {
        assertThat(Text.escape("ConBee II – Zürich ☃ 日本")).isEqualTo("ConBee II – Zürich ☃ 日本");
    }

    @Test
    void newlineTabQuoteAndBackslashGetCEscapes() {
        assertThat(Text.escape("a\nb\tc\"d\\e\rf")).isEqualTo("a\\nb\\tc\\\"d\\\\e\\rf");
    }

    @Test
    void otherControlsAndDelGetHexEscapes() {
        assertThat(Text.escape("\u0001\u001b[2J\u007f\u0085")).isEqualTo("\\x01\\x1b[2J\\x7f\\x85");
    }

    @Test
    void invisibleFormatCharactersAreEscaped() {
        // U+202E reverses the text after it on a terminal; U+2028 breaks a line in some viewers.
        assertThat(Text.escape("a\u202eb\u2028c")).isEqualTo("a\\u202eb\\u2028c");
    }

    @Test
    void truncateCutsWithEllipsisOnlyWhenLonger() {
        assertThat(Text.truncate("abcdef", 6)).isEqualTo("abcdef");
        assertThat(Text.truncate("abcdefg", 6)).isEqualTo("abcde…");
    }
}
