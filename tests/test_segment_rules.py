"""Each structural repair rule on its own, on small made-up texts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from publish.model import REPAIR_KINDS, Role
from publish.segment.reading import segment_text, split_blocks
from publish.segment.rules import (
    Block,
    break_inside_sentence,
    byline_name,
    close_space_before_punctuation,
    dateline_match,
    ends_sentence,
    hyphen_kept,
    looks_like_title,
    mark_title_line,
    mend_split_sentences,
    normalise_spacing,
    reads_like_a_claim,
    recognise_subheadings,
    sentence_starts,
    split_dateline,
    split_run_in_byline,
    split_run_in_title,
    split_trailers,
    trim_quote_padding,
    unwrap_lines,
    word_set,
)


def blocks(*texts: str) -> list[Block]:
    """Paragraphs as split_blocks makes them from blank-line-separated text."""
    return split_blocks("\n\n".join([*texts, "end"]))[:-1]


def texts(result: list[Block]) -> list[str]:
    return [b.text for b in result]


def roles(result: list[Block]) -> list[Role]:
    return [b.role for b in result]


# --- splitting ---------------------------------------------------------------------


def test_blank_lines_separate_paragraphs_and_lines_remember_their_numbers():
    result = split_blocks("  First line\nsecond line  \n\n\n\tThird\n")
    assert texts(result) == ["First line\nsecond line", "Third"]
    assert [(b.first_line, b.last_line) for b in result] == [(1, 2), (5, 5)]
    assert result[0].lines[result[0].text.index("second")] == 2


def test_text_without_blank_lines_has_one_paragraph_per_line():
    assert texts(split_blocks("One.\nTwo.\nThree.")) == ["One.", "Two.", "Three."]


def test_whitespace_only_text_has_no_paragraph():
    assert split_blocks(" \n\t\n\u00a0\n") == []


# --- spacing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("two  spaces", "two spaces"),
        ("a\ttab", "a tab"),
        ("non\u00a0breaking", "non breaking"),
        ("mixed \t\u00a0 run", "mixed run"),
        ("one space stays", "one space stays"),
    ],
)
def test_odd_spaces_become_one_space(source, expected):
    result, repairs = normalise_spacing(blocks(source), "a.txt")
    assert texts(result) == [expected]
    assert len(repairs) == (source != expected)
    if repairs:
        assert repairs[0].kind == "spacing" and repairs[0].after == expected
        assert repairs[0].before != repairs[0].after


def test_spacing_repair_shows_the_invisible_characters():
    _, repairs = normalise_spacing(blocks("a\tb"), "a.txt")
    assert repairs[0].before == "a⇥b"


# --- lines -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "joined", "repaired"),
    [
        # Lines of a paragraph are joined with a space, which is no repair.
        ("A sentence broken\nover two lines.", "A sentence broken over two lines.", []),
        # The hyphen of a compound is kept, and the join shown.
        ("a cross-\nborder trade", "a cross-border trade", ["a cross-border trade"]),
        # A hyphen before a capital is an ordinary line end.
        ("Guangdong-\nHong Kong", "Guangdong- Hong Kong", []),
    ],
    ids=["plain", "compound", "before-a-capital"],
)
def test_a_line_end_inside_a_paragraph(source, joined, repaired):
    result, repairs = unwrap_lines(blocks(source), "a.txt")
    assert texts(result) == [joined]
    assert [r.after for r in repairs] == repaired


def test_hyphen_at_line_end_is_dropped_when_the_text_spells_the_word_whole():
    source = blocks("research insti-\ntutes and", "other institutes.")
    result, repairs = unwrap_lines(source, "a.txt")
    assert texts(result)[0] == "research institutes and"
    assert [(r.kind, r.first_line, r.last_line) for r in repairs] == [("hyphenation", 1, 2)]
    assert repairs[0].before == "research insti-⏎tutes and"
    assert repairs[0].after == "research institutes and"


def test_hyphen_kept_looks_up_the_vocabulary():
    vocabulary = word_set("the institutes of")
    assert not hyphen_kept("research insti", "tutes", vocabulary)
    assert hyphen_kept("non", "biased", vocabulary)


# --- byline ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "lead"),
    [
        ("Text/City Daily Reporter Wang Lin", "On May 1, the fair opened."),
        ("By Zhang San", "In Shenzhen, a fair opened."),
        ("Reporter Zhou Yi Correspondent Ma Li", "Yesterday, a fair opened."),
        ("Reporter: Zhou Yi", "The fair opened."),
        ("文/王林", "On May 1, the fair opened."),
        ("Text and photos/Wang Lin", "12 companies signed deals."),
        ("By Zhang San", "BEIJING, May 1 (Xinhua) -- A fair opened."),
    ],
)  # fmt: skip
def test_run_in_byline_is_split_off_the_lead(byline, lead):
    result, repairs = split_run_in_byline(blocks(f"{byline} {lead}"), "a.txt")
    assert texts(result) == [byline, lead]
    assert roles(result) == [Role.BYLINE, Role.PARAGRAPH]
    assert repairs[0].kind == "byline"
    assert repairs[0].after.startswith(f"[byline] {byline} ¶ ")


def test_byline_on_its_own_line_ends_with_the_line():
    result, _ = split_run_in_byline(
        blocks("By Zhang San, Staff Reporter\nThe fair opened."), "a.txt"
    )
    assert texts(result) == ["By Zhang San, Staff Reporter", "The fair opened."]
    assert [(b.first_line, b.last_line) for b in result] == [(1, 1), (2, 2)]


def test_byline_over_two_lines_of_its_own_paragraph():
    source, _ = unwrap_lines(blocks("By Zhang San\nand Li Si", "The fair opened."), "a.txt")
    result, repairs = split_run_in_byline(source, "a.txt")
    assert texts(result) == ["By Zhang San and Li Si", "The fair opened."]
    assert roles(result) == [Role.BYLINE, Role.PARAGRAPH]
    assert repairs[0].after == "[byline] By Zhang San and Li Si"


def test_a_byline_marker_with_no_name_is_no_byline():
    source = blocks("Reporter:", "The fair opened.")
    assert split_run_in_byline(source, "a.txt") == (source, [])


def test_a_paragraph_that_is_only_a_byline_becomes_the_byline():
    result, repairs = split_run_in_byline(blocks("By Zhang San and Li Si", "The fair."), "a.txt")
    assert roles(result) == [Role.BYLINE, Role.PARAGRAPH]
    assert texts(result)[0] == "By Zhang San and Li Si"
    assert len(repairs) == 1


@pytest.mark.parametrize(
    "source",
    [
        "By the end of June, the fair had closed.",
        "Reporters from ten countries attended the fair.",
        "The fair opened. By Zhang San.",
        "Text is what the reader sees first.",
    ],
)
def test_no_byline_where_none_is(source):
    result, repairs = split_run_in_byline(blocks(source), "a.txt")
    assert texts(result) == [source] and roles(result) == [Role.PARAGRAPH] and repairs == []


# --- dateline ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "dateline"),
    [
        ("BEIJING, June 30 (Xinhua) -- China said", "BEIJING, June 30 (Xinhua) --"),
        ("(Xinhua) -- China said", "(Xinhua) --"),
        ("HONG KONG, July 1, 2022 /PRNewswire/ -- Fund", "HONG KONG, July 1, 2022 /PRNewswire/ --"),
        ("SHENZHEN, China, Sept. 3 (Xinhua) — A fair", "SHENZHEN, China, Sept. 3 (Xinhua) —"),
        ("GUANGZHOU, May 2 -- A fair", "GUANGZHOU, May 2 --"),
    ],
)  # fmt: skip
def test_dateline_is_split_off_the_lead(source, dateline):
    result, repairs = split_dateline(blocks(source), "a.txt")
    assert texts(result)[0] == dateline
    assert roles(result) == [Role.DATELINE, Role.PARAGRAPH]
    assert texts(result)[1] == source[len(dateline) :].strip()
    assert repairs[0].kind == "dateline"


def test_dateline_after_a_byline():
    source = [Block("By Li", (1,) * 5, 1, 1, Role.BYLINE), *blocks("(Xinhua) -- A fair.")]
    result, _ = split_dateline(source, "a.txt")
    assert roles(result) == [Role.BYLINE, Role.DATELINE, Role.PARAGRAPH]


@pytest.mark.parametrize(
    "source", ["On June 30 - the forum", "BEIJING is a city - and", "A - B", "June 30 (Xinhua)"]
)
def test_no_dateline_where_none_is(source):
    assert dateline_match(source) is None


def test_dateline_only_at_the_start_of_the_article():
    source = blocks("The fair opened.", "(Xinhua) -- More news.")
    assert split_dateline(source, "a.txt") == (source, [])


# --- sentences across paragraph breaks ------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "inside"),
    [
        ("held in Qingdao. The", "forum aims", True),
        ("the forum aims to", "Promote trade", True),
        ("science and technology,", "Officials said", True),
        ("cooperation between the", "two cities", True),
        ("ends here", "lower case start", True),
        ("a cross-", "border fair", True),
        ("ends here.", "lower case start", False),
        ("A subheading", "The next paragraph", False),
        ('He said "yes."', "and left", False),
        ("ends in Chinese。", "then", False),
        ("a dash -", "The next", False),
    ],
)
def test_break_inside_sentence(before, after, inside):
    assert break_inside_sentence(before, after) is inside


def test_dangling_sentence_start_is_carried_over():
    source = blocks("It was held in Qingdao. The", "forum aims to grow.")
    result, repairs = mend_split_sentences(source, "a.txt")
    assert texts(result) == ["It was held in Qingdao.", "The forum aims to grow."]
    assert (result[1].first_line, result[1].last_line) == (3, 3)
    assert [(r.kind, r.first_line, r.last_line) for r in repairs] == [("carry-over", 1, 3)]
    assert repairs[0].before == "It was held in Qingdao. The ¶ forum aims to grow."
    assert repairs[0].after == "It was held in Qingdao. ¶ The forum aims to grow."


def test_sentence_cut_after_a_comma_joins_the_paragraphs():
    source = blocks("The forum, which opened on Monday,", "drew a crowd.", "Next.")
    result, repairs = mend_split_sentences(source, "a.txt")
    assert texts(result) == ["The forum, which opened on Monday, drew a crowd.", "Next."]
    assert (result[0].first_line, result[0].last_line) == (1, 3)
    assert [r.kind for r in repairs] == ["join"]
    assert repairs[0].before == "The forum, which opened on Monday, ¶ drew a crowd."


def test_a_sentence_split_three_ways_is_joined_once_more():
    source = blocks("It rose by", "a third, while", "exports fell.")
    result, repairs = mend_split_sentences(source, "a.txt")
    assert texts(result) == ["It rose by a third, while exports fell."]
    assert [r.kind for r in repairs] == ["join", "join"]


def test_word_broken_across_paragraphs_is_rejoined():
    source = blocks("eight research insti-", "tutes and two institutes.")
    result, repairs = mend_split_sentences(source, "a.txt")
    assert texts(result) == ["eight research institutes and two institutes."]
    assert repairs[0].kind == "hyphenation"


def test_abbreviation_is_not_a_sentence_end():
    assert sentence_starts("Mr. Zhang met Dr. Li. Then") == [len("Mr. Zhang met Dr. Li. ")]
    source = blocks("It was said by Mr. Zhang and", "others.")
    result, _ = mend_split_sentences(source, "a.txt")
    assert texts(result) == ["It was said by Mr. Zhang and others."]


def test_paragraph_starting_in_lower_case_after_a_full_stop_is_left_alone():
    source = blocks("The fair ended.", "exchanges and cooperation went on.")
    assert mend_split_sentences(source, "a.txt") == (source, [])


# --- punctuation and quotes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("an agreement . Both", "an agreement. Both"),
        ("Shenzhen , the city", "Shenzhen, the city"),
        ("the economy ; it grew", "the economy; it grew"),
        ("as follows : first", "as follows: first"),
        ("Why now ? Because", "Why now? Because"),
        ("talent !", "talent!"),
        ("in Guangzhou ( Guangdong Province ) now", "in Guangzhou (Guangdong Province) now"),
        ("( Shenzhen ),", "(Shenzhen),"),
        ("深圳 ，广州 。", "深圳，广州。"),
        ("chains. , striving", "chains., striving"),
    ],
)
def test_space_before_punctuation_and_inside_brackets_is_removed(source, expected):
    result, repairs = close_space_before_punctuation(blocks(source), "a.txt")
    assert texts(result) == [expected]
    assert repairs and all(r.kind == "punctuation spacing" for r in repairs)


@pytest.mark.parametrize(
    "source",
    ["a .com address", "3 : 2 win", "at 10 :30", "China - the forum", "and so on.", "(a) (b)"],
)
def test_other_spaces_are_kept(source):
    result, repairs = close_space_before_punctuation(blocks(source), "a.txt")
    assert texts(result) == [source] and repairs == []


@pytest.mark.parametrize(
    ("source", "expected", "count"),
    [
        ('the " Science Week " and', 'the "Science Week" and', 1),
        ('the "Science Week " and " Fair"', 'the "Science Week" and "Fair"', 2),
        ("the “ Science Week ” and", "the “Science Week” and", 1),
        ("the ‘ Bay Area ’ and Hong Kong’s", "the ‘Bay Area’ and Hong Kong’s", 1),
        ("the ‘ Hong Kong’s future ’ talk", "the ‘Hong Kong’s future’ talk", 1),
        ("the 《 Bay Area Daily 》 said", "the 《Bay Area Daily》 said", 1),
        ('"Bay Area" is tidy', '"Bay Area" is tidy', 0),
        ('an odd " quote', 'an odd " quote', 0),
    ],
)
def test_quote_padding_is_trimmed(source, expected, count):
    result, repairs = trim_quote_padding(blocks(source), "a.txt")
    assert texts(result) == [expected]
    assert len(repairs) == count
    assert all(r.kind == "quote padding" for r in repairs)


def test_quote_padding_repair_shows_the_quotation():
    _, repairs = trim_quote_padding(blocks('the " Science Week " and'), "a.txt")
    assert (repairs[0].before, repairs[0].after) == ('" Science Week "', '"Science Week"')


# --- subheadings --------------------------------------------------------------------------------

LONG = (
    "Officials from both cities agreed on Monday to build research centres, share data and "
    "train young engineers together over the next five years, the two mayors said after a "
    "meeting that lasted most of the day."
)


@pytest.mark.parametrize(
    ("candidate", "subheading"),
    [
        ("Cooperation goes deeper", True),
        ("Cooperation between the cities has become a consensus.", True),
        ("Tickets cost 5 yuan.", False),
        ("Officials said the fair would return.", False),
        ('"We will return," he said.', False),
        ("exchanges and cooperation", False),
        ("The fair opened. It closed.", False),
        ("Three points were agreed:", False),
        ("Cooperation between the", False),
    ],
)
def test_subheading_recognition(candidate, subheading):
    source = blocks(LONG, candidate, LONG)
    result, repairs = recognise_subheadings(source, "a.txt")
    assert (result[1].role == Role.SUBHEADING) is subheading
    assert len(repairs) == subheading


def test_in_an_article_of_short_paragraphs_a_short_sentence_is_a_paragraph():
    claim = "Cooperation between the cities has become a consensus."
    short = "The two cities signed twelve agreements on trade, transport and research on Monday."
    result, _ = recognise_subheadings(blocks(short, claim, short, short), "a.txt")
    assert result[1].role == Role.PARAGRAPH
    result, _ = recognise_subheadings(blocks(LONG, claim, LONG, LONG), "a.txt")
    assert result[1].role == Role.SUBHEADING


def test_first_paragraph_is_never_a_subheading():
    result, _ = recognise_subheadings(blocks("Cooperation goes deeper", LONG), "a.txt")
    assert roles(result) == [Role.PARAGRAPH, Role.PARAGRAPH]


def test_subheading_needs_a_longer_paragraph_after_it():
    source = blocks("The lead.", "Cooperation goes deeper", "Short one.")
    assert roles(recognise_subheadings(source, "a.txt")[0])[1] == Role.PARAGRAPH
    source = blocks("The lead.", "Cooperation goes deeper")
    assert roles(recognise_subheadings(source, "a.txt")[0])[1] == Role.PARAGRAPH


def test_title_and_claim_tests():
    assert looks_like_title("Qingdao and Busan sign an agreement")
    assert not looks_like_title(" ".join(["word"] * 25).capitalize())
    assert reads_like_a_claim("Cooperation has become a consensus.")
    assert not reads_like_a_claim("The mayor said so.")


def test_terminal_punctuation_inside_closing_quotes():
    assert ends_sentence('He said "yes."')
    assert ends_sentence("它结束了。")
    assert not ends_sentence("The")


def test_repairs_in_one_paragraph_each_show_the_text_as_the_ones_before_left_it():
    _, repairs = normalise_spacing(blocks("By\tZhang  San"), "a.txt")
    assert [(r.before, r.after) for r in repairs] == [
        ("By⇥Zhang␣␣San", "By Zhang␣␣San"),
        ("By Zhang␣␣San", "By Zhang San"),
    ]


# --- the title at the start -------------------------------------------------------------

LEAD = (
    "China opened a science park in Shenzhen on Thursday, officials said, adding that two "
    "hundred companies had already signed up to move into it this year."
)


def test_a_short_first_line_without_a_full_stop_over_the_body_is_the_title():
    result, repairs = mark_title_line(blocks("China opens science park in Shenzhen", LEAD), "a")
    assert roles(result) == [Role.HEADLINE, Role.PARAGRAPH]
    assert texts(result)[0] == "China opens science park in Shenzhen"
    assert [(r.kind, r.first_line, r.after) for r in repairs] == [
        ("title", 1, "[title] China opens science park in Shenzhen")
    ]


@pytest.mark.parametrize(
    "first",
    [
        "China opened a park.",  # a sentence: a short lead
        "By Li Ming",  # a byline
        "BEIJING, June 30 (Xinhua) --",  # a dateline
        "China opened a science park in Shenzhen on",  # a sentence the next paragraph goes on with
        "the park opens",  # not capitalised
        "China opens science park in Shenzhen, and",  # ends as no title ends
    ],
)
def test_a_first_paragraph_that_is_no_title_is_left_alone(first):
    result, repairs = mark_title_line(blocks(first, LEAD), "a")
    assert roles(result) == [Role.PARAGRAPH, Role.PARAGRAPH] and repairs == []


def test_a_title_needs_a_longer_body_after_it():
    result, _ = mark_title_line(blocks("Clean energy at the centre", "It was a short day"), "a")
    assert roles(result) == [Role.PARAGRAPH, Role.PARAGRAPH]
    assert mark_title_line(blocks("A title of an article alone"), "a")[1] == []


def test_the_byline_and_dateline_after_a_title_line_are_still_split():
    text = "Park opens in Shenzhen\n\nBy Li Ming\n\nSHENZHEN, June 30 (Xinhua) -- " + LEAD
    segments, repairs = segment_text(text, "a")
    assert [s.role for s in segments] == [Role.HEADLINE, Role.BYLINE, Role.DATELINE, Role.PARAGRAPH]
    assert [r.kind for r in repairs] == ["title", "byline", "dateline"]


# --- a title run into the lead ---------------------------------------------------------

RUN_IN = {
    "date": (
        "Construction of the world's scientific community, large Bay Area Science Forum to look "
        "forward to exploring future, sharing scientific",
        "On December 11, the 2021 Greater Bay Area Science Forum opened in Guangzhou with more "
        "than a hundred scientists.",
    ),
    "wire dateline": (
        "New bridge links two cities across the river mouth",
        "BEIJING, Dec. 11 (Xinhua) -- A new bridge opened on Saturday linking the two cities "
        "across the river mouth, local authorities said.",
    ),
    "reported": (
        "Metro line reaches the airport in time for the holiday",
        "Evening News reporter Li Ming reported: the metro line was extended to the airport on "
        "Friday, officials said.",
    ),
}


@pytest.mark.parametrize("kind", list(RUN_IN))
def test_a_title_run_into_the_lead_is_split_off(kind):
    title, lead = RUN_IN[kind]
    result, repairs = split_run_in_title(blocks(f"{title} {lead}", "Second paragraph."), "a")
    assert [(b.role, b.text) for b in result] == [
        (Role.HEADLINE, title),
        (Role.PARAGRAPH, lead),
        (Role.PARAGRAPH, "Second paragraph."),
    ]
    assert [r.kind for r in repairs] == ["run-in title"]
    assert repairs[0].after.startswith("[title] ") and " ¶ " in repairs[0].after


@pytest.mark.parametrize(
    "lead",
    [
        "On December 11, the forum opened in Guangzhou with more than a hundred scientists.",
        "BEIJING, Dec. 11 (Xinhua) -- A new bridge opened on Saturday, officials said.",
        "Text/Evening News Reporter Li Ming On June 30, the forum opened in the city centre.",
        # Something before the date, but a sentence, not a title.
        "The forum opened. On December 11, the forum opened in Guangzhou with many scientists.",
        # Too short for a title: a capital letter where there should be none.
        "The forum, held On December 11, brought more than a hundred scientists together.",
        # A title would not end on "the".
        "Scientists gathered for the forum at the On December 11, it opened in Guangzhou.",
        # Punctuation between: the writer closed the phrase, this is no run-in title.
        "Scientists from the whole region met in the city: On December 11, the forum opened.",
        "The forum said that it would meet again next year in the same city centre.",
    ],
)
def test_a_lead_is_never_split_as_a_run_in_title(lead):
    result, repairs = split_run_in_title(blocks(lead), "a")
    assert texts(result) == [lead] and repairs == []


FERRY_LEAD = (
    "On November 20, a new high-speed ferry route between Nansha Port and the airport was "
    "opened, the district government said."
)


@pytest.mark.parametrize(
    "byline", ["Guangzhou Daily reporter Chen Xiaoling", "By Chen Xiaoling and Wu Hao"]
)
def test_a_byline_line_between_a_run_in_title_and_its_lead_is_the_byline(byline):
    title = "New cross-harbour ferry route links Nansha and Hong Kong airport"
    unwrapped, _ = unwrap_lines(blocks(f"{title}\n{byline}\n{FERRY_LEAD}"), "a")
    result, repairs = split_run_in_title(unwrapped, "a")
    assert [(b.role, b.text) for b in result] == [
        (Role.HEADLINE, title),
        (Role.BYLINE, byline),
        (Role.PARAGRAPH, FERRY_LEAD),
    ]
    assert [(r.kind, r.first_line) for r in repairs] == [("run-in title", 1), ("byline", 2)]


def test_a_title_over_two_lines_stays_whole_when_its_last_line_is_no_byline():
    first, second = "New cross-harbour ferry route links", "Nansha and the Hong Kong airport"
    unwrapped, _ = unwrap_lines(blocks(f"{first}\n{second}\n{FERRY_LEAD}"), "a")
    result, repairs = split_run_in_title(unwrapped, "a")
    assert [(b.role, b.text) for b in result] == [
        (Role.HEADLINE, f"{first} {second}"),
        (Role.PARAGRAPH, FERRY_LEAD),
    ]
    assert [r.kind for r in repairs] == ["run-in title"]


def test_no_run_in_title_is_looked_for_under_a_title_line():
    title, lead = RUN_IN["date"]
    result, repairs = split_run_in_title(
        [replace(blocks("Title")[0], role=Role.HEADLINE), *blocks(f"{title} {lead}")], "a"
    )
    assert repairs == [] and len(result) == 2


# --- trailers at the end ----------------------------------------------------------------

TRAILERS = [
    "Enditem",
    "(END)",
    "(End)",
    "[END]",
    "(Responsible editor: Li Ming)",
    "Responsible editor: Li Ming",
    "Editor: Li Ming",
    "Editors: Li Ming, Wang Fang",
    "(Editor: Li Ming, Wang Fang)",
    "Source: Xinhua",
    "(Source: People's Daily Online)",
    "Photo: Zhang Wei",
    "Photo by Zhang Wei",
    "(Photo/Zhang Wei)",
    "Xinhua/Li Ming",
    "[责任编辑：李明]",
    "责任编辑：李明",
    "By Li Ming",
    "Text/Li Ming",
]
LAST = "The park covers ten square kilometres."


@pytest.mark.parametrize("trailer", TRAILERS)
def test_a_trailer_paragraph_at_the_end_is_a_trailer(trailer):
    result, repairs = split_trailers(blocks(LEAD, LAST, trailer), "a")
    assert [(b.role, b.text) for b in result] == [
        (Role.PARAGRAPH, LEAD),
        (Role.PARAGRAPH, LAST),
        (Role.TRAILER, trailer),
    ]
    assert [(r.kind, r.first_line, r.after) for r in repairs] == [
        ("trailer", 5, f"[trailer] {trailer}")
    ]


@pytest.mark.parametrize("trailer", TRAILERS)
def test_a_trailer_run_on_at_the_end_of_the_last_paragraph_is_split_off(trailer):
    result, repairs = split_trailers(blocks(LEAD, f"{LAST} {trailer}"), "a")
    assert [(b.role, b.text) for b in result] == [
        (Role.PARAGRAPH, LEAD),
        (Role.PARAGRAPH, LAST),
        (Role.TRAILER, trailer),
    ]
    assert [r.kind for r in repairs] == ["trailer"]
    assert repairs[0].after.endswith(f"kilometres. ¶ [trailer] {trailer}")


def test_several_trailers_at_the_end():
    result, repairs = split_trailers(blocks(LEAD, f"{LAST} Enditem", "(Editor: Li Ming)"), "a")
    assert roles(result) == [Role.PARAGRAPH, Role.PARAGRAPH, Role.TRAILER, Role.TRAILER]
    assert texts(result)[1:] == [LAST, "Enditem", "(Editor: Li Ming)"]
    assert len(repairs) == 2


@pytest.mark.parametrize(
    "last",
    [
        "The park will open at the end of the year, the editor said.",
        "Li Ming is the editor of the science section, the Source said.",
        "He thanked the editors. Editors of the paper attended",
        "Visitors can take a photo by the lake.",
        "The two cities are linked by rail. By 2025 the line will be finished.",
        "The park is run by Li Ming",
    ],
)
def test_an_ordinary_last_paragraph_keeps_its_end(last):
    result, repairs = split_trailers(blocks(LEAD, last), "a")
    assert texts(result) == [LEAD, last] and repairs == []


def test_an_article_that_is_all_trailer_keeps_its_paragraph():
    result, repairs = split_trailers(blocks("Enditem"), "a")
    assert roles(result) == [Role.PARAGRAPH] and repairs == []


def test_trailers_are_not_joined_or_made_subheadings():
    segments, _ = segment_text(f"{LEAD}\n\nThe park covers ten\n\nEditor: Li Ming\n", "a")
    assert [s.role for s in segments] == [Role.PARAGRAPH, Role.PARAGRAPH, Role.TRAILER]


def test_byline_name_is_the_reporter_a_byline_gives():
    assert byline_name("Text/Yangcheng Evening News All-Media Reporter Li Yige") == "Li Yige"
    assert byline_name("By Li Ming and Wang Fang") == "Li Ming and Wang Fang"
    assert byline_name("文/李明") == "李明"
    assert byline_name("Staff Reporter: Li Ming") == "Li Ming"
    assert byline_name("Guangzhou Daily reporter Chen Xiaoling") == "Chen Xiaoling"


def test_every_repair_kind_made_is_described():
    title, lead = RUN_IN["date"]
    text = f"{title} {lead}\n\nA title line is not here\n\n{LAST} Enditem\n"
    _, repairs = segment_text(text, "a")
    _, more = segment_text(f"Park opens\n\n{LEAD}\n", "a")
    kinds = {r.kind for r in repairs + more}
    assert {"run-in title", "trailer", "title"} <= kinds
    assert all(kind in REPAIR_KINDS for kind in kinds)


def test_a_name_that_is_also_a_month_stays_in_the_byline():
    result, _ = split_run_in_byline(blocks("By Zhou Lan and Ma Jun", "The buses started."), "a")
    assert [(b.role, b.text) for b in result] == [
        (Role.BYLINE, "By Zhou Lan and Ma Jun"),
        (Role.PARAGRAPH, "The buses started."),
    ]
    result, _ = split_run_in_byline(blocks("By Zhou Lan June 30, the buses started."), "a")
    assert texts(result) == ["By Zhou Lan", "June 30, the buses started."]


def test_a_title_line_is_one_source_line():
    wrapped = split_blocks(f"China opens science park\nin Shenzhen\n\n{LEAD}")
    result, repairs = mark_title_line(unwrap_lines(wrapped, "a")[0], "a")
    assert roles(result) == [Role.PARAGRAPH, Role.PARAGRAPH] and repairs == []
