package org.ctplug.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceRuleTest {
    @Test
    void anExactRuleAllowsOnlyItsNumber() {
        assertThat(DeviceRule.allows("c 4:64 rwm", 'c', 4, 64)).isTrue();
        assertThat(DeviceRule.allows("c 4:64 rwm", 'c', 4, 65)).isFalse();
        assertThat(DeviceRule.allows("b 4:64 rwm", 'c', 4, 64)).isFalse();
    }

    @Test
    void wildcardsAndTypeAAllowMore() {
        assertThat(DeviceRule.allows("c 4:* rwm", 'c', 4, 1)).isTrue();
        assertThat(DeviceRule.allows("a *:* rwm", 'c', 188, 0)).isTrue();
        assertThat(DeviceRule.allows("a", 'c', 188, 0)).isTrue();
    }

    @Test
    void aRuleWithoutReadAndWriteDoesNotLetTheNodeBeUsed() {
        assertThat(DeviceRule.allows("c 4:64 m", 'c', 4, 64)).isFalse();
        assertThat(DeviceRule.allows("c 4:64 r", 'c', 4, 64)).isFalse();
    }

    @Test
    void garbageAllowsNothing() {
        assertThat(DeviceRule.allows("", 'c', 4, 64)).isFalse();
        assertThat(DeviceRule.allows("c 4 rwm", 'c', 4, 64)).isFalse();
        assertThat(DeviceRule.allows("cc 4:64 rwm", 'c', 4, 64)).isFalse();
    }
}
