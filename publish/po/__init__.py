"""PO and POT files: read strictly, written as GNU gettext writes them.

reader.py     the one reader: msgfmt -c's grammar and checks, one ``path:line`` error, polib objects
writer.py     the writer: msgcat's layout, flags and line wrapping, byte for byte
linebreak.py  libunistring's line breaking and character widths, which the writer wraps with
plurals.py    the one Plural-Forms parser, for the reader and the checks
"""
