"""Facts -> what a reader sees: charts, tables, prose, the annotated article, citations,
the theme and the downloads. Imports only explainer.package."""
