// name: path
// description: The shortest connection between two entities, one row per step: the fact as stored (subject, relation, object) and the evidence for it.
// param: source: entity — where the path starts: a name, id or alias (case-insensitive). Example: Medtek Norway
// param: target: entity — where the path ends: a name, id or alias (case-insensitive). Example: Innovative Nordic Welfare Solutions
// param: max_steps: integer = 6 — the longest path searched, in steps (at most 12). Example: 4
MATCH (a)
WHERE a.id = $source
MATCH (b)
WHERE b.id = $target
WITH a, b
WHERE a.id <> b.id
MATCH route = shortestPath((a)-[*..12]-(b))
WHERE length(route) <= $max_steps
WITH route ORDER BY length(route) LIMIT 1
UNWIND range(0, length(route) - 1) AS i
WITH i, relationships(route)[i] AS r
RETURN i + 1 AS step, startNode(r).name AS subject, type(r) AS relation, endNode(r).name AS object,
       r.evidence AS evidence
ORDER BY step
