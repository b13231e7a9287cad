// name: funding-chain
// description: What funds a project, call or programme, directly or through what it is part of: every chain of FUNDED_BY and PART_OF steps from it, shortest first.
// param: name: entity — the project's, call's or programme's name, id or alias (case-insensitive). Example: Nordic Medtech Growth 2
// param: depth: integer = 6 — the longest chain followed, in steps (at most 12). Example: 3
// draw: route
MATCH (start)
WHERE start.id = $name
MATCH route = (start)-[:FUNDED_BY|PART_OF*1..12]->(source)
WHERE length(route) <= $depth
RETURN start.name AS start, source.name AS source, labels(source)[0] AS label, length(route) AS steps,
       [n IN nodes(route) | n.name] AS chain, [r IN relationships(route) | type(r)] AS relations, route
ORDER BY steps, source
