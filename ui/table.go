package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Why not bubbles/v2 table: it needs every row materialised as []string up
// front (10,000 rows of strings rebuilt on each poll), keeps cursor and
// viewport inside its own model (hidden state the model would have to mirror),
// has fixed column widths only, and styles the selected row by wrapping
// already-coloured cells, whose resets cut the highlight after the first
// cell. This table asks the caller for cells of the visible rows only, takes
// its cursor as a plain TableState, and lays out flexible columns.

// Align is a column's horizontal alignment.
type Align int

// Alignments.
const (
	AlignLeft Align = iota
	AlignRight
	AlignCenter
)

// Column describes one table column. With Width > 0 the column is fixed at
// that width; otherwise it gets at least MinWidth and a share of the spare
// width proportional to Flex (Flex 0 = no share), up to MaxWidth if set.
// Columns that do not fit at their minimum are dropped from the right, so
// put the least important last.
type Column struct {
	Title    string
	Width    int
	MinWidth int
	MaxWidth int
	Flex     int
	Align    Align
}

// TableSource supplies rows on demand, so a 10,000-row list never has to be
// converted to strings: only visible cells are asked for. Cells may carry
// SGR styling (widths are measured ANSI-aware); anything else dangerous in a
// cell is removed by SanitizeStyled, but untrusted text should still go
// through Sanitize first so it is cut where the caller wants.
type TableSource interface {
	Len() int
	Cell(row, col int) string
}

// EmptyTexter is an optional TableSource method giving the text shown when
// the source has no rows ("no participants match …").
type EmptyTexter interface {
	EmptyText() string
}

// Rows is a TableSource over materialised rows, for short lists and tests.
type Rows [][]string

// Len implements TableSource.
func (r Rows) Len() int { return len(r) }

// Cell implements TableSource; a missing cell is empty.
func (r Rows) Cell(row, col int) string {
	if row < 0 || row >= len(r) || col < 0 || col >= len(r[row]) {
		return ""
	}
	return r[row][col]
}

// SourceFunc is a TableSource from a row count and a cell function.
type SourceFunc struct {
	N int
	F func(row, col int) string
}

// Len implements TableSource.
func (s SourceFunc) Len() int { return s.N }

// Cell implements TableSource.
func (s SourceFunc) Cell(row, col int) string {
	if s.F == nil {
		return ""
	}
	return s.F(row, col)
}

type withEmpty struct {
	TableSource
	text string
}

func (w withEmpty) EmptyText() string { return w.text }

// WithEmpty wraps src so an empty table shows text.
func WithEmpty(src TableSource, text string) TableSource {
	return withEmpty{src, text}
}

// TableState is the cursor and scroll offset of a table or timeline, kept by
// the model. Every method takes the row count (total) and the number of
// visible rows (visible: TableBodyHeight of the last render's height) and
// leaves the cursor inside [0, total) and on screen. Rendering reads the
// state and never changes it.
type TableState struct {
	Cursor int
	Offset int
}

// TableBodyHeight is the number of rows a table of the given height shows
// (one line goes to the header).
func TableBodyHeight(height int) int { return max(height-1, 0) }

// Fit clamps the cursor into [0, total), scrolls the least needed to show
// it, and pulls the offset back when rows would be left empty below the
// last one; call it after the data or the size changed.
func (s *TableState) Fit(total, visible int) {
	s.show(total, visible)
	s.Offset = Clamp(s.Offset, 0, max(total-max(visible, 1), 0))
}

// show clamps the cursor and scrolls the least needed to show it. Moves use
// it rather than Fit so they never scroll more than needed: a timeline,
// whose rows take more than one line, keeps its view while the cursor moves
// inside it.
func (s *TableState) show(total, visible int) {
	if total <= 0 {
		s.Cursor, s.Offset = 0, 0
		return
	}
	visible = max(visible, 1)
	s.Cursor = Clamp(s.Cursor, 0, total-1)
	s.Offset = max(s.Offset, 0)
	if s.Cursor < s.Offset {
		s.Offset = s.Cursor
	}
	if s.Cursor >= s.Offset+visible {
		s.Offset = s.Cursor - visible + 1
	}
}

// Move moves the cursor by delta rows (negative = up).
func (s *TableState) Move(delta, total, visible int) {
	s.Cursor += delta
	s.show(total, visible)
}

// Up moves the cursor one row up.
func (s *TableState) Up(total, visible int) { s.Move(-1, total, visible) }

// Down moves the cursor one row down.
func (s *TableState) Down(total, visible int) { s.Move(1, total, visible) }

// PageUp moves the cursor and the view one page up.
func (s *TableState) PageUp(total, visible int) {
	visible = max(visible, 1)
	s.Offset -= visible
	s.Cursor -= visible
	s.Fit(total, visible)
}

// PageDown moves the cursor and the view one page down.
func (s *TableState) PageDown(total, visible int) {
	visible = max(visible, 1)
	s.Offset += visible
	s.Cursor += visible
	s.Fit(total, visible)
}

// Home moves to the first row.
func (s *TableState) Home(total, visible int) {
	s.Cursor, s.Offset = 0, 0
	s.show(total, visible)
}

// End moves to the last row.
func (s *TableState) End(total, visible int) {
	s.Cursor = total - 1
	s.show(total, visible)
}

// To moves the cursor to row i (clamped).
func (s *TableState) To(i, total, visible int) {
	s.Cursor = i
	s.show(total, visible)
}

// gap is the space between columns; the first two cells of a row hold the
// selection marker.
const (
	colGap      = 2
	markerWidth = 2
	markerSel   = "▸ "
	markerNone  = "  "
)

// layoutColumns returns each column's width (0 = dropped) for a table of the
// given total width.
func layoutColumns(cols []Column, width int) []int {
	widths := make([]int, len(cols))
	avail := width - markerWidth
	if avail <= 0 || len(cols) == 0 {
		return widths
	}
	minOf := func(c Column) int {
		if c.Width > 0 {
			return c.Width
		}
		return max(c.MinWidth, 1)
	}
	// Keep columns from the left while their minimums fit.
	used, n := 0, 0
	for i, c := range cols {
		need := minOf(c)
		if i > 0 {
			need += colGap
		}
		if used+need > avail {
			break
		}
		used += need
		widths[i] = minOf(c)
		n++
	}
	if n == 0 {
		// Not even the first column fits at its minimum: give it all.
		widths[0] = avail
		return widths
	}
	// Share the spare width among flexible columns by weight, respecting
	// MaxWidth; repeat while some column hit its cap and width is left.
	spare := avail - used
	for spare > 0 {
		weight := 0
		for i := 0; i < n; i++ {
			c := cols[i]
			if c.Width == 0 && c.Flex > 0 && (c.MaxWidth == 0 || widths[i] < c.MaxWidth) {
				weight += c.Flex
			}
		}
		if weight == 0 {
			break
		}
		given := 0
		for i := 0; i < n && given < spare; i++ {
			c := cols[i]
			if c.Width > 0 || c.Flex == 0 || (c.MaxWidth > 0 && widths[i] >= c.MaxWidth) {
				continue
			}
			add := max(spare*c.Flex/weight, 1)
			add = min(add, spare-given)
			if c.MaxWidth > 0 {
				add = min(add, c.MaxWidth-widths[i])
			}
			widths[i] += add
			given += add
		}
		if given == 0 {
			break
		}
		spare -= given
	}
	return widths
}

// renderCells joins cells, each already in its column's width, into one
// row line; dropped columns (width 0) are left out.
func renderCells(b *strings.Builder, cells []string, widths []int) {
	first := true
	for i, w := range widths {
		if w == 0 {
			continue
		}
		if !first {
			b.WriteString("  ")
		}
		first = false
		if i < len(cells) {
			b.WriteString(cells[i])
		} else {
			b.WriteString(strings.Repeat(" ", w)) // a missing cell is empty
		}
	}
}

// fitCell places cell in exactly width cells; a styled cell is closed by a
// reset, in case it forgot its own, so it cannot colour the next one.
func fitCell(cell string, width int, a Align) string {
	out := align(cell, width, a)
	if strings.IndexByte(cell, 0x1b) >= 0 {
		out += "\x1b[m"
	}
	return out
}

// fitCells fits each cell of a row in place to its column (a dropped
// column's cell is left as it is: renderCells skips it).
func fitCells(cells []string, cols []Column, widths []int) []string {
	for i := range cells {
		if i < len(widths) && widths[i] > 0 {
			cells[i] = fitCell(cells[i], widths[i], cols[i].Align)
		}
	}
	return cells
}

// cellKey is what a table cell is rendered from.
type cellKey struct {
	raw      string
	width    int
	align    Align
	selected bool
}

// tableCell is a cell as a row shows it: sanitised, fitted to its width,
// plain on the selected row. Rows that stay on screen from one frame to the
// next, and the badges every row repeats, are rendered once.
func (st *Styles) tableCell(raw string, width int, a Align, selected bool) string {
	return st.cells.get(cellKey{raw, width, a, selected}, func() string {
		cell := SanitizeStyled(raw)
		if selected {
			// The highlight must run across the whole row; the cells'
			// own colours would reset it, so they give way.
			cell = ansi.Strip(cell)
		}
		return fitCell(cell, width, a)
	})
}

// rowWidth is the width of a row of the laid-out widths: the marker, the
// columns kept and the gaps between them (align makes each cell exactly its
// column's width).
func rowWidth(widths []int) int {
	w, n := markerWidth, 0
	for _, cw := range widths {
		if cw > 0 {
			w += cw
			n++
		}
	}
	if n > 1 {
		w += (n - 1) * colGap
	}
	return w
}

// renderHeader renders the column titles as one line.
func renderHeader(st *Styles, cols []Column, widths []int, width int) string {
	titles := make([]string, len(cols))
	for i, c := range cols {
		if widths[i] > 0 {
			titles[i] = fitCell(Sanitize(c.Title), widths[i], c.Align)
		}
	}
	var hb strings.Builder
	hb.WriteString(markerNone)
	renderCells(&hb, titles, widths)
	line := hb.String()
	return st.lines.get(lineKey{"table header", line, width}, func() string {
		return st.TableHeader.Render(PadRight(line, width))
	})
}

// RenderTable renders the header and the visible rows of src, the selected
// row highlighted and marked with ▸ (the mark survives NO_COLOR). Only the
// rows in view are asked for. The result is at most height lines of at most
// width cells. The state is read, not changed: a cursor or offset out of
// range (the data or the size changed since the last Fit) is clamped for
// this render only.
func RenderTable(st *Styles, cols []Column, src TableSource, state TableState, width, height int) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	widths := layoutColumns(cols, width)
	var b strings.Builder
	b.Grow(width * height * 2)

	b.WriteString(renderHeader(st, cols, widths, width))

	visible := TableBodyHeight(height)
	if visible == 0 {
		return b.String()
	}
	total := 0
	if src != nil {
		total = src.Len()
	}
	if total == 0 {
		text := "nothing to show"
		if e, ok := src.(EmptyTexter); ok && e.EmptyText() != "" {
			text = e.EmptyText()
		}
		b.WriteByte('\n')
		b.WriteString(emptyLine(st, text, width))
		return b.String()
	}
	state.Fit(total, visible)

	cells := make([]string, len(cols))
	rowW := rowWidth(widths)
	end := min(state.Offset+visible, total)
	for r := state.Offset; r < end; r++ {
		selected := r == state.Cursor
		for c := range cols {
			cells[c] = ""
			if widths[c] > 0 {
				cells[c] = st.tableCell(src.Cell(r, c), widths[c], cols[c].Align, selected)
			}
		}
		b.WriteByte('\n')
		if selected {
			b.WriteString(st.TableSelected.Render(rowLine(cells, widths, width, true)))
			continue
		}
		if rowW > width {
			b.WriteString(rowLine(cells, widths, width, false))
			continue
		}
		// The row is written in place, padded by its known width.
		b.WriteString(markerNone)
		renderCells(&b, cells, widths)
		b.WriteString(strings.Repeat(" ", width-rowW))
	}
	return b.String()
}

// rowLine lays out one row: the selection marker, the cells, padding to the
// full width (so a highlight spans the row).
func rowLine(cells []string, widths []int, width int, selected bool) string {
	var rb strings.Builder
	if selected {
		rb.WriteString(markerSel)
	} else {
		rb.WriteString(markerNone)
	}
	renderCells(&rb, cells, widths)
	return PadRight(rb.String(), width)
}

// emptyLine is the line an empty table or timeline shows under its header.
func emptyLine(st *Styles, text string, width int) string {
	return st.TableEmpty.Render(SanitizeTrunc(markerNone+text, width))
}
