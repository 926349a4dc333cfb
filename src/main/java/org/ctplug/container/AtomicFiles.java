package org.ctplug.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.HexFormat;
import org.ctplug.sys.Errno;
import org.ctplug.sys.ErrnoException;
import org.ctplug.sys.FileCalls;

/**
 * Replaces a file so that readers see the old or the new content, never a mix: a temporary
 * file in the same directory, fsync, rename(2) over the target, fsync of the directory.
 *
 * <p>The replacement gets the target's owner and mode before any byte is written (a new file:
 * root's, 0644). No chmod or chown on files in /etc/pve: pmxcfs refuses them.
 *
 * <p>ctplug edits host files line by line without knowing their encoding (a Proxmox
 * description, a comment in any charset), so {@link #read} and {@link #write} map one byte to
 * one char (ISO-8859-1) both ways: every byte ctplug does not change is written back as it was.
 */
public final class AtomicFiles {
    /** What a new rules, state or mapping file gets: what the umask 022 of a root shell gives. */
    private static final int NEW_FILE_MODE = 0644;

    /** The most a file read whole may hold: what a Java array can. */
    private static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    private AtomicFiles() {}

    /** The file's bytes, one char each; empty when the file does not exist. */
    public static Optional<String> read(Path file) throws IOException {
        try {
            // one open and read (a pass reads the state, the rules and each config it looks at)
            byte[] bytes = FileCalls.readFile(file.toString(), MAX_BYTES);
            if (bytes.length == MAX_BYTES) {
                // never a part of it: what is written back must hold every line
                throw new IOException(file + ": too large to read whole");
            }
            return Optional.of(new String(bytes, StandardCharsets.ISO_8859_1));
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Makes the directory {@code file} goes in where it is missing: one stat when it is there,
     * where {@link Files#createDirectories} builds an exception with its stack for each level.
     */
    public static void makeParent(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
    }

    /** Writes {@code content} as {@link #read} gave it: one byte per char. */
    public static void write(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        byte[] suffix = new byte[6];
        // only distinct, not secret: the file is made with CREATE_NEW in a directory only root
        // may write, so a guessed name fails the write, never redirects it (and SecureRandom
        // would keep the security providers resident for it)
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(suffix);
        Path temp = dir.resolve("." + target.getFileName() + ".ctplug-tmp-" + HexFormat.of().formatHex(suffix));
        boolean pmxcfs = inPmxcfs(dir);
        // the target's mode and owner, given to the temporary file before its first byte: a
        // config readable by root only must never be readable by others, not even for a moment
        Optional<Map<String, Object>> was = pmxcfs ? Optional.empty() : ownerAndMode(target);
        boolean moved = false;
        try {
            try (FileChannel out = pmxcfs
                    ? FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                    : FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                if (!pmxcfs) {
                    // chown before chmod: chown clears the setuid and setgid bits
                    int uid = was.map(a -> (Integer) a.get("uid")).orElse(0);
                    int gid = was.map(a -> (Integer) a.get("gid")).orElse(0);
                    Files.setAttribute(temp, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(temp, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
                    int mode = was.map(a -> (Integer) a.get("mode") & 07777).orElse(NEW_FILE_MODE);
                    Files.setAttribute(temp, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
                }
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
        syncDirectory(dir);
    }

    /** uid, gid and mode of an existing target; empty when there is none yet. */
    private static Optional<Map<String, Object>> ownerAndMode(Path target) throws IOException {
        try {
            return Optional.of(Files.readAttributes(target, "unix:uid,gid,mode"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Proxmox's cluster file system at /etc/pve refuses chmod and chown and sets both itself:
     * files there are written as they are created.
     */
    static boolean inPmxcfs(Path dir) {
        for (int i = 0; i + 1 < dir.getNameCount(); i++) {
            if (dir.getName(i).toString().equals("etc") && dir.getName(i + 1).toString().equals("pve")) {
                return true;
            }
        }
        return false;
    }

    /** The rename is durable only once the directory is; some filesystems cannot fsync one. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // best effort
        }
    }
}
