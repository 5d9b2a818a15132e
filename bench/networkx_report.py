"""Modularity and per-department E-I with networkx on the same tie list (bench/report.ts runs it).

usage: python3 bench/networkx_report.py ties.csv people.csv
prints one JSON line: {"seconds": ..., "modularity": ..., "ei": {...}}
"""
import csv, json, sys, time

import networkx as nx
from networkx.algorithms.community import modularity

start = time.perf_counter()
dept = {}
with open(sys.argv[2], newline="") as f:
    for row in csv.DictReader(f):
        dept[row["id"]] = row["department"]
G = nx.Graph()
G.add_nodes_from(dept)
with open(sys.argv[1], newline="") as f:
    G.add_edges_from((r["source"], r["target"]) for r in csv.DictReader(f))
loaded = time.perf_counter()
groups = {}
for node, d in dept.items():
    groups.setdefault(d, set()).add(node)
q = modularity(G, groups.values(), weight=None, resolution=1)
internal = {d: 0 for d in groups}
external = {d: 0 for d in groups}
for a, b in G.edges():
    da, db = dept[a], dept[b]
    if da == db:
        internal[da] += 1
    else:
        external[da] += 1
        external[db] += 1
ei = {d: (external[d] - internal[d]) / max(1, external[d] + internal[d]) for d in groups}
end = time.perf_counter()
print(json.dumps({"seconds": end - start, "load_seconds": loaded - start, "compute_seconds": end - loaded, "modularity": q, "ei": ei, "edges": G.number_of_edges()}))
