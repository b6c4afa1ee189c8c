"""The groups' work on top of the core: supplies (group buys, orders, batches,
parcels), care, medicine, testing rounds, building status, people and households,
coverage, lateness, and who may see whose phone."""
