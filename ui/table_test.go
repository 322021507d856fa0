package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

var testColumns = []Column{
	{Title: "NAME", MinWidth: 12, Flex: 2},
	{Title: "ID", Width: 12},
	{Title: "STATE", MinWidth: 14},
	{Title: "USER", MinWidth: 8, Flex: 1, MaxWidth: 20},
	{Title: "COUNT", Width: 7, Align: AlignRight},
}

// testSource is a deterministic 5-column source with styled, wide and
// hostile cells, built on demand like a real pane's.
func testSource(st *Styles, n int) SourceFunc {
	users := []string{"alice", "ボブ", "\x1b]0;pwned\x07mallory", "carol\u202eexe", "👩‍👩‍👧 family"}
	states := []string{"CONNECTED", "DISCONNECTED"}
	return SourceFunc{N: n, F: func(r, c int) string {
		switch c {
		case 0:
			return fmt.Sprintf("stage-%05d-main-broadcast", r)
		case 1:
			return fmt.Sprintf("st-%013d", r*7919)
		case 2:
			return st.ParticipantState(states[r%2])
		case 3:
			return users[r%len(users)]
		case 4:
			return Count(r * 37)
		}
		return ""
	}}
}

func TestTableStateMoves(t *testing.T) {
	const total, visible = 100, 10
	var s TableState
	s.Up(total, visible)
	if s != (TableState{0, 0}) {
		t.Fatalf("up at top: %+v", s)
	}
	for range 12 {
		s.Down(total, visible)
	}
	if s != (TableState{12, 3}) {
		t.Fatalf("after 12 downs: %+v", s)
	}
	s.Up(total, visible) // inside the window: no scroll
	if s != (TableState{11, 3}) {
		t.Fatalf("after up: %+v", s)
	}
	s.PageDown(total, visible)
	if s != (TableState{21, 13}) {
		t.Fatalf("after page down: %+v", s)
	}
	s.PageUp(total, visible)
	if s != (TableState{11, 3}) {
		t.Fatalf("after page up: %+v", s)
	}
	s.End(total, visible)
	if s != (TableState{99, 90}) {
		t.Fatalf("after end: %+v", s)
	}
	s.PageDown(total, visible)
	if s != (TableState{99, 90}) {
		t.Fatalf("page down at the end: %+v", s)
	}
	s.Home(total, visible)
	if s != (TableState{0, 0}) {
		t.Fatalf("after home: %+v", s)
	}
	s.To(50, total, visible)
	if s != (TableState{50, 41}) {
		t.Fatalf("after to(50): %+v", s)
	}
	s.To(500, total, visible)
	if s != (TableState{99, 90}) {
		t.Fatalf("after to(500): %+v", s)
	}
	// The window grew: the offset comes back so no space is wasted.
	s.Fit(total, 20)
	if s != (TableState{99, 80}) {
		t.Fatalf("after growing to 20 rows: %+v", s)
	}
	// The list shrank under the cursor.
	s.Fit(5, visible)
	if s != (TableState{4, 0}) {
		t.Fatalf("after shrinking to 5: %+v", s)
	}
	s.Fit(0, visible)
	if s != (TableState{0, 0}) {
		t.Fatalf("empty: %+v", s)
	}
	// Zero visible rows must not divide or loop.
	s.PageDown(10, 0)
	if s.Cursor != 1 {
		t.Fatalf("page down with no visible rows: %+v", s)
	}
}

// RenderTable reads the state and never changes it; a stale state (the
// terminal shrank since the last Fit) still shows the cursor.
func TestRenderTableStaleState(t *testing.T) {
	st := NewStyles()
	src := testSource(st, 1000)
	s := TableState{Cursor: 14, Offset: 5}
	out := RenderTable(st, testColumns, src, s, 100, 4)
	if s != (TableState{14, 5}) {
		t.Fatalf("state changed: %+v", s)
	}
	if !strings.Contains(ansi.Strip(out), "▸ stage-00014") {
		t.Fatalf("cursor not on screen:\n%s", ansi.Strip(out))
	}
	out = RenderTable(st, testColumns, src, TableState{Cursor: 5000, Offset: 9000}, 100, 4)
	if !strings.Contains(ansi.Strip(out), "▸ stage-00999") {
		t.Fatalf("out-of-range cursor not clamped:\n%s", ansi.Strip(out))
	}
}

func TestLayoutColumns(t *testing.T) {
	cols := []Column{
		{Title: "A", MinWidth: 10, Flex: 1},
		{Title: "B", Width: 5},
		{Title: "C", MinWidth: 10, Flex: 3, MaxWidth: 20},
	}
	// 2 marker + 10 + 2 + 5 + 2 + 10 = 31 at minimum.
	if got := layoutColumns(cols, 31); fmt.Sprint(got) != "[10 5 10]" {
		t.Fatalf("at 31: %v", got)
	}
	// 20 spare: C takes 3/4 (15) but caps at 20 (+10), A takes the rest.
	if got := layoutColumns(cols, 51); fmt.Sprint(got) != "[20 5 20]" {
		t.Fatalf("at 51: %v", got)
	}
	// Too narrow for C: it is dropped from the right, A takes the rest.
	if got := layoutColumns(cols, 25); fmt.Sprint(got) != "[16 5 0]" {
		t.Fatalf("at 25: %v", got)
	}
	// Too narrow even for the first column: it gets everything.
	if got := layoutColumns(cols, 8); fmt.Sprint(got) != "[6 0 0]" {
		t.Fatalf("at 8: %v", got)
	}
}

func TestRenderTableGolden(t *testing.T) {
	st := NewStyles()
	for _, w := range []int{80, 160} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			out := RenderTable(st, testColumns, testSource(st, 10000), TableState{Cursor: 5, Offset: 2}, w, 12)
			checkBlock(t, "table", out, w, 12)
			requireGolden(t, out)
		})
	}
}

func TestRenderTableEmpty(t *testing.T) {
	st := NewStyles()
	out := RenderTable(st, testColumns, WithEmpty(Rows(nil), "no stages yet: press c to create one"), TableState{}, 80, 5)
	plain := ansi.Strip(out)
	if !strings.Contains(plain, "no stages yet: press c to create one") || !strings.Contains(plain, "NAME") {
		t.Fatalf("empty table: %q", plain)
	}
	out = RenderTable(st, testColumns, nil, TableState{}, 80, 5)
	if !strings.Contains(ansi.Strip(out), "nothing to show") {
		t.Fatalf("nil source: %q", ansi.Strip(out))
	}
}

func TestRenderTableSelectionAndSafety(t *testing.T) {
	st := NewStyles()
	src := testSource(st, 50)
	out := RenderTable(st, testColumns, src, TableState{Cursor: 2}, 120, 10)
	lines := strings.Split(out, "\n")
	if len(lines) != 10 {
		t.Fatalf("want header + 9 rows, got %d lines", len(lines))
	}
	// The marker: the selected row (header + row index 2) alone starts with ▸.
	for i, l := range lines {
		marked := strings.HasPrefix(ansi.Strip(l), "▸")
		if marked != (i == 3) {
			t.Fatalf("line %d marked=%v: %q", i, marked, ansi.Strip(l))
		}
	}
	// Hostile cell text never reaches the terminal.
	if strings.Contains(out, "\x1b]") || strings.Contains(out, "\u202e") || strings.Contains(out, "pwned\x07") {
		t.Fatalf("escape or bidi control leaked: %q", out)
	}
	if !strings.Contains(ansi.Strip(out), "mallory") {
		t.Fatalf("the hostile cell's text should still show")
	}
	// The selected row is rendered in the selection style across the row.
	sel := st.TableSelected.Render("x")
	prefix := sel[:strings.Index(sel, "x")]
	if !strings.HasPrefix(lines[3], prefix) {
		t.Fatalf("selected row not highlighted: %q", lines[3])
	}
	// Only visible rows are asked for.
	asked := map[int]bool{}
	counting := SourceFunc{N: 10000, F: func(r, c int) string { asked[r] = true; return "x" }}
	RenderTable(st, testColumns, counting, TableState{Cursor: 5000, Offset: 4990}, 120, 21)
	if len(asked) != 20 {
		t.Fatalf("asked for %d rows, want the 20 visible", len(asked))
	}
	for r := range asked {
		if r < 4990 || r >= 5010 {
			t.Fatalf("asked for row %d outside the view", r)
		}
	}
}

func TestRenderTableWidthsProperty(t *testing.T) {
	st := NewStyles()
	src := testSource(st, 300)
	for w := 1; w <= 200; w++ {
		for _, h := range []int{1, 2, 3, 7, 40} {
			state := TableState{Cursor: (w * 7) % 300, Offset: (w * 3) % 300}
			out := RenderTable(st, testColumns, src, state, w, h)
			checkBlock(t, "table", out, w, h)
		}
	}
}

func BenchmarkTable10k(b *testing.B) {
	st := NewStyles()
	src := testSource(st, 10000)
	state := TableState{Cursor: 5000, Offset: 4980}
	b.ReportAllocs()
	for b.Loop() {
		RenderTable(st, testColumns, src, state, 160, 48)
	}
}

// BenchmarkTableMove10k is what one key press costs on a 10,000-row list: a
// move and the render that follows.
func BenchmarkTableMove10k(b *testing.B) {
	st := NewStyles()
	src := testSource(st, 10000)
	var state TableState
	visible := TableBodyHeight(48)
	b.ReportAllocs()
	for b.Loop() {
		state.Down(src.Len(), visible)
		if state.Cursor == src.Len()-1 {
			state.Home(src.Len(), visible)
		}
		RenderTable(st, testColumns, src, state, 160, 48)
	}
}
