// name: path
// description: The shortest connection between two entities over the chosen relations, one row per step: the fact as stored (subject, relation, object) and the evidence for it. Of several shortest connections, the one whose entity ids come first in order, so every store gives the same.
// param: source: entity — where the path starts: a name, id or alias (case-insensitive). Example: Medtek Norway
// param: target: entity — where the path ends: a name, id or alias (case-insensitive). Example: Innovative Nordic Welfare Solutions
// param: relations: relations = ["LEADS", "PARTNER_IN", "FUNDED_BY", "PART_OF", "COLLABORATES_WITH"] — the relation types a step may follow, in either direction; LOCATED_IN (two organisations of one country are not connected by it) and WORKS_FOR only when named. Example: LEADS,PARTNER_IN,WORKS_FOR
// param: max_steps: integer(1..6) = 4 — the longest path searched, in steps; each step more multiplies the routes searched. Example: 4
// draw: fact
// empty: no path within {max_steps} steps over these relations: {relations}
MATCH (a)
WHERE a.id = $source
MATCH (b)
WHERE b.id = $target AND b.id <> a.id
MATCH route = (a)-[:{{relations}}*1..{{max_steps}}]-(b)
WITH route
ORDER BY length(route), [n IN nodes(route) | n.id], [r IN relationships(route) | type(r)]
LIMIT 1
UNWIND range(0, length(route) - 1) AS i
WITH i, relationships(route)[i] AS r
RETURN i + 1 AS step, startNode(r).name AS subject, type(r) AS relation, endNode(r).name AS object,
       r.evidence AS evidence, r AS fact
ORDER BY step
