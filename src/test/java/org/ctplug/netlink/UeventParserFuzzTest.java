package org.ctplug.netlink;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whatever arrives on the socket, the parser answers with a value or empty, never a throw. */
class UeventParserFuzzTest {

    private static final long SEED = 0x5eed_c7f1_0a17L;

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(SEED);
        for (int i = 0; i < 20_000; i++) {
            byte[] buf = new byte[random.nextInt(600)];
            random.nextBytes(buf);
            if (buf.length >= 8 && random.nextBoolean()) {
                System.arraycopy(UdevHeader.PREFIX, 0, buf, 0, 8);
            }
            int length = buf.length == 0 ? 0 : random.nextInt(buf.length + 1);
            assertThatCode(() -> UeventParser.parse(buf, length)).doesNotThrowAnyException();
        }
    }

    @Test
    void mutatedCapturesNeverThrow() {
        Random random = new Random(SEED);
        for (int i = 0; i < 50_000; i++) {
            byte[] buf = mutate(Captures.ALL[random.nextInt(Captures.ALL.length)], random);
            int length = random.nextInt(4) == 0 ? random.nextInt(buf.length + 1) : buf.length;
            assertThatCode(() -> UeventParser.parse(buf, length)).doesNotThrowAnyException();
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] buf = original.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            int at = random.nextInt(buf.length);
            switch (random.nextInt(5)) {
                case 0 -> buf[at] = (byte) random.nextInt(256);
                case 1 -> buf[at] = 0;
                case 2 -> buf[at] = (byte) '=';
                case 3 -> buf = Arrays.copyOf(buf, at);
                default -> {
                    // the header's offset and length words are the interesting targets
                    int word = 12 + 4 * random.nextInt(3);
                    if (buf.length >= word + 4) {
                        buf[word + random.nextInt(4)] = (byte) random.nextInt(256);
                    }
                }
            }
            if (buf.length == 0) {
                return buf;
            }
        }
        return buf;
    }
}
