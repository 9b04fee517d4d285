"""The last step on the server's side before bubblewrap: limits, uid, then exec.

Run as its own short-lived process (`python -I -S launcher.py CONFIG`), never imported by the
site, so the worker itself changes nothing about its own limits or user. CONFIG is JSON:

  {"rlimits": [[resource, soft, hard], ...], "uid": 65534 | null, "gid": 65534 | null,
   "stage": [source, target] | null, "cgroup": "/sys/fs/cgroup/.../cgroup.procs" | null,
   "argv": ["/usr/bin/bwrap", ...]}

- `cgroup`: the run's memory cgroup (see cgroup.py); this process joins it first, so every
  process of the run is in it.

- `stage`: the Python the sandbox runs lives somewhere the unprivileged uid cannot walk into
  (pyenv under /root, mode 0700). As root, in a mount namespace of this process alone, `source`
  is bind-mounted on `target` (an empty folder the server made for this run, mode 0755), so
  bubblewrap (no longer root) can bind it from there. Nothing changes for any other process.
- rlimits are set, then the groups, gid and uid are dropped (when `uid` is set), then bwrap
  replaces this process. Any failure exits 125 with one line on stderr starting "sandbox-launch:".
"""

import json
import os
import resource
import sys


def fail(message):
    sys.stderr.write(f"sandbox-launch: {message}\n")
    sys.stderr.flush()
    os._exit(125)


def stage(source, target):
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    ms_bind, ms_rec, ms_private = 4096, 16384, 1 << 18

    def mount(src, dst, flags):
        if libc.mount(src, dst, None, flags, None) != 0:
            fail(f"mount {dst.decode()}: {os.strerror(ctypes.get_errno())}")

    os.unshare(os.CLONE_NEWNS)
    mount(None, b"/", ms_rec | ms_private)
    mount(source.encode(), target.encode(), ms_bind | ms_rec)


def main():
    try:
        config = json.loads(sys.argv[1])
    except (IndexError, ValueError):
        fail("no configuration")
    try:
        if config.get("cgroup"):
            with open(config["cgroup"], "w") as handle:
                handle.write(str(os.getpid()))
        if config.get("stage"):
            stage(*config["stage"])
        for name, soft, hard in config["rlimits"]:
            resource.setrlimit(name, (soft, hard))
        if config.get("uid") is not None:
            os.setgroups([])
            os.setresgid(config["gid"], config["gid"], config["gid"])
            os.setresuid(config["uid"], config["uid"], config["uid"])
        argv = config["argv"]
        os.execv(argv[0], argv)  # noqa: S606 - bwrap with the arguments the server built
    except OSError as exc:
        fail(f"{exc.strerror or exc}")


if __name__ == "__main__":
    main()
