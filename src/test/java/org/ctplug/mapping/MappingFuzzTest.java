package org.ctplug.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of valid mappings: whatever the bytes, the loader answers with a mapping or a
 * MappingException, and the appender with a text or an IllegalArgumentException; never anything else.
 */
class MappingFuzzTest {
    /** Fixed, so a failure repeats; -Dctplug.fuzz.seed=N -Dctplug.fuzz.rounds=N explore further. */
    private static final long SEED = Long.getLong("ctplug.fuzz.seed", 0x5eed_c7f1L);
    private static final int ROUNDS = Integer.getInteger("ctplug.fuzz.rounds", 3000);
    private static final String[] TOKENS = {":", ": ", "- ", "{", "}", "[", "]", ",", "?", "&a ", "*a", "!!str ",
        "!x ", "\"", "'", "\\", "\n", "\r\n", "\r", "  ", "\t", "#", "|", ">", "%YAML 1.1\n", "@", "`", "---\n",
        "...\n", "<<: ", "0x", "0", "-1", "99999999999999999999", "~", "null", "\u0000", "\u0007", "\u0085",
        "\u2028", "\u202e", "\ufeff", "\ud800", "\udc00", "\ud83d\ude00", "\u00e9", "\uffff", "devices:",
        "version: 1\n", "link: ttyX", "containers: []", "match: {}", "{a: [b, {c: d}]}", "[[[[[[[[", "]]]]]]]]"};

    @Test
    void mutatedMappingsGiveAMappingOrProblemsNeverACrash() {
        List<String> seeds = List.of(Yamls.resource("mapping/two-entries.yaml"),
                Yamls.resource("mapping/design-example.yaml"),
                Yamls.resource("org/ctplug/mapping/devices.example.yaml"));
        Random random = new Random(SEED);
        int valid = 0;
        int invalid = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String text = mutate(seeds.get(random.nextInt(seeds.size())), random);
            for (BackendKind host : new BackendKind[] {BackendKind.PROXMOX, BackendKind.LXC}) {
                try {
                    MappingLoader.parse(text, Yamls.FILE, host);
                    valid++;
                } catch (MappingException e) {
                    assertThat(e.problems()).isNotEmpty().allSatisfy(p -> {
                        assertThat(p.line()).isPositive();
                        assertThat(p.column()).isPositive();
                        assertThat(p.message().codePoints().noneMatch(Texts::isUnsafe)).as(p.message()).isTrue();
                    });
                    invalid++;
                } catch (RuntimeException | Error e) {
                    fail("round " + round + ": " + e + " for input:\n" + Texts.escape(text), e);
                }
            }
            appendTo(text, round);
        }
        // both outcomes happen, so the mutations neither always nor never break the file
        assertThat(valid).isPositive();
        assertThat(invalid).isPositive();
    }

    @Test
    void deeplyNestedInputIsAProblemNotAStackOverflow() {
        String deep = "version: 1\ndevices: " + "[".repeat(100_000) + "\n";
        assertThat(Yamls.problems(deep)).containsExactly("devices.yaml:2:29: nested deeper than 20 levels");
    }

    private static void appendTo(String text, int round) {
        NewEntry entry = new NewEntry("learned", Optional.of("0403"), Optional.of("6001"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), "ttyLearned", "123");
        try {
            String result = MappingAppender.append(text, Yamls.FILE, entry);
            assertThat(result).contains("learned:");
        } catch (IllegalArgumentException expected) {
            // the file's shape does not allow a safe append: the caller says so
        } catch (RuntimeException | Error e) {
            fail("append, round " + round + ": " + e + " for input:\n" + Texts.escape(text), e);
        }
    }

    private static String mutate(String text, Random random) {
        StringBuilder b = new StringBuilder(text);
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            int at = b.length() == 0 ? 0 : random.nextInt(b.length());
            switch (random.nextInt(6)) {
                case 0 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(6)));
                case 1, 2 -> b.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 3 -> b.insert(at, (char) random.nextInt(0x10000));
                case 4 -> b.setLength(at);
                default -> {
                    List<String> lines = new ArrayList<>(Arrays.asList(b.toString().split("\n", -1)));
                    int a = random.nextInt(lines.size());
                    int c = random.nextInt(lines.size());
                    if (random.nextBoolean()) {
                        lines.add(c, lines.get(a));
                    } else {
                        lines.set(a, " ".repeat(random.nextInt(5)) + lines.get(a).stripLeading());
                    }
                    b.setLength(0);
                    b.append(String.join("\n", lines));
                }
            }
        }
        return b.toString();
    }
}
