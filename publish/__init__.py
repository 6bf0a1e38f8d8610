"""publish: bilingual English-Chinese PDF briefings through gettext catalogues."""

__version__ = "0.1.0"
