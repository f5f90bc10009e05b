#!/usr/bin/env python3
"""Live AFL++ statistics for scripts/campaign.sh, from the first second.

afl-fuzz 4.04c rewrites fuzzer_stats once a minute and plot_data only after
a minute, so a progress line built on them shows nothing, or "inf" execs/s,
for the first minute. With AFL_STATSD it sends its metrics every second over
UDP instead; this collector listens on the loopback interface only.

usage: afl_live.py DIR NAME...
  For each NAME: binds a UDP socket on 127.0.0.1 (port picked by the
  system) and writes the port to DIR/NAME.port; then keeps DIR/NAME.live
  ("metric value" lines, the latest of each) and appends to DIR/NAME.series
  ("seconds edges execs_done corpus crashes", at most one line a second).
  Stops when DIR/stop appears, or when its parent exits.
"""
import os
import select
import socket
import sys
import time


def main(argv):
    if len(argv) < 3 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stdout if len(argv) > 1 else sys.stderr)
        return 0 if len(argv) > 1 else 2
    out, names = argv[1], argv[2:]
    parent = os.getppid()
    socks = {}
    for name in names:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        socks[s] = name
        with open(os.path.join(out, name + ".port.tmp"), "w") as f:
            f.write("%d\n" % s.getsockname()[1])
        os.rename(os.path.join(out, name + ".port.tmp"), os.path.join(out, name + ".port"))
    start = time.time()
    stats = {name: {} for name in names}
    last_series = {name: -1 for name in names}
    while not os.path.exists(os.path.join(out, "stop")) and os.getppid() == parent:
        ready, _, _ = select.select(list(socks), [], [], 1.0)
        for s in ready:
            name = socks[s]
            data = s.recv(65535).decode("ascii", "replace")
            for line in data.splitlines():
                # "fuzzing.execs_per_sec:2580.55|g" (tags, if any, after '|')
                key, _, rest = line.partition(":")
                value = rest.split("|", 1)[0]
                if key.startswith("fuzzing.") and value:
                    stats[name][key[len("fuzzing."):]] = value
            live = os.path.join(out, name + ".live")
            with open(live + ".tmp", "w") as f:
                for k, v in sorted(stats[name].items()):
                    f.write("%s %s\n" % (k, v))
            os.rename(live + ".tmp", live)
            t = int(time.time() - start)
            if t > last_series[name]:
                last_series[name] = t
                st = stats[name]
                with open(os.path.join(out, name + ".series"), "a") as f:
                    f.write("%d %s %s %s %s\n" % (t, st.get("edges_found", "0"),
                                                   st.get("execs_done", "0"),
                                                   st.get("corpus_count", "0"),
                                                   st.get("saved_crashes", "0")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
