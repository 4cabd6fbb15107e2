"""PDF reports built from a run's result tables: figures (one function each), content
(sentences generated from the tables) and the reportlab layout."""
