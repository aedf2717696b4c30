"""Business data and rules: models, migrations, computations, policy. No LangChain here."""
