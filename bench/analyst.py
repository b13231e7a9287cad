"""The 42 analyst queries of the query bench, as data.

Each query is the Cypher an analyst of a collaboration network writes (point lookups, one- and
two-hop expansions, co-partners, top-k, country matrices, OPTIONAL MATCH, WITH + aggregation,
variable-length and shortest paths, string predicates, degree distributions) over the graph of
:func:`bench.synthetic.make_graph`. Every query orders its rows completely (ties broken by name)
or returns one row, so two engines' answers compare as multisets.

``ladybug`` is the text LadybugDB needs where its dialect differs (documented deviations):
variable-length patterns walk by default there (a relationship may repeat), so those queries ask
for ``* TRAIL``, openCypher's relationship uniqueness; shortest paths are ``* SHORTEST`` instead
of ``shortestPath()``; a ``COUNT { }`` subquery needs its ``MATCH`` keyword there (optional in
Cypher 5).
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AnalystQuery", "QUERIES"]


@dataclass(frozen=True)
class AnalystQuery:
    """One bench query: a short name, what it exercises, its Cypher and Ladybug's text if other."""

    name: str
    group: str
    cypher: str
    ladybug: str | None = None


def _q(name: str, group: str, cypher: str, ladybug: str | None = None) -> AnalystQuery:
    return AnalystQuery(name, group, " ".join(cypher.split()), ladybug and " ".join(ladybug.split()))


_CO = "MATCH (o:Organisation {name: $%s})-[:PARTNER_IN]->(p:Project)<-[:PARTNER_IN]-(x:Organisation) "
_SHORTEST = ("MATCH (a:Organisation {name: $peer}), (b:Organisation {name: $%s}) "
             "MATCH p = shortestPath((a)-[:COLLABORATES_WITH*..%d]-(b)) RETURN length(p)")
_SHORTEST_LB = ("MATCH p = (a:Organisation {name: $peer})-[:COLLABORATES_WITH* SHORTEST 1..%d]-"
                "(b:Organisation {name: $%s}) RETURN length(p)")

QUERIES: tuple[AnalystQuery, ...] = (
    # -- point lookups
    _q("lookup-org", "lookup", "MATCH (o:Organisation {name: $org}) RETURN o.name"),
    _q("lookup-project", "lookup", "MATCH (p:Project {name: $project}) RETURN p.name, p.start, p.budget"),
    _q("lookup-where", "lookup", "MATCH (p:Project) WHERE p.name = $project RETURN p.budget"),
    # -- one hop
    _q("projects-typical", "1-hop",
       "MATCH (o:Organisation {name: $org})-[:PARTNER_IN]->(p:Project) RETURN p.name ORDER BY p.name"),
    _q("projects-hub", "1-hop",
       "MATCH (o:Organisation {name: $hub})-[:PARTNER_IN]->(p:Project) RETURN p.name ORDER BY p.name"),
    _q("partners-of-project", "1-hop",
       "MATCH (p:Project {name: $project})<-[:PARTNER_IN]-(o:Organisation) RETURN o.name ORDER BY o.name"),
    _q("country-of-org", "1-hop",
       "MATCH (o:Organisation {name: $org})-[:LOCATED_IN]->(c:Country) RETURN c.name"),
    _q("two-types-hub", "1-hop",
       "MATCH (o:Organisation {name: $hub})-[r:LEADS|PARTNER_IN]->(p:Project) "
       "RETURN type(r) AS t, count(*) AS n ORDER BY t",
       "MATCH (o:Organisation {name: $hub})-[r:LEADS|PARTNER_IN]->(p:Project) "
       "RETURN label(r) AS t, count(*) AS n ORDER BY t"),
    _q("collaborators", "1-hop",
       "MATCH (o:Organisation {name: $peer})-[:COLLABORATES_WITH]-(x:Organisation) RETURN x.name ORDER BY x.name"),
    # -- two hops
    _q("co-partners-typical", "2-hop", _CO % "org" + "WHERE x <> o RETURN DISTINCT x.name"),
    _q("co-partners-hub", "2-hop", _CO % "hub" + "WHERE x <> o RETURN DISTINCT x.name"),
    _q("co-partner-counts-hub", "2-hop", _CO % "hub" + "WHERE x <> o "
       "RETURN x.name, count(p) AS shared ORDER BY shared DESC, x.name LIMIT 10"),
    _q("country-leads", "2-hop",
       "MATCH (c:Country {name: $country})<-[:LOCATED_IN]-(o:Organisation)-[:LEADS]->(p:Project) "
       "RETURN count(p)"),
    _q("collaborators-projects", "2-hop",
       "MATCH (o:Organisation {name: $hub})-[:COLLABORATES_WITH]->(x:Organisation)-[:PARTNER_IN]->(p:Project) "
       "RETURN count(DISTINCT p)"),
    _q("collaborators-sharing", "2-hop",
       "MATCH (a:Organisation)-[:COLLABORATES_WITH]->(b:Organisation), "
       "(a)-[:PARTNER_IN]->(p:Project)<-[:PARTNER_IN]-(b) RETURN count(DISTINCT a) AS orgs, count(*) AS pairs"),
    # -- whole-graph aggregation and top-k
    _q("top-partners", "aggregate",
       "MATCH (o:Organisation)-[:PARTNER_IN]->(p:Project) RETURN o.name, count(p) AS n ORDER BY n DESC, o.name LIMIT 10"),
    _q("led-by-country", "aggregate",
       "MATCH (c:Country)<-[:LOCATED_IN]-(o:Organisation)-[:LEADS]->(p:Project) "
       "RETURN c.name, count(p) AS n ORDER BY n DESC, c.name"),
    _q("active-by-country", "aggregate",
       "MATCH (c:Country)<-[:LOCATED_IN]-(o:Organisation)-[:LEADS|PARTNER_IN]->(p:Project) "
       "RETURN c.name, count(DISTINCT p) AS n ORDER BY n DESC, c.name LIMIT 10"),
    _q("country-matrix", "aggregate",
       "MATCH (c1:Country)<-[:LOCATED_IN]-(a:Organisation)-[:COLLABORATES_WITH]->(b:Organisation)"
       "-[:LOCATED_IN]->(c2:Country) RETURN c1.name, c2.name, count(*) AS n ORDER BY n DESC, c1.name, c2.name LIMIT 20"),
    _q("country-matrix-projects", "aggregate",
       "MATCH (c1:Country)<-[:LOCATED_IN]-(a:Organisation)-[:LEADS]->(p:Project)<-[:PARTNER_IN]-(b:Organisation)"
       "-[:LOCATED_IN]->(c2:Country) WHERE c1 <> c2 "
       "RETURN c1.name, c2.name, count(*) AS n ORDER BY n DESC, c1.name, c2.name LIMIT 20"),
    _q("budget-by-country", "aggregate",
       "MATCH (c:Country)<-[:LOCATED_IN]-(o:Organisation)-[:LEADS]->(p:Project) "
       "RETURN c.name, sum(p.budget) AS total, max(p.budget) AS top ORDER BY total DESC, c.name"),
    _q("projects-per-year", "aggregate",
       "MATCH (p:Project) RETURN p.start AS year, count(*) AS n, sum(p.budget) AS budget ORDER BY year"),
    _q("top-budgets", "top-k",
       "MATCH (p:Project) RETURN p.name, p.budget ORDER BY p.budget DESC, p.name LIMIT 10"),
    _q("top-leaders-by-budget", "top-k",
       "MATCH (o:Organisation)-[:LEADS]->(p:Project) "
       "RETURN o.name, sum(p.budget) AS total ORDER BY total DESC, o.name LIMIT 10"),
    _q("top-collaborators", "top-k",
       "MATCH (o:Organisation)-[:COLLABORATES_WITH]-(x:Organisation) "
       "RETURN o.name, count(x) AS n ORDER BY n DESC, o.name LIMIT 10"),
    # -- OPTIONAL MATCH
    _q("leading-nothing", "optional",
       "MATCH (o:Organisation) OPTIONAL MATCH (o)-[:LEADS]->(p:Project) "
       "WITH o, count(p) AS led WHERE led = 0 RETURN count(o)"),
    _q("optional-collaborators", "optional",
       "MATCH (o:Organisation {name: $peer}) OPTIONAL MATCH (o)-[:COLLABORATES_WITH]->(x:Organisation) "
       "RETURN o.name, count(x)"),
    _q("recent-by-country", "optional",
       "MATCH (c:Country) OPTIONAL MATCH (c)<-[:LOCATED_IN]-(o:Organisation)-[:LEADS]->(p:Project) "
       "WHERE p.start >= 2020 RETURN c.name, count(p) AS n ORDER BY n DESC, c.name"),
    # -- WITH + aggregation
    _q("partner-degree-histogram", "with",
       "MATCH (o:Organisation)-[:PARTNER_IN]->(p:Project) WITH o, count(p) AS deg "
       "RETURN deg, count(o) AS orgs ORDER BY deg"),
    _q("busy-orgs", "with",
       "MATCH (o:Organisation)-[:PARTNER_IN]->(p:Project) WITH o, count(p) AS n WHERE n >= 50 "
       "RETURN o.name, n ORDER BY n DESC, o.name"),
    _q("partners-per-year", "with",
       "MATCH (p:Project)<-[:PARTNER_IN]-(o:Organisation) WITH p, count(o) AS partners "
       "RETURN p.start AS year, count(p) AS projects, sum(partners) AS partners ORDER BY year"),
    _q("big-projects-led", "with",
       "MATCH (o:Organisation)-[:LEADS]->(p:Project) WHERE p.budget > $budget WITH o, count(p) AS big "
       "RETURN big, count(*) AS orgs ORDER BY big"),
    # -- variable-length paths
    _q("reach-2-typical", "var-length",
       "MATCH (o:Organisation {name: $peer})-[:COLLABORATES_WITH*1..2]-(x:Organisation) RETURN count(DISTINCT x)",
       "MATCH (o:Organisation {name: $peer})-[:COLLABORATES_WITH* TRAIL 1..2]-(x:Organisation) "
       "RETURN count(DISTINCT x)"),
    _q("reach-3-out", "var-length",
       "MATCH (o:Organisation {name: $peer})-[:COLLABORATES_WITH*1..3]->(x:Organisation) RETURN count(DISTINCT x)",
       "MATCH (o:Organisation {name: $peer})-[:COLLABORATES_WITH* TRAIL 1..3]->(x:Organisation) "
       "RETURN count(DISTINCT x)"),
    _q("reach-2-hub", "var-length",
       "MATCH (o:Organisation {name: $hub})-[:COLLABORATES_WITH*1..2]->(x:Organisation) RETURN count(DISTINCT x)",
       "MATCH (o:Organisation {name: $hub})-[:COLLABORATES_WITH* TRAIL 1..2]->(x:Organisation) "
       "RETURN count(DISTINCT x)"),
    # -- shortest paths
    _q("shortest-to-hub", "shortest", _SHORTEST % ("hub", 6), _SHORTEST_LB % (6, "hub")),
    _q("shortest-between", "shortest", _SHORTEST % ("other", 8), _SHORTEST_LB % (8, "other")),
    # -- string predicates
    _q("name-prefix", "string",
       "MATCH (o:Organisation) WHERE o.name STARTS WITH 'Organisation 0001' RETURN count(o)"),
    _q("name-contains", "string", "MATCH (p:Project) WHERE p.name CONTAINS '77' RETURN count(p)"),
    _q("name-suffix-regex", "string",
       "MATCH (o:Organisation)-[:LEADS]->(p:Project) WHERE o.name ENDS WITH '7' AND p.name =~ 'Project 0+1.*' "
       "RETURN count(*)"),
    # -- degree distributions
    _q("collaboration-degrees", "degree",
       "MATCH (o:Organisation) OPTIONAL MATCH (o)-[:COLLABORATES_WITH]-(x:Organisation) WITH o, count(x) AS d "
       "RETURN d, count(*) AS n ORDER BY d"),
    _q("count-subquery-degrees", "degree",
       "MATCH (p:Project) WITH p, COUNT { (p)<-[:PARTNER_IN]-(:Organisation) } AS d "
       "RETURN d, count(*) AS n ORDER BY d",
       "MATCH (p:Project) WITH p, COUNT { MATCH (p)<-[:PARTNER_IN]-(:Organisation) } AS d "
       "RETURN d, count(*) AS n ORDER BY d"),
)
