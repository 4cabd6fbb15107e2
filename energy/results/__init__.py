"""Results of a solved grid model: tables, limits, held-back load and the national ceiling."""
