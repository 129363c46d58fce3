"""Reports: problems, differences, figures and rules out as text, JSON and the formats other tools read."""
