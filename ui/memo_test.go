package ui

import (
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
)

func TestMemoBounded(t *testing.T) {
	m := newMemo[int](10)
	calls := 0
	for i := range 25 {
		if got := m.get(i, func() string { calls++; return strconv.Itoa(i) }); got != strconv.Itoa(i) {
			t.Fatalf("get(%d) = %q", i, got)
		}
		if len(m.m) > 10 {
			t.Fatalf("memo holds %d entries, limit 10", len(m.m))
		}
	}
	if calls != 25 {
		t.Fatalf("rendered %d times, want 25", calls)
	}
	m.get(24, func() string { calls++; return "" })
	if calls != 25 {
		t.Fatal("a remembered key was rendered again")
	}
	var none *memo[int]
	if got := none.get(1, func() string { return "x" }); got != "x" {
		t.Fatalf("nil memo: %q", got)
	}
}

func TestMemoKeyUnambiguous(t *testing.T) {
	if memoKey("a", "b") == memoKey("ab") || memoKey("a\x00", "b") == memoKey("a", "\x00b") || memoKey() == memoKey("") {
		t.Fatal("two lists of strings share a key")
	}
}

// TestRenderMemoisedSameAsFresh renders random tables, breadcrumbs and
// footers through one Styles, frame after frame, with a memo small enough
// to be emptied often, and checks each against a fresh Styles' render.
func TestRenderMemoisedSameAsFresh(t *testing.T) {
	st := NewStyles()
	st.cells, st.lines = newMemo[cellKey](64), newMemo[lineKey](4)
	r := rand.New(rand.NewPCG(14, 2))
	states := []string{"CONNECTED", "DISCONNECTED", "ACTIVE", "NEW\x1b[31mSTATE", ""}
	for i := range 400 {
		rows := make(Rows, r.IntN(12))
		for j := range rows {
			rows[j] = []string{randomText(r, 5), st.StateBadge(states[r.IntN(len(states))]), st.MutedWord("no"), randomText(r, 2)}
		}
		cols := []Column{{Title: "A", MinWidth: 5, Flex: 2}, {Title: "STATE", Width: 14}, {Title: "P", Width: 4, Align: AlignRight}, {Title: "U", MinWidth: 3, Flex: 1, Align: AlignCenter}}
		w, h := r.IntN(120), r.IntN(16)
		state := TableState{Cursor: r.IntN(12), Offset: r.IntN(12)}
		fresh := NewStyles()
		for range 2 {
			if got, want := RenderTable(st, cols, rows, state, w, h), RenderTable(fresh, cols, rows, state, w, h); got != want {
				t.Fatalf("table %d at %dx%d:\n got %q\nwant %q", i, w, h, got, want)
			}
		}
		parts := []string{randomText(r, 3), randomText(r, 3)}
		if got, want := Breadcrumb(st, parts, w), Breadcrumb(fresh, parts, w); got != want {
			t.Fatalf("breadcrumb %d: got %q, want %q", i, got, want)
		}
	}
}

// TestRenderTableConcurrent renders through one Styles from several
// goroutines (run with -race): the memo is shared.
func TestRenderTableConcurrent(t *testing.T) {
	st := NewStyles()
	src := testSource(st, 500)
	want := RenderTable(NewStyles(), testColumns, src, TableState{Cursor: 250, Offset: 240}, 120, 30)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 50 {
				if got := RenderTable(st, testColumns, src, TableState{Cursor: 250, Offset: 240}, 120, 30); got != want {
					t.Error("a concurrent render differs")
					return
				}
			}
		})
	}
	wg.Wait()
}
