"""Render: views become the bytes of SVG, PNG and HTML files (DOT through Graphviz, HTML through Jinja2)."""
