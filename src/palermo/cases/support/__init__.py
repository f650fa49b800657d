"""Support and the case's life: needs, the support plan, child protection, closure."""
