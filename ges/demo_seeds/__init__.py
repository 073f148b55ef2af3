"""The seed documents, shipped as the demo data that `ges load_demo` loads."""
