"""A column listing for long record lists, as a Rich renderable.

Rich's Table measures and pads every cell through its general layout
machinery: 10,000 talks took 7-11 s to print. A listing only needs columns
of folded text, so it lays rows out itself and leaves the hard parts to Rich:
``Text.wrap`` folds each cell and ``cell_len`` measures wide characters.
The same rows print in about half a second.

Layout follows Rich's table collapse: each column gets its natural width;
when the row is too wide for the terminal the widest columns shrink first,
no narrower than their longest word, so text wraps between words. Cells fold
inside a word (never cut) only when even that does not fit. Short
fixed-format columns (ids, dates) stay whole while the terminal is wide
enough for that to help.
"""

from __future__ import annotations

import io
import re
from typing import cast

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

GAP = 3  # spaces between columns
NARROW = 60  # below this, every column may fold
WORD_CAP = 18  # words up to this long are never broken while the terminal is wide enough
FIRST = {"title"}  # the column whose words are the last to fold
KEEP_WHOLE = {"id", "start", "dates", "time", "day", "name"}  # a person's name is read whole
_HEADER = Style(bold=True)


def text_width(text: str) -> int:
    """Cells a line takes: its length for ASCII (the common case, fast), else Rich's measure."""
    return len(text) if text.isascii() else cell_len(text)


# Characters that take other than one cell: combining marks, zero-width
# characters, East Asian wide letters, emoji. Text without them is wrapped by
# counting characters, which is all most cells and abstracts need.
_NOT_ONE_CELL = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u1100-\u115f\u200b-\u200f"
    "\u20d0-\u20ff\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe00-\ufe4f\uff00-\uff60\uffe0-\uffe6"
    "\U0001f000-\U0001faff\U00020000-\U0003fffd]"
)
_CONSOLE: list[Console] = []


def wrap_text(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` cells, broken between words; a word longer
    than a line is folded. Trailing spaces are dropped."""
    out: list[str] = []
    for line in text.split("\n"):
        if text_width(line) <= width:
            out.append(line.rstrip())
        elif line.isascii() or not _NOT_ONE_CELL.search(line):
            out += _wrap(line.rstrip(), width)
        else:  # wide or combining characters: Rich measures them
            if not _CONSOLE:
                _CONSOLE.append(Console(file=io.StringIO(), width=max(width, 1)))
            out += [t.plain.rstrip() for t in Text(line).wrap(_CONSOLE[0], width, overflow="fold")]
    return out


def _wrap(paragraph: str, width: int) -> list[str]:
    """Greedy word wrap of one-cell characters; a word longer than a line is folded."""
    lines = []
    i, n = 0, len(paragraph)
    while n - i > width:
        cut = paragraph.rfind(" ", i, i + width + 1)
        if cut <= i:
            lines.append(paragraph[i:i + width])
            i += width
        else:
            lines.append(paragraph[i:cut].rstrip())
            i = cut + 1
            while i < n and paragraph[i] == " ":
                i += 1
    lines.append(paragraph[i:])
    return lines


def _pad(text: str, width: int) -> str:
    return text + " " * (width - text_width(text))


def _padded_lines(text: str, width: int) -> list[str]:
    """The text wrapped, each line padded to the width (ASCII lines by their length, in C)."""
    lines = wrap_text(text, width)
    return [x.ljust(width) for x in lines] if text.isascii() else [_pad(x, width) for x in lines]


def _plain(cell: str | Text) -> str:
    return cell if isinstance(cell, str) else cell.plain


def _pad_one(text: str, width: int) -> str | None:
    """The text padded to the width when it is one line that fits, else None (it must wrap)."""
    if "\n" in text or text_width(text) > width:
        return None
    return _pad(text, width)


class Listing:
    """Rows of cells: plain strings (fast: laid out by counting), or Rich Text
    with styles (laid out by Rich)."""

    def __init__(self, *columns: str, title: str | None = None) -> None:
        self.columns = list(columns)
        self.title = title
        self.rows: list[list[str | Text]] = []
        self.plain = True  # no cell has a style: rows can be written as text
        self.stacked = False  # too narrow for columns: each row a block (set by _fit)

    def add_row(self, *cells: Text | str) -> None:
        row: list[str | Text] = []
        for c in cells:
            if isinstance(c, Text):
                if c.style or c.spans:
                    self.plain = False
                else:
                    c = c.plain
            row.append(c)
        self.rows.append(row)

    def _column(self, i: int) -> list[str]:
        return [c if isinstance(c, str) else c.plain for c in (row[i] for row in self.rows)]

    def _natural(self) -> list[int]:
        widths = []
        for i, head in enumerate(self.columns):
            widths.append(max([text_width(head)] + [
                len(c) if c.isascii() and "\n" not in c else max(map(text_width, c.split("\n")))
                for c in self._column(i)]))
        return widths

    def _longest_words(self) -> list[int]:
        """Each column's longest word (up to WORD_CAP): narrower, and a word
        would break in the middle. One very long word (a URL, a hashtag) may
        still fold, rather than squeeze every other column."""
        widths = [max((text_width(w) for w in c.split()), default=1) for c in self.columns]
        for i in range(len(widths)):
            if self.columns[i] in KEEP_WHOLE:
                continue  # never wrapped while anything else can give: its words do not matter
            for c in self._column(i):
                if widths[i] >= WORD_CAP:  # capped: the other rows cannot change it
                    break
                words = c.split()
                if words:
                    w = max(map(len, words)) if c.isascii() else max(map(text_width, words))
                    if w > widths[i]:
                        widths[i] = w
        return [min(w, WORD_CAP) for w in widths]

    def _fit(self, available: int) -> list[int]:
        """Column widths: natural when they fit; else the widest columns shrink
        first, each no narrower than its longest word, so words wrap whole;
        only when even that is too wide may words fold (and at last the
        fixed-format columns too)."""
        natural = self._natural()
        room = available - GAP * (len(natural) - 1)
        fixed = {i for i, c in enumerate(self.columns) if c in KEEP_WHOLE}
        words = self._longest_words()
        # Each floor a little more lenient: long words may fold before short
        # ones do, and in the other columns before they do in titles.
        floors = [
            [natural[i] if i in fixed else min(words[i], title_cap if self.columns[i] in FIRST else cap)
             for i in range(len(natural))]
            for title_cap, cap in ((WORD_CAP, WORD_CAP), (WORD_CAP, 12), (WORD_CAP, 8), (12, 8), (8, 8))
        ] + [
            [natural[i] if i in fixed else 1 for i in range(len(natural))],
            [1] * len(natural),
        ]
        if available < NARROW:
            floors = floors[2:]
        for floor in floors:
            widths = self._shrink(list(natural), floor, room)
            if sum(widths) <= room:
                break
        # A column that folds words it would need only 8 cells for reads letter
        # by letter: then the rows are better stacked (see stacked_rows).
        self.stacked = not all(self._readable(i, w) for i, w in enumerate(widths) if w < natural[i])
        return widths

    def _readable(self, i: int, width: int) -> bool:
        """Whether column i, narrower than its text, keeps its words of up to 8 cells whole."""
        if width >= 8:
            return True
        need = text_width(self.columns[i]) if " " not in self.columns[i] else 1
        for c in self._column(i):
            for word in c.split():
                need = max(need, text_width(word))
                if need > width:
                    return False
        return need <= width

    @staticmethod
    def _shrink(widths: list[int], floor: list[int], room: int) -> list[int]:
        while sum(widths) > room:
            movable = [i for i in range(len(widths)) if widths[i] > floor[i]]
            if not movable:
                break
            widest = max(movable, key=lambda i: widths[i])
            others = [widths[i] for i in movable if i != widest]
            # shrink the widest down to the next widest (or by what is too much), at least by one
            target = max(max(others, default=1), widths[widest] - (sum(widths) - room), floor[widest])
            widths[widest] = max(floor[widest], min(widths[widest] - 1, target))
        return widths

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        natural = self._natural()
        total = sum(natural) + GAP * (len(natural) - 1)
        return Measurement(min(total, len(natural) * (GAP + 1)), total)

    def _drop_empty_columns(self) -> None:
        """A column nobody has filled in (no rooms yet, say) only costs width."""
        if not self.rows:
            return
        keep = [i for i in range(len(self.columns))
                if any(_plain(row[i]) for row in self.rows)]
        if len(keep) < len(self.columns):
            self.columns = [self.columns[i] for i in keep]
            self.rows = [[row[i] for i in keep] for row in self.rows]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for part in self.parts(options.max_width, size=len(self.rows) or 1):
            yield from part.__rich_console__(console, options)

    def parts(self, width: int, size: int = 500) -> list[_Part]:
        """The listing as pieces of ``size`` rows with the same column widths.

        Console.print holds everything it prints until the end; printing a long
        listing piece by piece keeps the memory of 10,000 rows to that of 500.
        """
        self._drop_empty_columns()
        widths = self._fit(width)
        chunks = [self.rows[i:i + size] for i in range(0, len(self.rows), size)] or [[]]
        return [_Part(self, widths, rows, first=(n == 0), width=width) for n, rows in enumerate(chunks)]

    def _head(self, console: Console, widths: list[int], max_width: int) -> RenderResult:
        if self.title:
            yield Segment(self.title, _HEADER)
            yield Segment.line()
        if self.stacked:
            return
        yield from self._row(console, [Text(c, style=_HEADER) for c in self.columns], widths)
        yield Segment("─" * min(max_width, sum(widths) + GAP * (len(widths) - 1)))
        yield Segment.line()

    def _row(self, console: Console, row: list[str | Text], widths: list[int]) -> RenderResult:
        # Each cell becomes its lines, each line its segments and its width.
        cells: list[list[tuple[list[Segment], int]]] = []
        for cell, w in zip(row, widths, strict=True):
            if isinstance(cell, str):
                cells.append([([Segment(line)], text_width(line)) for line in wrap_text(cell, w)])
                continue
            plain = cell.plain
            if text_width(plain) > w or "\n" in plain:
                lines = list(cell.wrap(console, w, overflow="fold"))
                for line in lines:
                    line.rstrip()  # (a wrapped line keeps the space it broke at)
            else:
                lines = [cell]
            cells.append([(_segments(console, line), cell_len(line.plain)) for line in lines])
        yield from self._line(cells, widths)

    def text_rows(self, widths: list[int], given: list[list[str | Text]] | None = None) -> list[str]:
        """The rows of a plain listing as lines of text: no Rich machinery per cell,
        a tenth of the time for 10,000 rows. Each line is its cells padded to
        their columns and joined, without the blanks at its end. The work goes
        column by column, in comprehensions: 10,000 rows x 6 cells is where a
        listing spends its time."""
        # only a plain listing is written as text, and its cells are all str (see add_row)
        rows = cast("list[list[str]]", self.rows if given is None else given)
        if not rows:
            return []
        columns: list[list[str | None]] = []  # each column's cells, padded to its width; None where it wraps
        for i, w in enumerate(widths):
            cells = [row[i].rstrip() for row in rows]
            columns.append([c.ljust(w) if c.isascii() and len(c) <= w and "\n" not in c else _pad_one(c, w)
                            for c in cells])
        gap = " " * GAP
        blanks = [" " * w for w in widths]
        out: list[str] = []
        for n, line in enumerate(zip(*columns, strict=True)):
            if None not in line:
                out.append(gap.join(line).rstrip())
                continue
            # a cell to wrap: each cell as its padded lines, the row as tall as its tallest cell
            wrapped = [[text] if text is not None else _padded_lines(rows[n][i].rstrip(), w)
                       for i, (text, w) in enumerate(zip(line, widths, strict=True))]
            height = max(map(len, wrapped))
            for lines, blank in zip(wrapped, blanks, strict=True):
                lines.extend([blank] * (height - len(lines)))
            out.extend(gap.join(parts).rstrip() for parts in zip(*wrapped, strict=True))  # joins in C
        return out

    def stacked_rows(self, width: int, rows: list[list[str | Text]]) -> list[str]:
        """Each row as a block, for a terminal too narrow for its columns: its
        first cell (the id, in every listing) and its title or name on a line,
        then each other cell filled in under its column's name.

            6  K.I. Baizakova
               title        Professor
               affiliation  Al-Farabi Kazakh National
                            University
        """
        lead = next((i for i, c in enumerate(self.columns) if c in ("title", "name") and i), 1)
        rest = [i for i in range(1, len(self.columns)) if i != lead]
        # labels line up; one too long for that ('position, affiliation, country') stands alone
        label_width = max((w for i in rest if (w := text_width(self.columns[i])) <= 14), default=0)
        indent = " " * min(GAP, max(width - 8, 0))
        out: list[str] = []
        for row in rows:
            if out:
                out.append("")
            first, main = _plain(row[0]).strip(), " ".join(_plain(row[lead]).split())
            beside = text_width(first) + 2 if first else 0
            if width - beside >= 8:  # 'id  title', the title wrapped under itself
                for n, line in enumerate(wrap_text(main, width - beside)):
                    out.append((first + "  " if n == 0 else " " * beside) + line)
            else:  # a long first cell (the report's names): the title under it
                out.extend(wrap_text(first, width))
                out.extend(indent + line for line in wrap_text(main, max(width - len(indent), 1)))
            for i in rest:
                value = " ".join(_plain(row[i]).split())
                if not value:
                    continue
                room = width - len(indent) - label_width - 2
                if room >= 12 and text_width(self.columns[i]) <= label_width:
                    lines = wrap_text(value, room)  # the value beside its label, wrapped under itself
                    out.append(indent + _pad(self.columns[i], label_width) + "  " + lines[0])
                    out.extend(indent + " " * (label_width + 2) + line for line in lines[1:])
                else:  # the label, and the value under it
                    out.extend(indent + line for line in wrap_text(self.columns[i], max(width - len(indent), 1)))
                    out.extend(indent + "  " + line for line in wrap_text(value, max(width - len(indent) - 2, 1)))
        return out

    def _line(self, cells: list[list[tuple[list[Segment], int]]], widths: list[int]) -> RenderResult:
        height = max(len(c) for c in cells)
        last = len(widths) - 1
        for n in range(height):
            pending = 0  # spaces owed before the next visible text: no trailing blanks
            for i, (lines, w) in enumerate(zip(cells, widths, strict=True)):
                if n < len(lines) and lines[n][1]:
                    if pending:
                        yield Segment(" " * pending)
                    segments, used = lines[n]
                    yield from segments
                    pending = w - used
                else:
                    pending += w
                if i < last:
                    pending += GAP
            yield Segment.line()


class _Part:
    """Some rows of a listing, with its head when they are the first."""

    def __init__(self, listing: Listing, widths: list[int], rows: list[list[str | Text]], first: bool,
                 width: int) -> None:
        self.listing, self.widths, self.rows, self.first = listing, widths, rows, first
        self.width = width  # the terminal's, for stacked rows

    def head(self) -> _Part:
        return _Part(self.listing, self.widths, [], self.first, self.width)

    def text(self) -> str:
        """The rows as text, for a plain listing (``cli.common.show`` writes it at once)."""
        if self.listing.stacked:
            lines = self.listing.stacked_rows(self.width, self.rows)
            return "\n".join(lines) + "\n" if lines else ""
        lines = self.listing.text_rows(self.widths, self.rows)
        return "\n".join(lines) + "\n" if lines else ""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.first:
            yield from self.listing._head(console, self.widths, options.max_width)
        if self.listing.stacked:  # (styles go: the words are what a narrow terminal needs)
            for line in self.listing.stacked_rows(self.width, self.rows):
                yield Segment(line)
                yield Segment.line()
            return
        if self.listing.plain:
            for line in self.listing.text_rows(self.widths, self.rows):
                yield Segment(line)
                yield Segment.line()
            return
        for row in self.rows:
            yield from self.listing._row(console, row, self.widths)


def _segments(console: Console, line: Text) -> list[Segment]:
    if not line.spans:  # the common case: plain text in one style, no need to render spans
        style = console.get_style(line.style) if line.style else None
        return [Segment(line.plain, style)]
    return list(line.render(console, end=""))
