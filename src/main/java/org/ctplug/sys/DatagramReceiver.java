package org.ctplug.sys;

import com.sun.jna.Memory;
import java.util.OptionalLong;

/**
 * recvmsg(2) of one datagram with its sender's address and SCM_CREDENTIALS (sent by the
 * kernel once SO_PASSCRED is set), in one call. Native buffers are kept between calls; the
 * data buffer has the largest size taken at once (malloc maps it, and only the pages a
 * datagram is written to become resident); one receiving thread at a time.
 */
public final class DatagramReceiver {
    // struct msghdr on LP64 (include/linux/socket.h): msg_name at 0, msg_namelen at 8, msg_iov
    // at 16, msg_iovlen at 24, msg_control at 32, msg_controllen at 40, msg_flags at 48; 56 bytes
    private static final int MSGHDR_SIZE = 56;
    // struct iovec {void *iov_base; size_t iov_len;}
    private static final int IOVEC_SIZE = 16;
    // struct cmsghdr {size_t cmsg_len; int cmsg_level; int cmsg_type;}, data at CMSG_ALIGN(16)
    private static final int CMSG_HEADER = 16;
    private static final int SCM_CREDENTIALS = 2;
    /** struct ucred {pid_t pid; uid_t uid; gid_t gid;} */
    private static final int UCRED_SIZE = 12;
    private static final int CONTROL_SIZE = 64;

    /** One datagram; {@code uid} is empty when the kernel attached no SCM_CREDENTIALS. */
    public record Datagram(byte[] data, boolean truncated, byte[] source, OptionalLong uid) {
    }

    private final int addressSize;
    private final Memory data;
    private final Memory source;
    private final Memory control = new Memory(CONTROL_SIZE);
    private final Memory iov = new Memory(IOVEC_SIZE);
    private final Memory msg = new Memory(MSGHDR_SIZE);

    /**
     * @param addressSize the size of the sender's address struct (sockaddr_nl: 12)
     * @param size the largest datagram read whole; a larger one is read truncated
     */
    public DatagramReceiver(int addressSize, int size) {
        this.addressSize = addressSize;
        this.source = new Memory(addressSize);
        this.data = new Memory(size);
    }

    public Datagram receive(int fd, int flags) throws ErrnoException {
        // MSG_TRUNC: the datagram's real length even when it did not fit, for the flag below
        int length = (int) Math.min(recvmsg(fd, flags | SocketCalls.MSG_TRUNC), data.size());
        boolean truncated = (msg.getInt(48) & SocketCalls.MSG_TRUNC) != 0;
        return new Datagram(data.getByteArray(0, length), truncated, source.getByteArray(0, addressSize),
                credentialsUid());
    }

    private long recvmsg(int fd, int flags) throws ErrnoException {
        iov.setPointer(0, data);
        iov.setLong(8, data.size());
        source.clear();
        msg.clear();
        msg.setPointer(0, source);
        msg.setInt(8, addressSize);
        msg.setPointer(16, iov);
        msg.setLong(24, 1);
        msg.setPointer(32, control);
        msg.setLong(40, CONTROL_SIZE);
        return ErrnoException.check(Libc.recvmsg(fd, msg, flags), "recvmsg", "fd " + fd);
    }

    /** Walks the cmsghdr list the kernel wrote, each entry aligned to size_t. */
    private OptionalLong credentialsUid() {
        long controlLength = Math.min(msg.getLong(40), CONTROL_SIZE);
        long pos = 0;
        while (pos + CMSG_HEADER <= controlLength) {
            long length = control.getLong(pos);
            int level = control.getInt(pos + 8);
            int type = control.getInt(pos + 12);
            if (length < CMSG_HEADER || pos + length > controlLength) {
                break;
            }
            if (level == SocketCalls.SOL_SOCKET && type == SCM_CREDENTIALS && length >= CMSG_HEADER + UCRED_SIZE) {
                return OptionalLong.of(Integer.toUnsignedLong(control.getInt(pos + CMSG_HEADER + 4)));
            }
            pos += (length + 7) & -8;
        }
        return OptionalLong.empty();
    }
}
