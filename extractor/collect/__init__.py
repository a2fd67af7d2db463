"""Collect reports from the web: URLs in, report files with their provenance out.

``extract-collect URL… -o DOWNLOADS/`` (see :mod:`.cli`) fetches report pages and the
attachments they link, politely (:mod:`.fetch`), reads pages for report links
(:mod:`.links`), tells a document from an error page by its bytes (:mod:`.content`)
and keeps files and the ``downloads`` table (:mod:`.store`). ``extract DOWNLOADS/``
then fills ``reports.url`` and ``fetched_at`` (:mod:`.provenance`).

Script-rendered portals: everything that reads a page goes through
:meth:`Fetcher.get <extractor.collect.fetch.Fetcher.get>`; a subclass that renders
pages with a headless browser and returns the same :class:`~.fetch.Fetched` can be
passed as ``crawl.Collector(..., fetcher=…)``. None ships with the project.
"""
