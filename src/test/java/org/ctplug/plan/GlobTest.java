package org.ctplug.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GlobTest {
    @Test
    void starsQuestionMarksAndClassesMatchAsFnmatchDoes() {
        assertThat(Glob.matches("ttyS0", "ttyS0")).isTrue();
        assertThat(Glob.matches("ttyS*", "ttyS")).isTrue();
        assertThat(Glob.matches("ttyS*", "ttyS12")).isTrue();
        assertThat(Glob.matches("tty?0", "ttyS0")).isTrue();
        assertThat(Glob.matches("tty?0", "tty0")).isFalse();
        assertThat(Glob.matches("ttyUSB[0-3]", "ttyUSB2")).isTrue();
        assertThat(Glob.matches("ttyUSB[!0-3]", "ttyUSB2")).isFalse();
        assertThat(Glob.matches("tty[]x]", "tty]")).isTrue();
        assertThat(Glob.matches("tty[", "tty[")).isTrue();
        assertThat(Glob.matches("*ACM*", "ttyACM0")).isTrue();
        assertThat(Glob.matches("*ACM", "ttyACM0")).isFalse();
        assertThat(Glob.matches("t*S*0", "ttyS10")).isTrue();
        assertThat(Glob.matches("t*S*1", "ttyS10")).isFalse();
    }

    @Test
    void aGlobOfManyStarsIsMatchedInAnInstant() {
        // 43 characters against a 32-character name that just fails: 14 s with backtracking
        String glob = "t*".repeat(21) + "x";
        String name = "t".repeat(32);
        assertTimeoutPreemptively(Duration.ofMillis(200), () -> {
            for (int i = 0; i < 1000; i++) {
                assertThat(Glob.matches(glob, name)).isFalse();
            }
        });
    }

    @Test
    void agreesWithAnExhaustiveMatcherOnRandomGlobsAndNames() {
        Random random = new Random(9);
        String globChars = "ab*?[]!-";
        for (int n = 0; n < 200_000; n++) {
            String glob = randomString(random, globChars, 7);
            String name = randomString(random, "ab[]-", 6);
            assertThat(Glob.matches(glob, name)).as("%s against %s", glob, name).isEqualTo(exhaustive(glob, 0, name, 0));
        }
    }

    private static String randomString(Random random, String alphabet, int maxLength) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** Tries every split a star can make: obviously right, exponential, fine for a few characters. */
    private static boolean exhaustive(String g, int gi, String s, int si) {
        if (gi == g.length()) {
            return si == s.length();
        }
        char c = g.charAt(gi);
        if (c == '*') {
            for (int k = si; k <= s.length(); k++) {
                if (exhaustive(g, gi + 1, s, k)) {
                    return true;
                }
            }
            return false;
        }
        if (si == s.length()) {
            return false;
        }
        if (c == '?') {
            return exhaustive(g, gi + 1, s, si + 1);
        }
        if (c == '[') {
            int end = g.indexOf(']', gi + 2);
            if (end < 0) {
                return s.charAt(si) == '[' && exhaustive(g, gi + 1, s, si + 1);
            }
            String cls = g.substring(gi + 1, end);
            boolean negate = cls.startsWith("!") || cls.startsWith("^");
            String body = negate ? cls.substring(1) : cls;
            boolean found = false;
            for (int i = 0; i < body.length(); i++) {
                if (i + 2 < body.length() && body.charAt(i + 1) == '-') {
                    found |= s.charAt(si) >= body.charAt(i) && s.charAt(si) <= body.charAt(i + 2);
                    i += 2;
                } else {
                    found |= s.charAt(si) == body.charAt(i);
                }
            }
            return found != negate && exhaustive(g, end + 1, s, si + 1);
        }
        return c == s.charAt(si) && exhaustive(g, gi + 1, s, si + 1);
    }
}
