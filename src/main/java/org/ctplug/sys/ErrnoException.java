package org.ctplug.sys;

import java.io.IOException;

/**
 * A failed libc call, in one format everywhere: {@code call(what): ENAME (message)}, where
 * {@code what} is the path, descriptor or object the call acted on, as the caller names it.
 *
 * <p>Many are expected answers (ENOENT for a name that is not there, EINVAL for nothing left
 * to unmount) on every event, so one costs no stack walk and no text until its message is
 * read: the message names the call and its object, which is what a log line needs.
 */
public final class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String call;
    private final String what;
    private final int errno;

    public ErrnoException(String call, String what, int errno) {
        super((String) null);
        this.call = call;
        this.what = what;
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    @Override
    public String getMessage() {
        return call + "(" + what + "): " + Errno.name(errno) + " (" + Errno.message(errno) + ")";
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
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
