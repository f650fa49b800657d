"""HTML forms to the pillars' schemas, one module per pillar; ``values`` parses single fields."""
