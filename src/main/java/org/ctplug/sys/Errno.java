package org.ctplug.sys;

import java.util.Map;

/**
 * errno values by name, with glibc's strerror text for each (asm-generic/errno-base.h and
 * errno.h: the same numbers on x86_64 and aarch64). Read from this table, never from libc, so
 * an error message is built without a native call, also on a thread inside a container's mount
 * namespace.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    /** Also EWOULDBLOCK, which Linux defines as the same number. */
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    /** Illegal byte sequence: what ctplug itself answers for a name libc cannot take (a NUL in it). */
    public static final int EILSEQ = 84;
    public static final int ENOBUFS = 105;
    public static final int ECONNREFUSED = 111;

    private record Entry(String name, String message) {
    }

    private static final Map<Integer, Entry> TABLE = Map.ofEntries(
            entry(1, "EPERM", "Operation not permitted"),
            entry(2, "ENOENT", "No such file or directory"),
            entry(3, "ESRCH", "No such process"),
            entry(4, "EINTR", "Interrupted system call"),
            entry(5, "EIO", "Input/output error"),
            entry(6, "ENXIO", "No such device or address"),
            entry(7, "E2BIG", "Argument list too long"),
            entry(8, "ENOEXEC", "Exec format error"),
            entry(9, "EBADF", "Bad file descriptor"),
            entry(10, "ECHILD", "No child processes"),
            entry(11, "EAGAIN", "Resource temporarily unavailable"),
            entry(12, "ENOMEM", "Cannot allocate memory"),
            entry(13, "EACCES", "Permission denied"),
            entry(14, "EFAULT", "Bad address"),
            entry(15, "ENOTBLK", "Block device required"),
            entry(16, "EBUSY", "Device or resource busy"),
            entry(17, "EEXIST", "File exists"),
            entry(18, "EXDEV", "Invalid cross-device link"),
            entry(19, "ENODEV", "No such device"),
            entry(20, "ENOTDIR", "Not a directory"),
            entry(21, "EISDIR", "Is a directory"),
            entry(22, "EINVAL", "Invalid argument"),
            entry(23, "ENFILE", "Too many open files in system"),
            entry(24, "EMFILE", "Too many open files"),
            entry(25, "ENOTTY", "Inappropriate ioctl for device"),
            entry(26, "ETXTBSY", "Text file busy"),
            entry(27, "EFBIG", "File too large"),
            entry(28, "ENOSPC", "No space left on device"),
            entry(29, "ESPIPE", "Illegal seek"),
            entry(30, "EROFS", "Read-only file system"),
            entry(31, "EMLINK", "Too many links"),
            entry(32, "EPIPE", "Broken pipe"),
            entry(33, "EDOM", "Numerical argument out of domain"),
            entry(34, "ERANGE", "Numerical result out of range"),
            entry(35, "EDEADLK", "Resource deadlock avoided"),
            entry(36, "ENAMETOOLONG", "File name too long"),
            entry(37, "ENOLCK", "No locks available"),
            entry(38, "ENOSYS", "Function not implemented"),
            entry(39, "ENOTEMPTY", "Directory not empty"),
            entry(40, "ELOOP", "Too many levels of symbolic links"),
            entry(75, "EOVERFLOW", "Value too large for defined data type"),
            entry(84, "EILSEQ", "Invalid or incomplete multibyte or wide character"),
            entry(88, "ENOTSOCK", "Socket operation on non-socket"),
            entry(90, "EMSGSIZE", "Message too long"),
            entry(93, "EPROTONOSUPPORT", "Protocol not supported"),
            entry(95, "EOPNOTSUPP", "Operation not supported"),
            entry(97, "EAFNOSUPPORT", "Address family not supported by protocol"),
            entry(98, "EADDRINUSE", "Address already in use"),
            entry(104, "ECONNRESET", "Connection reset by peer"),
            entry(105, "ENOBUFS", "No buffer space available"),
            entry(107, "ENOTCONN", "Transport endpoint is not connected"),
            entry(110, "ETIMEDOUT", "Connection timed out"),
            entry(111, "ECONNREFUSED", "Connection refused"));

    private Errno() {
    }

    /** {@code ENOENT}, or {@code errno N} for a number the table does not hold. */
    public static String name(int errno) {
        Entry e = TABLE.get(errno);
        return e != null ? e.name() : "errno " + errno;
    }

    /** strerror(3)'s text; glibc's own wording for a number it does not know. */
    public static String message(int errno) {
        Entry e = TABLE.get(errno);
        return e != null ? e.message() : "Unknown error " + errno;
    }

    private static Map.Entry<Integer, Entry> entry(int errno, String name, String message) {
        return Map.entry(errno, new Entry(name, message));
    }
}
