// name: country-matrix
// description: Country-to-country collaboration: each pair of countries (a country with itself for domestic pairs) whose organisations share projects, with the number of shared projects and of organisation pairs across those projects. Organisations are grouped by country within each project first, so the work grows with countries per project, not organisation pairs.
MATCH (o:Organisation)-[:LEADS|PARTNER_IN]->(p:Project)
MATCH (o)-[:LOCATED_IN]->(c:Country)
WITH p, c, count(DISTINCT o) AS members
WITH p, collect([c.id, c.name, members]) AS present
UNWIND present AS x
UNWIND present AS y
WITH p, x, y
WHERE x[0] < y[0] OR (x[0] = y[0] AND x[2] > 1)
RETURN x[1] AS country_a, y[1] AS country_b, count(DISTINCT p) AS projects,
       sum(CASE WHEN x[0] = y[0] THEN x[2] * (x[2] - 1) / 2 ELSE x[2] * y[2] END) AS collaborations
ORDER BY projects DESC, collaborations DESC, country_a, country_b
