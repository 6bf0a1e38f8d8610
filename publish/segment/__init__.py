"""Segment: a source article in, its structure repaired, out as translatable segments.

- reading.py: decoding seeds/<doc>.txt, splitting it into blocks, seeds/<doc>.toml, read_document
- rules.py: the repair rules, each a pure function over the blocks that records what it changed
"""

from publish.segment.reading import event_date_from, read_document, reporter_from, segment_text

__all__ = ["event_date_from", "read_document", "reporter_from", "segment_text"]
