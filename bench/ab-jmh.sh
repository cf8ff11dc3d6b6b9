#!/bin/bash
# A/B of the simulation benchmarks: the commit before the mail-host core (/tmp/jmh-old at 602f9e4) and HEAD (/tmp/jmh-new),
# alternating rounds so that load falls on both alike. Prepare: git clone . /tmp/jmh-old && git -C /tmp/jmh-old checkout 602f9e4;
# git clone . /tmp/jmh-new. See docs/benchmarks.md.
# A/B: baseline (602f9e4) and HEAD, alternating, same JMH settings
for round in 1 2 3 4; do
  for v in old new; do
    cd /tmp/jmh-$v
    echo "=== $v round $round $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
    nice -n -15 bench/run-jmh.sh 'SimulationBenchmark.(directDelivery|tenThousandDeliveries)$' -f 1 -wi 10 -w 2s -i 5 -r 2s -prof gc 2>&1 | grep -E "^SimulationBenchmark|^Benchmark|ERROR|Exception"
  done
done
