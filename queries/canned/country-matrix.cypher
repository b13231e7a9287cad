// name: country-matrix
// description: Country-to-country collaboration: each pair of countries (a country with itself for domestic pairs) whose organisations share projects, with the number of shared projects and of organisation pairs across those projects. Organisations are grouped by country within each project first, so the work grows with countries per project, not organisation pairs; each project's countries are listed in id order, and each pairs only with those after it (and with itself when it has two or more members there), so no pair is made twice and then filtered out; an organisation's country is read once, not once per project. A pair comes at most once from a project, so projects are counted without DISTINCT. Domestic pairs are summed as m*m over the projects and halved less m once grouped ((m*m - m) / 2 pairs of m members), so every pair is one value from the list, not a list built per pair.
MATCH (c:Country)<-[:LOCATED_IN]-(o:Organisation)-[:LEADS|PARTNER_IN]->(p:Project)
WHERE c.id IS NOT NULL
WITH p, c, count(DISTINCT o) AS members
ORDER BY c.id
WITH p, collect([c.name, members]) AS present
UNWIND range(0, size(present) - 1) AS i
WITH present[i] AS x, present[CASE WHEN present[i][1] > 1 THEN i ELSE i + 1 END..] AS rest
UNWIND rest AS y
WITH x[0] AS a, y[0] AS b, count(*) AS projects, sum(x[1] * y[1]) AS products, sum(y[1]) AS members
RETURN a AS country_a, b AS country_b, projects,
       CASE WHEN a = b THEN (products - members) / 2 ELSE products END AS collaborations
ORDER BY projects DESC, collaborations DESC, country_a, country_b
