"""Encryption at rest: the key ring, encrypted model fields and the blind index."""
