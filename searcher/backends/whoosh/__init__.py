"""The embedded Whoosh backend: an index folder of generations, each a Whoosh index."""
