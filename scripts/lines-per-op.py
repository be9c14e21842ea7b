#!/usr/bin/env python3
"""Generated lines per operation, by module.

Usage: scripts/lines-per-op.py EMPTY_LIB_RS LIB_RS...

EMPTY_LIB_RS is the crate generated from a spec without operations: its modules are the fixed
cost (the spliced runtime), subtracted before dividing by the number of operations (the methods
of the `Server` trait). Prints one row per LIB_RS.
"""
import re
import sys


def modules(path):
    lines = open(path).read().split('\n')
    out, cur, start = {}, None, 0
    for i, line in enumerate(lines):
        m = re.match(r'^pub mod (\w+) \{', line)
        if m:
            cur, start = m.group(1), i
        elif cur and line == '}':
            out[cur] = out.get(cur, 0) + i - start + 1
            cur = None
    out['total'] = len(lines)
    return out


def operations(path):
    text = open(path).read()
    m = re.search(r"pub trait Server: Send \+ Sync \+ 'static \{(.*?)\n    \}\n", text, re.S)
    return len(re.findall(r'\n        fn \w+', m.group(1)))


base = modules(sys.argv[1])
for path in sys.argv[2:]:
    m, n = modules(path), operations(path)
    cells = ['%s %d (%.1f/op)' % (k, m.get(k, 0), (m.get(k, 0) - base.get(k, 0)) / n)
             for k in ('client', 'server', 'total')]
    print(' | '.join([path, str(n)] + cells))
