#!/usr/bin/env python3
"""Rewrites the class-file major version 69 (Java 25) to 67 (Java 23) in the given directories.

Why: Jazzer 0.24.0 (the last open release) shades ASM 9.7, which refuses class files newer than
Java 23, so in fuzzing mode it cannot add coverage instrumentation to classes compiled with
--release 25 and libFuzzer would mutate blind. javac 25 emits no bytecode construct that Java 23
lacks (records, sealed classes, pattern switches all predate it), so the lowered number is honest
for our code and JDK 25 loads such classes normally. Only tools/fuzz/fuzz.sh uses this, on
target/ directories, never on anything that is shipped.
"""
import os
import sys

FROM, TO = 69, 67


def main(dirs):
    n = 0
    for d in dirs:
        for root, _, files in os.walk(d):
            for name in files:
                if not name.endswith(".class"):
                    continue
                path = os.path.join(root, name)
                st = os.stat(path)
                with open(path, "r+b") as f:
                    head = f.read(8)
                    if len(head) < 8 or head[:4] != b"\xca\xfe\xba\xbe" or int.from_bytes(head[6:8], "big") != FROM:
                        continue
                    f.seek(6)
                    f.write(TO.to_bytes(2, "big"))
                n += 1
                # keep the timestamp so maven-compiler-plugin still sees the classes as up to date
                os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    print("downgraded %d class files to major %d" % (n, TO), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
