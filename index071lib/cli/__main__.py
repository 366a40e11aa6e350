"""``python -m index071lib.cli`` is the ``index071`` command."""

import sys

from index071lib.cli.main import main

sys.exit(main())
