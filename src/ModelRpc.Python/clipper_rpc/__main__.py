"""Entry point of ``python3 -m clipper_rpc``."""

import sys

from .cli import main

sys.exit(main())
