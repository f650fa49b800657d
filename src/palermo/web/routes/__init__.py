"""Routes per pillar. Each route parses, calls one service, renders."""
