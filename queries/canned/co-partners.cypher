// name: co-partners
// description: Pairs of organisations weighted by the projects they share (taking part = leading or partnering), strongest first.
// param: min_shared: integer = 1 — list only pairs sharing at least this many projects. Example: 2
// param: limit: integer = 50 — how many pairs to list. Example: 10
MATCH (a:Organisation)-[:LEADS|PARTNER_IN]->(p:Project)<-[:LEADS|PARTNER_IN]-(b:Organisation)
WHERE a.id < b.id
WITH a, b, p ORDER BY p.name
WITH a, b, count(DISTINCT p) AS shared, collect(DISTINCT p.name) AS projects
WHERE shared >= $min_shared
RETURN a.name AS organisation_a, b.name AS organisation_b, shared, projects
ORDER BY shared DESC, organisation_a, organisation_b
LIMIT $limit
