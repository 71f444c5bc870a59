"""Unigram: the model (Viterbi over a lattice) and, in `trainer`, its EM trainer (which needs numpy, so it is not imported here)."""

from .model import Unigram

__all__ = ["Unigram"]
