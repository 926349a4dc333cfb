package org.ctplug.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** statx and poll read back what the JDK and the kernel say; mknod needs root. */
class FileCallsTest {

    @TempDir
    Path dir;

    @Test
    void statxOfANodeGivesItsTypeOwnerInodeAndDeviceNumbers() throws IOException {
        Path node = dir.resolve("ttyTest");
        FileCalls.mknod(node.toString(), FileCalls.S_IFCHR | 0600, makedev(188, 300));
        FileCalls.chown(node.toString(), 100000, 100020);

        Statx st = FileCalls.statx(FileCalls.AT_FDCWD, node.toString(), FileCalls.AT_SYMLINK_NOFOLLOW, "ttyTest");

        Map<String, Object> jdk = Files.readAttributes(node, "unix:ino,dev", LinkOption.NOFOLLOW_LINKS);
        assertThat(st.isCharDevice()).isTrue();
        assertThat(st.mode() & 07777).isEqualTo(0600);
        assertThat(st.uid()).isEqualTo(100000);
        assertThat(st.gid()).isEqualTo(100020);
        assertThat(st.rdevMajor()).isEqualTo(188);
        assertThat(st.rdevMinor()).isEqualTo(300);
        assertThat(st.inode()).isEqualTo((Long) jdk.get("ino"));
        long dev = (Long) jdk.get("dev");
        assertThat(makedev(st.devMajor(), st.devMinor())).isEqualTo(dev);
    }

    @Test
    void aFileIsReadWholeOrUpToItsLimitWhateverItsSizeAgainstThePageTheReadsShare() throws IOException {
        byte[] big = new byte[3 * 4096 + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        Path file = Files.write(dir.resolve("big"), big);
        Path small = Files.writeString(dir.resolve("small"), "ttyS0\n");
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("../devices/" + "x".repeat(300)));

        assertThat(FileCalls.readFile(file.toString(), Integer.MAX_VALUE)).isEqualTo(big);
        assertThat(FileCalls.readFile(small.toString(), 4096)).isEqualTo("ttyS0\n".getBytes());
        // a link target between two reads must not leave its bytes in the next read
        assertThat(FileCalls.readlinkat(FileCalls.AT_FDCWD, link.toString(), "link")).hasSize(311);
        assertThat(FileCalls.readFile(small.toString(), 4096)).hasSize(6);
        assertThat(FileCalls.readFile(empty.toString(), 4096)).isEmpty();
        assertThat(FileCalls.readFile(file.toString(), 5000)).isEqualTo(java.util.Arrays.copyOf(big, 5000));
        assertThat(FileCalls.readFile(file.toString(), 3)).isEqualTo(java.util.Arrays.copyOf(big, 3));
        assertThat(FileCalls.readFile(file.toString(), 4096)).isEqualTo(java.util.Arrays.copyOf(big, 4096));
    }

    @Test
    void fstatxOfAnOPathSymlinkIsTheSymlinkItself() throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        int fd = FileCalls.open(link.toString(), FileCalls.O_PATH | FileCalls.O_NOFOLLOW, 0);
        try {
            Statx st = FileCalls.fstatx(fd, "link");

            assertThat(st.isSymlink()).isTrue();
            assertThat(st.sameFile(FileCalls.statx(FileCalls.AT_FDCWD, target.toString(), 0, "target"))).isFalse();
            assertThat(st.sameFile(FileCalls.statx(FileCalls.AT_FDCWD, link.toString(), FileCalls.AT_SYMLINK_NOFOLLOW,
                    "link"))).isTrue();
        } finally {
            FileCalls.close(fd);
        }
    }

    @Test
    void pollSeesAnEventfdBecomeReadable() throws IOException {
        int fd = FileCalls.eventfd(FileCalls.EFD_NONBLOCK);
        try {
            assertThat(FileCalls.poll(new int[] {fd}, FileCalls.POLLIN, 0)).containsExactly((short) 0);

            FileCalls.write(fd, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(1).array(), "eventfd");

            assertThat(FileCalls.poll(new int[] {fd}, FileCalls.POLLIN, 1000)).containsExactly(FileCalls.POLLIN);
        } finally {
            FileCalls.close(fd);
        }
    }

    @Test
    void aNameHoldingANulIsRefusedInsteadOfCutShortAtIt() throws IOException {
        Path kept = Files.writeString(dir.resolve("kept"), "x");

        assertThatThrownBy(() -> FileCalls.open(dir + "/kept\0/../../x", FileCalls.O_RDONLY, 0))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EILSEQ));
        int dirFd = FileCalls.open(dir.toString(), FileCalls.O_PATH | FileCalls.O_DIRECTORY, 0);
        try {
            assertThatThrownBy(() -> FileCalls.unlinkat(dirFd, "kept\0other", "kept\0other"))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EILSEQ));
            assertThatThrownBy(() -> FileCalls.symlinkat("ttyS0\0x", dirFd, "link", "link"))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EILSEQ));
        } finally {
            FileCalls.close(dirFd);
        }
        assertThat(kept).exists();
        assertThat(dir.resolve("link")).doesNotExist();
    }

    /**
     * A service started without a locale gets US-ASCII as the JVM's native encoding, the one JNA
     * encodes Strings in: names go to libc as UTF-8 all the same, as they are read back.
     */
    @Test
    void namesReachLibcAsUtf8UnderAnAsciiDefaultCharset() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NameEncodingMain.class.getName(), dir.toString())
                .redirectErrorStream(true);
        // as systemd starts a service on a host with no locale configured
        pb.environment().keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_"));
        pb.environment().put("LC_ALL", "C");
        Process child = pb.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(out).isZero();

        byte[] expected = "k\u00fcche-\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8);
        try (var names = Files.newDirectoryStream(dir)) {
            java.util.List<String> hex = new java.util.ArrayList<>();
            names.forEach(n -> hex.add(java.util.HexFormat.of().formatHex(
                    n.getFileName().toString().getBytes(StandardCharsets.UTF_8))));
            assertThat(out).contains("JNA's default encoding US-ASCII");
            assertThat(hex).as(out).contains(java.util.HexFormat.of().formatHex(expected));
        }
    }

    @Test
    void aListingLeavesOutANameThatIsNoUtf8RatherThanNameAnotherFile() throws IOException {
        Files.writeString(dir.resolve("ok"), "x");
        Files.writeString(dir.resolve("\ufffd"), "a file named U+FFFD");
        // a name of raw bytes the JDK cannot write: made through a path the shell decodes
        new ProcessBuilder("sh", "-c", "printf x > \"$0\"/$(printf 'bad\\377')", dir.toString()).inheritIO()
                .start().onExit().join();
        int fd = FileCalls.open(dir.toString(), FileCalls.O_RDONLY | FileCalls.O_DIRECTORY, 0);
        try {
            assertThat(FileCalls.names(fd, "dir")).containsExactlyInAnyOrder("ok", "\ufffd");
        } finally {
            FileCalls.close(fd);
        }
        try (var raw = Files.list(dir)) {
            assertThat(raw.count()).as("the raw name is there").isEqualTo(3);
        }
    }

    /** glibc's makedev (sys/sysmacros.h). */
    private static long makedev(int major, int minor) {
        long ma = Integer.toUnsignedLong(major);
        long mi = Integer.toUnsignedLong(minor);
        return (mi & 0xff) | ((ma & 0xfff) << 8) | ((mi & ~0xffL) << 12) | ((ma & ~0xfffL) << 32);
    }
}
