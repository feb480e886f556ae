#!/usr/bin/env bash
# Where a service's Java threads spent their CPU, from a flight recording of the benchmark (-Dbench.jfr=DIR, README
# "Benchmark"): samples per thread group, the methods on top of the stack (self time), and the share of samples with
# each library or package anywhere on the stack (inclusive time). JIT and GC threads are not sampled here: the
# benchmark's /proc split ("of which ... GC / JIT") has them. The start-up threads (main, background-preinit) are left out.
# The first skip-seconds of the recording (default 30) are left out too: a service's start-up and its first requests
# run cold (interpreted code, Hibernate parsing every statement once per thread with ANTLR), which in a whole recording
# looked like a steady cost (decision 0064). Pass 0 to count everything.
# Usage: benchmarks/jfr-summary.sh FILE.jfr [top-N] [skip-seconds]
set -euo pipefail
file="$1"; top="${2:-25}"; skip="${3:-30}"
jfr print --stack-depth 96 --events jdk.ExecutionSample "$file" | python3 -c '
import re, sys, collections
top, skip = int(sys.argv[1]), int(sys.argv[2])
first, at = None, 0
groups = [("JDBC driver (PostgreSQL/H2)", ("org.postgresql.", "org.h2.")), ("Hikari pool", ("com.zaxxer.hikari.",)),
          ("Hibernate/JPA", ("org.hibernate.",)), ("Jackson", ("com.fasterxml.jackson.",)),
          ("Axon", ("org.axonframework.",)), ("Spring Security", ("org.springframework.security.",)),
          ("Spring MVC/web", ("org.springframework.web.",)), ("Spring tx/jdbc", ("org.springframework.transaction.", "org.springframework.jdbc.", "org.springframework.orm.")),
          ("Tomcat", ("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.")),
          ("Micrometer", ("io.micrometer.",)), ("logging", ("ch.qos.logback.", "org.slf4j.")),
          ("hashing/signing (JDK security)", ("sun.security.", "java.security.", "com.sun.crypto.")),
          ("our code", ("com.precautionfirst.",)), ("java.net/nio", ("sun.nio.", "java.nio.", "java.net.", "sun.net."))]
samples, threads, self_frames, inclusive = 0, collections.Counter(), collections.Counter(), collections.Counter()
frames, thread = [], None
def flush():
    global samples
    if not frames or thread in ("main", "background-preinit"): return  # start-up, not the measured load
    if at - first < skip: return
    samples += 1
    threads[re.sub(r"[-#]?\d+$", "", thread or "?")] += 1
    self_frames[frames[0]] += 1
    for name, prefixes in groups:
        if any(f.startswith(prefixes) for f in frames): inclusive[name] += 1
for line in sys.stdin:
    line = line.strip()
    if line.startswith("jdk.ExecutionSample"):
        flush(); frames, thread = [], None
    elif line.startswith("startTime"):
        h, m, sec = re.search(r"(\d+):(\d+):([\d.]+)", line).groups(); at = int(h) * 3600 + int(m) * 60 + float(sec)
        first = at if first is None else first
    elif line.startswith("sampledThread"):
        m = re.search(r"\"(.*)\"", line); thread = m.group(1) if m else "?"
    elif re.match(r"^[\w$.]+\(.*\)( line:.*)?$", line):
        frames.append(re.sub(r"\(.*", "", line))
flush()
pct = lambda n: "%5.1f%%" % (100.0 * n / max(samples, 1))
print("samples:", samples, "(after the first %d s)" % skip)
print("\nthreads:"); [print(" ", pct(n), t) for t, n in threads.most_common(12)]
print("\non the stack (inclusive):"); [print(" ", pct(n), g) for g, n in inclusive.most_common()]
print("\nself (top of stack):"); [print(" ", pct(n), f) for f, n in self_frames.most_common(top)]
' "$top" "$skip"
