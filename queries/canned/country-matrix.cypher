// name: country-matrix
// description: Country-to-country collaboration: each pair of countries (a country with itself for domestic pairs) whose organisations share projects, with the number of shared projects and of organisation pairs per shared project.
MATCH (a:Organisation)-[:LEADS|PARTNER_IN]->(p:Project)<-[:LEADS|PARTNER_IN]-(b:Organisation)
WHERE a.id <> b.id
MATCH (a)-[:LOCATED_IN]->(ca:Country)
MATCH (b)-[:LOCATED_IN]->(cb:Country)
WHERE ca.id < cb.id OR (ca.id = cb.id AND a.id < b.id)
RETURN ca.name AS country_a, cb.name AS country_b, count(DISTINCT p) AS projects,
       count(*) AS collaborations
ORDER BY projects DESC, collaborations DESC, country_a, country_b
