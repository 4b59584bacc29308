"""``python -m relcore``: the ``relcore`` command (see :mod:`relcore.cli`)."""

from relcore.cli import main

main()
