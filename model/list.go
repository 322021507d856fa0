package model

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/ui"
)

// list is the state behind every table pane: the items, the indices that
// pass the `/` filter, and the cursor. Rendering goes through ui.RenderTable,
// which only renders the visible rows, so 10,000 items cost nothing per key.
type list[T any] struct {
	items  []T
	view   []int // indices into items that pass the filter, in order
	filter string
	// text returns what the filter matches against (lower-cased by list).
	text  func(T) string
	id    func(T) string
	table ui.TableState
	rows  int // table body rows at the last render, for page moves
	lower []string
}

func newList[T any](id, text func(T) string) list[T] {
	return list[T]{id: id, text: text}
}

// set replaces the items, keeping the cursor on the same item when it is
// still there.
func (l *list[T]) set(items []T) {
	var keep string
	if it, ok := l.selected(); ok {
		keep = l.id(it)
	}
	l.items = items
	l.lower = l.lower[:0]
	for _, it := range items {
		l.lower = append(l.lower, strings.ToLower(l.text(it)))
	}
	l.refilter(false)
	if keep != "" {
		l.selectID(keep)
	}
}

// append adds items at the end (a next page), without moving the cursor.
func (l *list[T]) append(items ...T) {
	needle := strings.ToLower(l.filter)
	for _, it := range items {
		low := strings.ToLower(l.text(it))
		l.items = append(l.items, it)
		l.lower = append(l.lower, low)
		if needle == "" || strings.Contains(low, needle) {
			l.view = append(l.view, len(l.items)-1)
		}
	}
	l.table.Fit(len(l.view), l.visible())
}

// replaceAt updates the item at index i of items: for a caller that keeps
// its own index of ids, without replace's scan of every item.
func (l *list[T]) replaceAt(i int, it T) {
	l.items[i] = it
	l.lower[i] = strings.ToLower(l.text(it))
}

// setFilter filters incrementally: a filter that extends the previous one
// narrows the current view instead of rescanning every item.
func (l *list[T]) setFilter(f string) {
	narrowing := l.filter != "" && strings.HasPrefix(f, l.filter)
	l.filter = f
	l.refilter(narrowing)
}

func (l *list[T]) refilter(narrowing bool) {
	needle := strings.ToLower(l.filter)
	if needle == "" {
		l.view = l.view[:0]
		for i := range l.items {
			l.view = append(l.view, i)
		}
		l.table.Fit(len(l.view), l.visible())
		return
	}
	var from []int
	if narrowing {
		from = l.view
	} else {
		from = make([]int, len(l.items))
		for i := range from {
			from[i] = i
		}
	}
	out := l.view[:0:0]
	for _, i := range from {
		if strings.Contains(l.lower[i], needle) {
			out = append(out, i)
		}
	}
	l.view = out
	l.table.Fit(len(l.view), l.visible())
}

func (l *list[T]) len() int { return len(l.view) }

// visible is how many rows the table showed last; 1 before the first render.
func (l *list[T]) visible() int { return max(l.rows, 1) }

// layout records the table height of this render and keeps the cursor on
// screen; panes call it from View, where the height is known.
func (l *list[T]) layout(tableHeight int) {
	l.rows = ui.TableBodyHeight(tableHeight)
	l.table.Fit(len(l.view), l.visible())
}

// window is the range of rows on screen.
func (l *list[T]) window() (first, last int) {
	first = l.table.Offset
	return first, min(first+l.visible(), len(l.view))
}

func (l *list[T]) at(row int) T { return l.items[l.view[row]] }

func (l *list[T]) selected() (T, bool) {
	var zero T
	c := l.table.Cursor
	if c < 0 || c >= len(l.view) {
		return zero, false
	}
	return l.items[l.view[c]], true
}

func (l *list[T]) selectID(id string) {
	for row, i := range l.view {
		if l.id(l.items[i]) == id {
			l.table.To(row, len(l.view), l.visible())
			return
		}
	}
}

// move handles the navigation keys; it reports whether the key was one.
func (l *list[T]) move(c *Context, msg tea.KeyPressMsg) bool {
	return moveTable(c, msg, &l.table, len(l.view), l.visible())
}

// moveTable applies a navigation key to a table's cursor; it reports
// whether the key was one.
func moveTable(c *Context, msg tea.KeyPressMsg, t *ui.TableState, n, visible int) bool {
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
	l    *list[T]
	cell func(it T, col int) string
}

func (r rowsOf[T]) Len() int                 { return r.l.len() }
func (r rowsOf[T]) Cell(row, col int) string { return r.cell(r.l.at(row), col) }
func (l *list[T]) source(cell func(T, int) string) rowsOf[T] {
	return rowsOf[T]{l: l, cell: cell}
}
