"""Build: a checked map becomes layout-neutral views (the journey grid, the sales-system flow, funnel tables), titled
in the map's language (`words`) and coloured by the theme (`theme`), ready for any renderer."""
