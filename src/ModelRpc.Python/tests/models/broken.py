"""A test model whose import fails."""

raise ImportError("this model needs a package that is not installed")
