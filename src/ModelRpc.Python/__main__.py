"""Runs the clipper_rpc container from this folder: ``python3 FOLDER --entry MODULE:FUNCTION [--path DIR]``.

Python puts FOLDER first on sys.path, so the clipper_rpc package beside this file is found without
installing it; this is how deploy --python runs a model (the folder is copied into the artifact).
"""

import sys

from clipper_rpc.cli import main

sys.exit(main())
