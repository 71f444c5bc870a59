"""Tools around a tokenizer, as in `tokenizers.tools`: EncodingVisualizer draws its tokens in HTML."""

from .visualizer import Annotation, EncodingVisualizer

__all__ = ["Annotation", "EncodingVisualizer"]
