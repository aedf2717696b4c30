"""Request and response models of the REST API, one small module per resource."""
