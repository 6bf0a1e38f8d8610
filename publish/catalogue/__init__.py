"""Gettext catalogues: the template extracted from a document, and one catalogue per locale.

``en`` holds the editors' corrections of the garbled source; every other locale translates the
corrected English (the *pivot*), which each of its entries carries as an extracted comment.
Catalogues are read and written by ``publish.po``.

template.py  the POT built from a document's segments, and a new locale's catalogue (msginit)
merge.py     a template merged into a catalogue as msgmerge --previous does (FuzzyIndex)
pivot.py     the corrected English each translation records (``#. en:``), and staleness
stats.py     each entry's state, and how far a catalogue is translated (publish stats)
policy.py    what a PDF prints for each segment, and when a locale is a draft
convert.py   a Traditional Chinese catalogue seeded from a Simplified one by OpenCC (init --from)
"""

from __future__ import annotations

from publish.catalogue.merge import merge
from publish.catalogue.pivot import (
    PIVOT_COMMENT,
    PIVOT_LOCALE,
    pivot_texts,
    set_pivot,
    split_pivot_comment,
    unwrap,
)
from publish.catalogue.policy import (
    DEFAULT_POLICY,
    DEFAULT_THRESHOLD,
    BuildPolicy,
    Translation,
    enforce_threshold,
    translated_share,
    translations,
)
from publish.catalogue.stats import StatisticsRow, statistics, statistics_json, statistics_table
from publish.catalogue.template import (
    build_template,
    gettext_spelling,
    matching_locale,
    new_catalogue,
)

__all__ = [
    "DEFAULT_POLICY",
    "DEFAULT_THRESHOLD",
    "PIVOT_COMMENT",
    "PIVOT_LOCALE",
    "BuildPolicy",
    "StatisticsRow",
    "Translation",
    "build_template",
    "enforce_threshold",
    "gettext_spelling",
    "matching_locale",
    "merge",
    "new_catalogue",
    "pivot_texts",
    "set_pivot",
    "split_pivot_comment",
    "statistics",
    "statistics_json",
    "statistics_table",
    "translated_share",
    "translations",
    "unwrap",
]
