"""Modularity of the departments and Louvain communities with python-igraph or networkx (bench/cli.ts runs it).

usage: python3 bench/python_analyze.py igraph|networkx ties.csv people.csv
prints one JSON line: {"library", "seconds", "modularity", "louvain_count", "louvain_modularity"}
`seconds` is measured inside Python; bench/cli.ts times the whole process (interpreter and imports too).
"""
import csv, json, sys, time

lib, ties_file, people_file = sys.argv[1:4]
start = time.perf_counter()
with open(people_file, newline="") as f:
    dept = {row["id"]: row["department"] for row in csv.DictReader(f)}
with open(ties_file, newline="") as f:
    edges = [(r["source"], r["target"]) for r in csv.DictReader(f)]

if lib == "igraph":
    import igraph as ig

    names = list(dept)
    index = {n: i for i, n in enumerate(names)}
    g = ig.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in edges])
    codes = {d: i for i, d in enumerate(sorted(set(dept.values())))}
    q = g.modularity([codes[dept[n]] for n in names])
    louvain = g.community_multilevel()
    count, lq = len(louvain), louvain.modularity
else:
    import networkx as nx
    from networkx.algorithms.community import louvain_communities, modularity

    g = nx.Graph()
    g.add_nodes_from(dept)
    g.add_edges_from(edges)
    groups = {}
    for node, d in dept.items():
        groups.setdefault(d, set()).add(node)
    q = modularity(g, groups.values())
    communities = louvain_communities(g, seed=7)
    count, lq = len(communities), modularity(g, communities)

print(json.dumps({"library": lib, "seconds": time.perf_counter() - start, "modularity": q,
                  "louvain_count": count, "louvain_modularity": lq}))
