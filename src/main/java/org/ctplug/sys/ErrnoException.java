package org.ctplug.sys;

import java.io.IOException;

/**
 * A failed libc call, in one format everywhere: {@code call(what): ENAME (message)}, where
 * {@code what} is the path, descriptor or object the call acted on, as the caller names it.
 */
public final class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public ErrnoException(String call, String what, int errno) {
        super(call + "(" + what + "): " + Errno.name(errno) + " (" + Errno.message(errno) + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** The result unless it is negative, libc's sign of failure; then the errno it left. */
    static int check(int result, String call, String what) throws ErrnoException {
        if (result < 0) {
            throw new ErrnoException(call, what, Libc.errno());
        }
        return result;
    }

    static long check(long result, String call, String what) throws ErrnoException {
        if (result < 0) {
            throw new ErrnoException(call, what, Libc.errno());
        }
        return result;
    }
}
