// name: top-leads
// description: The organisations that lead the most projects, with the projects they lead.
// param: limit: integer = 20 — how many organisations to list. Example: 10
MATCH (o:Organisation)-[:LEADS]->(p:Project)
WITH o, p ORDER BY p.name
RETURN o.name AS organisation, count(DISTINCT p) AS led, collect(DISTINCT p.name) AS projects
ORDER BY led DESC, organisation
LIMIT $limit
