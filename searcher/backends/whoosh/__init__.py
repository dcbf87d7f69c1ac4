"""The embedded Whoosh backend: an index folder of generations, each a Whoosh index.

``backend`` implements :mod:`searcher.backends.base`; ``generations`` the
``current`` link and rebuild switch; ``pool`` the writer and worker processes;
``_writer`` the grouped segment writer; ``_whoosh_fixes`` workarounds for
whoosh-reloaded 2.7.5; ``check`` the integrity check.
"""
