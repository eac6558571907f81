"""The Jupyter Book / Sphinx side: page sources, execution and freshness, chart rendering
assets, page weight, downloads, share cards, several articles in one site. Imports
explainer.views and explainer.package."""
