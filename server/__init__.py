"""The HTTP layer: AG-UI for CopilotKit, the console's REST API, health. Nothing else serves."""
