"""The seeds' procedures as explicit graphs that use the model only to write."""
