"""Adapters chosen by settings: chat model, checkpointer and store, database, transports."""
