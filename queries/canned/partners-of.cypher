// name: partners-of
// description: Projects an organisation takes part in (as lead or partner), its role, and its partners in each.
// param: name: entity(Organisation) — the organisation's name, id or alias (case-insensitive). Example: Medtek Norway
// draw: links
MATCH (o:Organisation)
WHERE o.id = $name
MATCH (o)-[r:LEADS|PARTNER_IN]->(p:Project)
OPTIONAL MATCH (other:Organisation)-[link:LEADS|PARTNER_IN]->(p)
WHERE other.id <> o.id
WITH o, p, r, other, link
ORDER BY other.name
WITH o, p, r, collect(DISTINCT other.name) AS partners, collect(link) AS links
RETURN o.name AS organisation, p.name AS project, type(r) AS role, partners, [r] + links AS links
ORDER BY project, role
