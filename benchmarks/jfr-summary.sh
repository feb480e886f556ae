#!/usr/bin/env bash
# Where a service's Java threads spent their CPU, from a flight recording of the benchmark (-Dbench.jfr=DIR, README
# "Benchmark"): samples per thread group, the methods on top of the stack (self time), and the share of samples with
# each library or package anywhere on the stack (inclusive time). JIT and GC threads are not sampled here: the
# benchmark's /proc split ("of which ... GC / JIT") has them. The start-up threads (main, background-preinit) are left out.
# Usage: benchmarks/jfr-summary.sh FILE.jfr [top-N]
set -euo pipefail
file="$1"; top="${2:-25}"
jfr print --stack-depth 96 --events jdk.ExecutionSample "$file" | python3 -c '
import re, sys, collections
top = int(sys.argv[1])
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
    samples += 1
    threads[re.sub(r"[-#]?\d+$", "", thread or "?")] += 1
    self_frames[frames[0]] += 1
    for name, prefixes in groups:
        if any(f.startswith(prefixes) for f in frames): inclusive[name] += 1
for line in sys.stdin:
    line = line.strip()
    if line.startswith("jdk.ExecutionSample"):
        flush(); frames, thread = [], None
    elif line.startswith("sampledThread"):
        m = re.search(r"\"(.*)\"", line); thread = m.group(1) if m else "?"
    elif re.match(r"^[\w$.]+\(.*\)( line:.*)?$", line):
        frames.append(re.sub(r"\(.*", "", line))
flush()
pct = lambda n: "%5.1f%%" % (100.0 * n / max(samples, 1))
print("samples:", samples)
print("\nthreads:"); [print(" ", pct(n), t) for t, n in threads.most_common(12)]
print("\non the stack (inclusive):"); [print(" ", pct(n), g) for g, n in inclusive.most_common()]
print("\nself (top of stack):"); [print(" ", pct(n), f) for f, n in self_frames.most_common(top)]
' "$top"
