"""The column listing's layout rules, printed into consoles of given widths:
natural widths when they fit, the widest column shrinking first, words
wrapped whole, long words folded (never cut), wide characters measured by
the cells they take, and plain rows written as text exactly as Rich would
lay out the same rows with styles."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from confrec.views.listing import GAP, Listing, text_width, wrap_text


def printed(listing: Listing, width: int) -> list[str]:
    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None, highlight=False).print(listing)
    return buf.getvalue().splitlines()


def shown(rows: list[tuple[str, ...]], columns: tuple[str, ...], width: int) -> list[str]:
    table = Listing(*columns)
    for row in rows:
        table.add_row(*row)
    return printed(table, width)


ROWS = [("1", "2024-05-06 09:00", "Opening of the conference", "Ana Müller"),
        ("12", "2024-05-06 10:00", "Graphs and ledgers in the regional economy", "José Núñez, Anna Berg")]
COLUMNS = ("id", "start", "title", "speakers")


def test_columns_keep_their_natural_width_when_they_fit():
    assert shown(ROWS, COLUMNS, 120) == [
        "id   start              title                                        speakers",
        "─" * 90,
        "1    2024-05-06 09:00   Opening of the conference                    Ana Müller",
        "12   2024-05-06 10:00   Graphs and ledgers in the regional economy   José Núñez, Anna Berg",
    ]


def test_the_widest_column_gives_way_first_and_words_wrap_whole():
    lines = shown(ROWS, COLUMNS, 80)
    assert max(map(len, lines)) <= 80
    assert lines[2:] == [
        "1    2024-05-06 09:00   Opening of the conference          Ana Müller",
        "12   2024-05-06 10:00   Graphs and ledgers in the          José Núñez, Anna Berg",
        "                        regional economy",
    ]
    # the id and start columns are fixed formats: never wrapped while anything else can give
    assert " 2024-05-06 09:00 " in lines[2] and " 2024-05-06 10:00 " in lines[3]


@pytest.mark.parametrize("width", [20, 30, 40, 50, 60, 70])
def test_no_line_is_wider_than_the_terminal_and_nothing_is_lost(width):
    lines = shown(ROWS, COLUMNS, width)
    assert max(cell_len(line) for line in lines) <= width
    # every character of every cell is printed once: folding moves text, never drops it
    cells = "".join(cell for row in ROWS for cell in row)
    if any(line.startswith("─") for line in lines):  # as columns, under one head
        given = sorted((cells + "".join(COLUMNS)).replace(" ", ""))
        header_height = next(i for i, line in enumerate(lines) if line.startswith("─"))
        printed_chars = sorted("".join(lines[:header_height] + lines[header_height + 1:]).replace(" ", ""))
    else:  # stacked: each row's id and title, its other cells under their columns' names
        assert width < 50
        given = sorted((cells + "start" * len(ROWS) + "speakers" * len(ROWS)).replace(" ", ""))
        printed_chars = sorted("".join(lines).replace(" ", ""))
    assert printed_chars == given


def test_a_terminal_too_narrow_for_the_columns_stacks_each_row():
    rows = [("6", "K.I. Baizakova", "Professor", "", "Al-Farabi Kazakh National University", "1"),
            ("4", "Sh. Brennan", "Professor", "Dean", "University of Scranton", "2")]
    columns = ("id", "name", "title", "position", "affiliation", "talks")
    assert shown(rows, columns, 40) == [
        "6  K.I. Baizakova",
        "   title        Professor",
        "   affiliation  Al-Farabi Kazakh",
        "                National University",
        "   talks        1",
        "",
        "4  Sh. Brennan",
        "   title        Professor",
        "   position     Dean",
        "   affiliation  University of Scranton",
        "   talks        2",
    ]
    # at 80 columns the same rows fit as columns, words whole
    assert shown(rows, columns, 80)[0].split() == list(columns)
    # and so narrow that a label leaves no room beside it, the value goes under it
    assert shown(rows[1:], columns, 16) == [
        "4  Sh. Brennan",
        "   title",
        "     Professor",
        "   position",
        "     Dean",
        "   affiliation",
        "     University",
        "     of Scranton",
        "   talks",
        "     2",
    ]


def test_a_word_longer_than_its_column_is_folded_not_cut():
    url = "https://example.org/" + "a" * 60
    lines = shown([("1", url)], ("id", "link"), 40)
    body = [line[5:] for line in lines[2:]]
    assert "".join(body) == url
    assert all(len(line) <= 40 for line in lines)


def test_wide_characters_take_two_cells():
    rows = [("1", "東京の会議", "x"), ("2", "Tokyo", "y")]
    lines = shown(rows, ("id", "title", "room"), 80)
    assert lines[2:] == ["1    東京の会議   x", "2    Tokyo        y"]
    assert cell_len(lines[2]) == cell_len(lines[3].rstrip("y") + "x")


def test_wrapping_counts_cells_for_wide_and_combining_characters():
    assert text_width("東京") == 4 and text_width("e\u0301") == 1 and text_width("abc") == 3
    assert wrap_text("東京 東京 東京", 5) == ["東京", "東京", "東京"]
    assert wrap_text("one two three", 7) == ["one two", "three"]
    assert wrap_text("first\nsecond line", 6) == ["first", "second", "line"]
    assert wrap_text("abcdefghij", 4) == ["abcd", "efgh", "ij"]


def test_a_column_nobody_filled_in_is_left_out():
    lines = shown([("1", "", "Alpha"), ("2", "", "Beta")], ("id", "room", "title"), 80)
    assert lines == ["id   title", "──────────", "1    Alpha", "2    Beta"]


def test_plain_rows_come_out_as_rich_lays_out_styled_ones():
    """Plain listings are written as text (fast); styled cells go through Rich.
    Both must give the same characters for the same rows."""
    rows = ROWS + [("3", "2024-05-07 11:00", "Казахстан в региональном контексте: ось Россия – Китай", "Ф. Кукеева")]
    plain = Listing(*COLUMNS)
    styled = Listing(*COLUMNS)
    for row in rows:
        plain.add_row(*row)
        styled.add_row(*row[:-1], Text(row[-1], style="italic"))
    assert plain.plain and not styled.plain
    for width in (50, 80, 120):
        assert printed(plain, width) == printed(styled, width)


def test_a_title_goes_above_the_header():
    table = Listing("id", "name", title="Speakers")
    table.add_row("1", "Ana")
    assert printed(table, 80) == ["Speakers", "id   name", "─" * (2 + GAP + 4), "1    Ana"]


def test_a_long_listing_is_printed_in_pieces_with_the_same_widths():
    table = Listing("id", "title")
    for n in range(1, 1201):
        table.add_row(str(n), "x" * (n % 37 + 1))
    parts = table.parts(80, size=500)
    assert [len(p.rows) for p in parts] == [500, 500, 200]
    assert len({tuple(p.widths) for p in parts}) == 1
    lines = printed(table, 80)
    assert len(lines) == 2 + 1200 and lines[-1] == "1200   " + "x" * (1200 % 37 + 1)
