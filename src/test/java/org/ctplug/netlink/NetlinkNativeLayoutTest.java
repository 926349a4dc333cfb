package org.ctplug.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

/** The LP64 sizes of the kernel structs (x86_64 and aarch64 alike), as JNA lays them out. */
class NetlinkNativeLayoutTest {

    @Test
    void sockaddrNlIsTwelveBytes() {
        assertThat(new NetlinkNative.SockaddrNl().size()).isEqualTo(12);
    }

    @Test
    void iovecIsTwoWords() {
        assertThat(new NetlinkNative.Iovec().size()).isEqualTo(16);
    }

    @Test
    void msghdrHasPaddingAfterNamelenAndFlags() {
        NetlinkNative.Msghdr msghdr = new NetlinkNative.Msghdr();
        msghdr.msg_iov = new Pointer(0x1111);
        msghdr.msg_control = new Pointer(0x2222);
        msghdr.msg_flags = 0x3333;
        msghdr.write();

        assertThat(msghdr.size()).isEqualTo(56);
        assertThat(msghdr.getPointer().getLong(16)).isEqualTo(0x1111);
        assertThat(msghdr.getPointer().getLong(32)).isEqualTo(0x2222);
        assertThat(msghdr.getPointer().getInt(48)).isEqualTo(0x3333);
    }
}
