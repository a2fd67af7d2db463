"""Imported (preloaded) by the batch's fork server only: it dies with the run that started it.

Its workers die with it in turn (:func:`extractor.worker.die_with_parent`), so killing
the run, even with SIGKILL, leaves no process behind.
"""

from .worker import die_with_parent

die_with_parent()
