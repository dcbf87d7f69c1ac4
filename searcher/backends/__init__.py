"""Storage backends: where the ``Index`` facade keeps releases (``base`` says what a backend does; ``whoosh`` is the embedded default)."""
