package kit

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/ui"
)

// List is the state behind every table pane: the items, the indices that
// pass the `/` filter, and the cursor. Rendering goes through ui.RenderTable,
// which only renders the visible rows, so 10,000 items cost nothing per key.
type List[T any] struct {
	Items  []T
	view   []int // indices into items that pass the filter, in order
	Filter string
	// text returns what the filter matches against (lower-cased by list).
	text  func(T) string
	id    func(T) string
	Table ui.TableState
	rows  int // table body rows at the last render, for page moves
	lower []string
	// keep, when set, is a filter of the pane's own beside the `/` one
	// (participants with errors only).
	keep func(T) bool
	sort listSort[T]
}

func NewList[T any](id, text func(T) string) List[T] {
	return List[T]{id: id, text: text}
}

// Set replaces the items, keeping the cursor on the same item when it is
// still there.
func (l *List[T]) Set(items []T) {
	var keep string
	if it, ok := l.Selected(); ok {
		keep = l.id(it)
	}
	l.Items = items
	l.lower = l.lower[:0]
	for _, it := range items {
		l.lower = append(l.lower, strings.ToLower(l.text(it)))
	}
	l.refilter(false)
	if keep != "" {
		l.selectID(keep)
	}
}

// Append adds items at the end (a next page), without moving the cursor.
func (l *List[T]) Append(items ...T) {
	needle := strings.ToLower(l.Filter)
	for _, it := range items {
		low := strings.ToLower(l.text(it))
		l.Items = append(l.Items, it)
		l.lower = append(l.lower, low)
		if (needle == "" || strings.Contains(low, needle)) && l.kept(it) {
			l.view = append(l.view, len(l.Items)-1)
		}
	}
	if l.sort.col != 0 || l.sort.desc {
		var keepID string
		if it, ok := l.Selected(); ok {
			keepID = l.id(it)
		}
		l.sortView()
		if keepID != "" {
			l.selectID(keepID)
		}
	}
	l.Table.Fit(len(l.view), l.visible())
}

// ReplaceAt updates the item at index i of items: for a caller that keeps
// its own index of ids, without replace's scan of every item.
func (l *List[T]) ReplaceAt(i int, it T) {
	l.Items[i] = it
	l.lower[i] = strings.ToLower(l.text(it))
}

// SetFilter filters incrementally: a filter that extends the previous one
// narrows the current view instead of rescanning every item.
func (l *List[T]) SetFilter(f string) {
	narrowing := l.Filter != "" && strings.HasPrefix(f, l.Filter)
	l.Filter = f
	l.refilter(narrowing)
}

// SetKeep sets (nil: clears) the pane's own filter and applies it.
func (l *List[T]) SetKeep(keep func(T) bool) {
	l.keep = keep
	l.Refilter()
}

// Refilter applies the filters again, for a keep whose answers changed;
// the cursor stays on its item when it is still shown.
func (l *List[T]) Refilter() {
	var keepID string
	if it, ok := l.Selected(); ok {
		keepID = l.id(it)
	}
	l.refilter(false)
	if keepID != "" {
		l.selectID(keepID)
	}
}

func (l *List[T]) kept(it T) bool { return l.keep == nil || l.keep(it) }

func (l *List[T]) refilter(narrowing bool) {
	needle := strings.ToLower(l.Filter)
	if needle == "" {
		l.view = l.view[:0]
		for i, it := range l.Items {
			if l.kept(it) {
				l.view = append(l.view, i)
			}
		}
		l.sortView()
		l.Table.Fit(len(l.view), l.visible())
		return
	}
	var from []int
	if narrowing {
		from = l.view // in the sort's order already
	} else {
		from = make([]int, len(l.Items))
		for i := range from {
			from[i] = i
		}
	}
	out := l.view[:0:0]
	for _, i := range from {
		if strings.Contains(l.lower[i], needle) && l.kept(l.Items[i]) {
			out = append(out, i)
		}
	}
	l.view = out
	if !narrowing {
		l.sortView()
	}
	l.Table.Fit(len(l.view), l.visible())
}

func (l *List[T]) Len() int { return len(l.view) }

// visible is how many rows the table showed last; 1 before the first render.
func (l *List[T]) visible() int { return max(l.rows, 1) }

// Layout records the table height of this render and keeps the cursor on
// screen; panes call it from View, where the height is known.
func (l *List[T]) Layout(tableHeight int) {
	l.rows = ui.TableBodyHeight(tableHeight)
	l.Table.Fit(len(l.view), l.visible())
}

// Window is the range of rows on screen.
func (l *List[T]) Window() (first, last int) {
	first = l.Table.Offset
	return first, min(first+l.visible(), len(l.view))
}

func (l *List[T]) At(row int) T { return l.Items[l.view[row]] }

func (l *List[T]) Selected() (T, bool) {
	var zero T
	c := l.Table.Cursor
	if c < 0 || c >= len(l.view) {
		return zero, false
	}
	return l.Items[l.view[c]], true
}

func (l *List[T]) selectID(id string) {
	for row, i := range l.view {
		if l.id(l.Items[i]) == id {
			l.Table.To(row, len(l.view), l.visible())
			return
		}
	}
}

// Move handles the navigation keys, and the sort keys of a sortable list;
// it reports whether the key was one.
func (l *List[T]) Move(c *Context, msg tea.KeyPressMsg) bool {
	return MoveTable(c, msg, &l.Table, len(l.view), l.visible()) || l.sortKey(c, msg)
}

// MoveTable applies a navigation key to a table's cursor; it reports
// whether the key was one.
func MoveTable(c *Context, msg tea.KeyPressMsg, t *ui.TableState, n, visible int) bool {
	k := c.Keys
	switch {
	case key.Matches(msg, k.Up):
		t.Up(n, visible)
	case key.Matches(msg, k.Down):
		t.Down(n, visible)
	case key.Matches(msg, k.PageUp):
		t.PageUp(n, visible)
	case key.Matches(msg, k.PageDown):
		t.PageDown(n, visible)
	case key.Matches(msg, k.Home):
		t.Home(n, visible)
	case key.Matches(msg, k.End):
		t.End(n, visible)
	default:
		return false
	}
	return true
}

// rowsOf adapts a list to ui's row source: cells are produced only for the
// rows on screen.
type rowsOf[T any] struct {
	l    *List[T]
	cell func(it T, col int) string
}

func (r rowsOf[T]) Len() int                 { return r.l.Len() }
func (r rowsOf[T]) Cell(row, col int) string { return r.cell(r.l.At(row), col) }
func (l *List[T]) Source(cell func(T, int) string) rowsOf[T] {
	first := l.sort.cell == nil
	l.sort.cell = cell
	if first && l.sort.col != 0 {
		l.Refilter() // sorted before the first render, which gives the cells' text
	}
	return rowsOf[T]{l: l, cell: cell}
}

// Clickable panes select the row at a line of their view (0: its first
// line) and report whether one is there.
type Clickable interface {
	Click(line int) bool
}

// Click selects the row drawn at line of the table (0: its header, as
// ui.RenderTable draws it); it reports whether a row is there.
func (l *List[T]) Click(line int) bool {
	row := l.Table.Offset + line - 1
	if line < 1 || line > l.visible() || row >= len(l.view) {
		return false
	}
	l.Table.To(row, len(l.view), l.visible())
	return true
}

// NothingSelected answers a key that acts on the selection when there is
// none (the list is empty, or the filter hides every row): it says so, as
// every advertised key must do something. noun names the rows
// ("replicas"); nil for keys that need no selection.
func NothingSelected(c *Context, msg tea.KeyPressMsg, noun string) tea.Cmd {
	k := c.Keys
	if !key.Matches(msg, k.Open, k.Details, k.Copy, k.Delete, k.Edit, k.Tags, k.Replicas, k.SessionTimeline, k.Attach) {
		return nil
	}
	return Flash(FlashInfo, "nothing selected: no "+noun+" listed")
}
