package org.ctplug.container;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CgroupRuleTest {
    @Test
    void anExactRuleNamesOneDevice() {
        assertThat(CgroupRule.exact('c', 4, 64)).hasToString("c 4:64 rwm");
        assertThat(CgroupRule.exact('b', 253, 1)).hasToString("b 253:1 rwm");
    }

    @Test
    void rulesReadAsLxcAndTheKernelWriteThem() {
        assertThat(CgroupRule.parse("c 4:* rwm")).contains(new CgroupRule('c', 4, CgroupRule.ANY, "rwm"));
        assertThat(CgroupRule.parse("  c  188:0   rw ")).contains(new CgroupRule('c', 188, 0, "rw"));
        assertThat(CgroupRule.parse("c *:* m")).contains(new CgroupRule('c', CgroupRule.ANY, CgroupRule.ANY, "m"));
        assertThat(CgroupRule.parse("a")).contains(new CgroupRule('a', CgroupRule.ANY, CgroupRule.ANY, "rwm"));
        assertThat(CgroupRule.parse("c 4:64 rwm").orElseThrow()).hasToString("c 4:64 rwm");
        assertThat(CgroupRule.parse("\tb\t259:3\r")).contains(new CgroupRule('b', 259, 3, "rwm"));
    }

    @Test
    void whatIsNotARuleIsNotRead() {
        assertThat(CgroupRule.parse("x 4:1 rwm")).isEmpty();
        assertThat(CgroupRule.parse("c 4 rwm")).isEmpty();
        assertThat(CgroupRule.parse("c 4:1 rwx")).isEmpty();
        assertThat(CgroupRule.parse("c -4:1 rwm")).isEmpty();
        assertThat(CgroupRule.parse("")).isEmpty();
        assertThat(CgroupRule.parse("   ")).isEmpty();
        assertThat(CgroupRule.parse("c 4:64 rwm extra")).isEmpty();
        // digits of other scripts are digits to Java, not to LXC or the kernel
        assertThat(CgroupRule.parse("c \u0664:64 rwm")).isEmpty();
        // only ASCII whitespace separates words, as LXC reads them
        assertThat(CgroupRule.parse("c\u20034:64 rwm")).isEmpty();
    }

    @Test
    void aWholeMajorCoversEachOfItsMinorsButNoOtherMajor() {
        CgroupRule wholeMajor = CgroupRule.parse("c 4:* rwm").orElseThrow();

        assertThat(CgroupRule.exact('c', 4, 64).coveredBy(wholeMajor)).isTrue();
        assertThat(CgroupRule.exact('c', 5, 64).coveredBy(wholeMajor)).isFalse();
        assertThat(CgroupRule.exact('b', 4, 64).coveredBy(wholeMajor)).isFalse();
        assertThat(CgroupRule.exact('c', 4, 64).coveredBy(CgroupRule.parse("c 4:64 r").orElseThrow())).isFalse();
        assertThat(CgroupRule.exact('c', 4, 64).coveredBy(CgroupRule.exact('c', 4, 65))).isFalse();
        assertThat(wholeMajor.isExact()).isFalse();
    }
}
