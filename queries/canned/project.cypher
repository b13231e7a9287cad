// name: project
// description: One project in full: who leads it, its partners, its funders, what it is part of, and the countries of its members.
// param: name: entity(Project) — the project's name, id or acronym/alias (case-insensitive). Example: Nordic Medtech Growth 2
// draw: links
MATCH (p:Project)
WHERE p.id = $name
OPTIONAL MATCH (lead:Organisation)-[:LEADS]->(p)
WITH p, lead ORDER BY lead.name
WITH p, collect(DISTINCT lead.name) AS leads
OPTIONAL MATCH (partner:Organisation)-[:PARTNER_IN]->(p)
WITH p, leads, partner ORDER BY partner.name
WITH p, leads, collect(DISTINCT partner.name) AS partners
OPTIONAL MATCH (p)-[:FUNDED_BY]->(funder)
WITH p, leads, partners, funder ORDER BY funder.name
WITH p, leads, partners, collect(DISTINCT funder.name) AS funders
OPTIONAL MATCH (p)-[:PART_OF]->(whole)
WITH p, leads, partners, funders, whole ORDER BY whole.name
WITH p, leads, partners, funders, collect(DISTINCT whole.name) AS part_of
OPTIONAL MATCH (p)<-[:LEADS|PARTNER_IN]-(:Organisation)-[:LOCATED_IN]->(country:Country)
WITH p, leads, partners, funders, part_of, country ORDER BY country.name
WITH p, leads, partners, funders, part_of, collect(DISTINCT country.name) AS countries
OPTIONAL MATCH (p)-[link]-()
WITH p, leads, partners, funders, part_of, countries, link ORDER BY link.id
RETURN p.name AS project, p.id AS id, leads, partners, funders, part_of, countries,
       collect(DISTINCT link) AS links
ORDER BY project
