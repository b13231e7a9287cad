// name: partners-of
// description: Projects an organisation takes part in (as lead or partner), its role, and its partners in each.
// param: name: entity(Organisation) — the organisation's name, id or alias (case-insensitive). Example: Medtek Norway
MATCH (o:Organisation)
WHERE o.id = $name
MATCH (o)-[r:LEADS|PARTNER_IN]->(p:Project)
OPTIONAL MATCH (other:Organisation)-[:LEADS|PARTNER_IN]->(p)
WHERE other.id <> o.id
WITH o, p, type(r) AS role, other
ORDER BY other.name
RETURN o.name AS organisation, p.name AS project, role, collect(DISTINCT other.name) AS partners
ORDER BY project, role
