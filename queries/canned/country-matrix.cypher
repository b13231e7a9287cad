// name: country-matrix
// description: Country-to-country collaboration: each pair of countries (a country with itself for domestic pairs) whose organisations share projects, with the number of shared projects and of organisation pairs across those projects. Organisations are grouped by country within each project first, so the work grows with countries per project, not organisation pairs; each project's countries are listed in id order, and each pairs only with those after it, so no pair is made twice and then filtered out; an organisation's country is read once, not once per project. A pair comes at most once from a project (its countries are distinct), so projects are counted without DISTINCT.
MATCH (c:Country)<-[:LOCATED_IN]-(o:Organisation)-[:LEADS|PARTNER_IN]->(p:Project)
WHERE c.id IS NOT NULL
WITH p, c, count(DISTINCT o) AS members
ORDER BY c.id
WITH p, collect([c.name, members]) AS present
UNWIND range(0, size(present) - 1) AS i
WITH p, present[i] AS x, present[i + 1..] AS rest
UNWIND CASE WHEN x[1] > 1 THEN [[x[0], x[1] * (x[1] - 1) / 2]] ELSE [] END
       + [y IN rest | [y[0], x[1] * y[1]]] AS pair
RETURN x[0] AS country_a, pair[0] AS country_b, count(p) AS projects, sum(pair[1]) AS collaborations
ORDER BY projects DESC, collaborations DESC, country_a, country_b
