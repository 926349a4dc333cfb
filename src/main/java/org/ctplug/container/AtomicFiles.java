package org.ctplug.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Replaces a file so that readers see the old or the new content, never a mix: a temporary
 * file in the same directory, fsync, rename(2) over the target, fsync of the directory.
 *
 * <p>No chmod or chown on files in /etc/pve: pmxcfs refuses them. Elsewhere the target's
 * permission bits are carried over to the replacement.
 *
 * <p>ctplug edits host files line by line without knowing their encoding (a Proxmox
 * description, a comment in any charset), so {@link #read} and {@link #write} map one byte to
 * one char (ISO-8859-1) both ways: every byte ctplug does not change is written back as it was.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {}

    /** The file's bytes, one char each; empty when the file does not exist. */
    public static Optional<String> read(Path file) throws IOException {
        try {
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Writes {@code content} as {@link #read} gave it: one byte per char. */
    public static void write(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        Path temp = dir.resolve("." + target.getFileName() + ".ctplug-tmp-" + HexFormat.of().formatHex(suffix));
        boolean moved = false;
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            keepPermissions(target, temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
        syncDirectory(dir);
    }

    private static void keepPermissions(Path target, Path temp) {
        try {
            if (Files.exists(target)) {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
            }
        } catch (UnsupportedOperationException | IOException e) {
            // pmxcfs fixes the mode itself and rejects chmod
        }
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
