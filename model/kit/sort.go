package kit

import (
	"slices"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/ui"
)

// Sorting, as k9s users expect it on every table: o moves the sort to the
// next column (after the last, back to the pane's own order), O reverses
// it; the sorted column's title carries ▲ or ▼. Rows that compare equal
// keep the pane's order.

// listSort is a list's sort: column 0 is the pane's own order, n is the
// table's column n-1.
type listSort[T any] struct {
	col      int
	desc     bool
	columns  int
	sortable bool
	compare  func(a, b T, col int) (r int, ok bool)
	cell     func(x T, col int) string // the last render's, for compare by text
}

// SetSortable lets o and O sort the list by the table's columns; compare
// orders two items by column col, where the text of the cells (as the last
// render drew them; see CompareText) would not: it says ok false for the
// columns it leaves to the text, and may be nil.
func (l *List[T]) SetSortable(columns int, compare func(a, b T, col int) (r int, ok bool)) {
	l.sort.columns, l.sort.compare, l.sort.sortable = columns, compare, true
}

// compare orders two items by column col.
func (s *listSort[T]) compareAt(a, b T, col int) int {
	if s.compare != nil {
		if r, ok := s.compare(a, b, col); ok {
			return r
		}
	}
	if s.cell == nil {
		return 0 // not drawn yet: the pane's order
	}
	return CompareText(s.cell(a, col), s.cell(b, col))
}

// Sorted is the column the list is sorted by (-1: the pane's own order)
// and whether it is reversed.
func (l *List[T]) Sorted() (col int, desc bool) { return l.sort.col - 1, l.sort.desc }

// SortBy sorts the list by column col (-1: the pane's own order), keeping
// the cursor on its item.
func (l *List[T]) SortBy(col int, desc bool) {
	l.sort.col, l.sort.desc = ui.Clamp(col+1, 0, l.sort.columns), desc
	l.Refilter()
}

// sortKey handles o and O; it reports whether the key was one.
func (l *List[T]) sortKey(c *Context, msg tea.KeyPressMsg) bool {
	if !l.sort.sortable || l.sort.columns == 0 {
		return false
	}
	switch {
	case key.Matches(msg, c.Keys.Sort):
		l.SortBy((l.sort.col+1)%(l.sort.columns+1)-1, false)
	case key.Matches(msg, c.Keys.SortReverse):
		l.SortBy(l.sort.col-1, !l.sort.desc)
	default:
		return false
	}
	return true
}

// sortView puts the rows shown in the sort's order.
func (l *List[T]) sortView() {
	s := &l.sort
	switch {
	case s.col == 0 && !s.desc:
		return // the view is in the pane's order already
	case s.col == 0:
		slices.Sort(l.view)
		slices.Reverse(l.view)
		return
	}
	col := s.col - 1
	slices.SortFunc(l.view, func(i, j int) int {
		r := s.compareAt(l.Items[i], l.Items[j], col)
		if s.desc {
			r = -r
		}
		if r == 0 {
			return i - j // ties in the pane's order
		}
		return r
	})
}

// Columns is cols with the sorted column's title marked ▲ (ascending) or
// ▼; cols itself in the pane's own order.
func (l *List[T]) Columns(cols []ui.Column) []ui.Column {
	s := l.sort
	if s.col == 0 && !s.desc {
		return cols
	}
	out := slices.Clone(cols)
	mark := " ▲"
	if s.desc {
		mark = " ▼"
	}
	if s.col == 0 {
		if len(out) > 0 {
			out[0] = marked(out[0], " (reversed)")
		}
		return out
	}
	if i := s.col - 1; i < len(out) {
		out[i] = marked(out[i], mark)
	}
	return out
}

// marked adds mark to a column's title, widening a fixed column to fit it.
func marked(c ui.Column, mark string) ui.Column {
	c.Title += mark
	if w := ansi.StringWidth(c.Title); c.Width > 0 && c.Width < w {
		c.Width = w
	}
	return c
}

// CompareText orders two cells as a reader would: styling and case
// ignored, runs of digits by their value ("viewer-9" before "viewer-10",
// "✖ 3" before "✖ 12"), thousands separators within a number skipped.
func CompareText(a, b string) int {
	ra, rb := []rune(strings.ToLower(ansi.Strip(a))), []rune(strings.ToLower(ansi.Strip(b)))
	i, j := 0, 0
	for i < len(ra) && j < len(rb) {
		if unicode.IsDigit(ra[i]) && unicode.IsDigit(rb[j]) {
			na, ni := digitRun(ra, i)
			nb, nj := digitRun(rb, j)
			if r := compareDigits(na, nb); r != 0 {
				return r
			}
			i, j = ni, nj
			continue
		}
		if ra[i] != rb[j] {
			if ra[i] < rb[j] {
				return -1
			}
			return 1
		}
		i++
		j++
	}
	return (len(ra) - i) - (len(rb) - j)
}

// digitRun reads the number starting at i (commas between digits
// skipped), without its leading zeros; it returns where it ends.
func digitRun(r []rune, i int) (digits []rune, end int) {
	for i < len(r) {
		switch {
		case unicode.IsDigit(r[i]):
			if len(digits) > 0 || r[i] != '0' {
				digits = append(digits, r[i])
			}
		case r[i] == ',' && i+1 < len(r) && unicode.IsDigit(r[i+1]):
		default:
			return digits, i
		}
		i++
	}
	return digits, i
}

func compareDigits(a, b []rune) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return slices.Compare(a, b)
}
