"""The one hash toilint uses for cache keys and fingerprints: BLAKE2b.

Imported from CPython's own ``_blake2`` module when it is there: that is the function
``hashlib.blake2b`` returns, but importing ``hashlib`` also loads OpenSSL's bindings, a few
milliseconds of every start-up that no cache key needs.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # another Python implementation
    from hashlib import blake2b


def digest(data: bytes, size: int = 16) -> str:
    """The hex BLAKE2b digest of ``data``, ``size`` bytes long."""
    return blake2b(data, digest_size=size).hexdigest()


__all__ = ["blake2b", "digest"]
