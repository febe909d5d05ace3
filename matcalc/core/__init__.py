"""The core: errors, shapes, the node types (expr), their builders (build) and the operator
specs (operators). Importing it installs each node's shape check from its spec."""
from . import operators  # noqa: F401
