"""The seccomp filter bubblewrap loads before it starts the learner's code (`--seccomp FD`).

Everything is allowed except the system calls a test never needs and an escape would: other
socket families than AF_UNIX (so no TCP, UDP, raw or netlink sockets, on top of the empty network
namespace), tracing and reading other processes' memory or descriptors, mounting, new
namespaces, keys, BPF, perf, io_uring, userfaultfd, System V IPC and memory files (memory that
outlives its mapping, outside RLIMIT_AS), kernel modules, kexec, reboot, clocks, swap, quotas,
personality changes and TIOCSTI. They fail with EPERM (sockets with EAFNOSUPPORT;
clone3 with ENOSYS, so the C library falls back to clone, whose namespace flags are checked).
A system call of another architecture (32-bit x86 from a 64-bit process) kills the process.

Built with libseccomp through the `pyseccomp` binding (ctypes over libseccomp.so.2, which Debian
installs with apt itself).
"""

from __future__ import annotations

import errno
import functools
import os

EPERM = errno.EPERM

DENIED = (
    # other processes
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "pidfd_getfd",
    "kcmp",
    # mounts and namespaces
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "move_mount",
    "open_tree",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
    "unshare",
    "setns",
    "open_by_handle_at",
    "name_to_handle_at",
    # kernel facilities a test has no use for
    "keyctl",
    "add_key",
    "request_key",
    "bpf",
    "perf_event_open",
    "userfaultfd",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "fanotify_init",
    "lookup_dcookie",
    "personality",
    "syslog",
    "acct",
    "quotactl",
    "quotactl_fd",
    "swapon",
    "swapoff",
    "reboot",
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "iopl",
    "ioperm",
    "settimeofday",
    "clock_settime",
    "clock_adjtime",
    "adjtimex",
    "sethostname",
    "setdomainname",
    "vhangup",
    "uselib",
    "ustat",
    "sysfs",
    # memory outside the address-space limit: System V shared memory and memory files outlive
    # their mapping, so they could grow past RLIMIT_AS
    "shmget",
    "shmat",
    "shmctl",
    "shmdt",
    "msgget",
    "msgsnd",
    "msgrcv",
    "msgctl",
    "semget",
    "semop",
    "semtimedop",
    "semctl",
    "memfd_create",
    "memfd_secret",
    "mbind",
    "migrate_pages",
    "move_pages",
    "set_mempolicy",
)

AF_UNIX = 1
TIOCSTI = 0x5412
TIOCLINUX = 0x541C
NAMESPACE_FLAGS = (
    0x00020000,  # CLONE_NEWNS
    0x02000000,  # CLONE_NEWCGROUP
    0x04000000,  # CLONE_NEWUTS
    0x08000000,  # CLONE_NEWIPC
    0x10000000,  # CLONE_NEWUSER
    0x20000000,  # CLONE_NEWPID
    0x40000000,  # CLONE_NEWNET
    0x00000080,  # CLONE_NEWTIME
)


class SeccompUnavailable(RuntimeError):
    """libseccomp (or its binding) cannot be loaded here."""


@functools.cache
def filter_bytes() -> bytes:
    """The compiled BPF program (struct sock_filter[]), built once per process."""
    try:
        import pyseccomp as sc
    except (ImportError, OSError, AttributeError) as exc:  # no binding, or no libseccomp.so.2
        raise SeccompUnavailable(f"libseccomp cannot be loaded ({exc})") from exc

    rules = sc.SyscallFilter(sc.ALLOW)
    rules.set_attr(sc.Attr.ACT_BADARCH, sc.KILL_PROCESS)
    for name in DENIED:
        try:
            rules.add_rule(sc.ERRNO(EPERM), name)
        except (OSError, ValueError, RuntimeError):  # unknown on this architecture
            continue
    rules.add_rule(sc.ERRNO(errno.EAFNOSUPPORT), "socket", sc.Arg(0, sc.NE, AF_UNIX))
    rules.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")
    for flag in NAMESPACE_FLAGS:
        rules.add_rule(sc.ERRNO(EPERM), "clone", sc.Arg(0, sc.MASKED_EQ, flag, flag))
    for request in (TIOCSTI, TIOCLINUX):
        rules.add_rule(sc.ERRNO(EPERM), "ioctl", sc.Arg(1, sc.MASKED_EQ, 0xFFFFFFFF, request))

    fd = os.memfd_create("seccomp-build")
    try:
        with os.fdopen(os.dup(fd), "wb") as handle:
            rules.export_bpf(handle)
        os.lseek(fd, 0, os.SEEK_SET)
        chunks = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    finally:
        os.close(fd)
    program = b"".join(chunks)
    if not program or len(program) % 8:
        raise SeccompUnavailable("libseccomp produced no filter")
    return program
