"""System prompts and writing templates, as module constants or files."""
