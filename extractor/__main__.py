"""``python -m extractor`` is the ``extract`` command."""

from .cli import main

main()
