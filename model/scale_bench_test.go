package model

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/service"
)

// Benchmarks of the participants pane at 10,000 participants (issue 6): a
// render, one key press through the whole App (Update then View, as Bubble
// Tea does after every key), and the memory the loaded list holds.
//
//	go test ./model -run x -bench 'Participants10k' -benchmem

const scaleParticipants = 10_000

// crowd is a 10,000-participant session: 12 publishers, then viewers, an
// eighth of them gone, with user ids like the emulator's.
func crowd(n int) []service.Participant {
	out := make([]service.Participant, n)
	for i := range out {
		p := service.Participant{
			ID:             fmt.Sprintf("p%011d", i),
			UserID:         fmt.Sprintf("viewer-%05d", i),
			State:          service.StateConnected,
			RecordingState: "DISABLED",
			FirstJoin:      t0.Add(-time.Duration(n-i) * 250 * time.Millisecond),
		}
		switch {
		case i < 12:
			p.UserID, p.Published, p.RecordingState = fmt.Sprintf("panelist.%d", i), true, "ACTIVE"
		case i%8 == 0:
			p.State = service.StateDisconnected
		case i%5 == 0:
			p.UserID = fmt.Sprintf("u_%08x", i*2654435761)
		}
		out[i] = p
	}
	return out
}

// loadedParticipants is the app with the participants pane on top and
// every participant delivered the way the scan delivers them: pages of 100.
func loadedParticipants(tb testing.TB, w, h int) (*App, *panes.ParticipantsPane) {
	tb.Helper()
	a := newTestApp(w, h)
	st := stageFixture()[0]
	sessions := panes.NewSessionsPane(a.ctx, st)
	push(a, sessions)
	pp := panes.NewParticipantsPane(a.ctx, st, sessionFixture()[1])
	push(a, pp)
	all := crowd(scaleParticipants)
	for from := 0; from < len(all); from += panes.ParticipantPage {
		to := min(from+panes.ParticipantPage, len(all))
		next := ""
		if to < len(all) {
			next = fmt.Sprintf("page-%d", to/panes.ParticipantPage)
		}
		req := pp.Reqs.Latest["scan"]
		a.Update(kit.PaneMsg{To: pp.ID(), Msg: kit.Fetched[panes.PagedFrom]{Kind: "scan", Req: req, At: t0,
			Val: panes.PagedFrom{Page: service.Page[service.Participant]{Items: all[from:to], NextToken: next}}}})
	}
	if len(pp.List.Items) != scaleParticipants || !pp.Complete {
		tb.Fatalf("loaded %d participants (complete %v), want %d", len(pp.List.Items), pp.Complete, scaleParticipants)
	}
	return a, pp
}

// BenchmarkParticipantsRender10k is one render of the whole screen with the
// 10,000-participant pane on top (160x48).
func BenchmarkParticipantsRender10k(b *testing.B) {
	a, pp := loadedParticipants(b, 160, 48)
	pp.List.Table.Cursor, pp.List.Table.Offset = 5000, 4980
	b.ReportAllocs()
	for b.Loop() {
		_ = a.View()
	}
}

// BenchmarkParticipantsKey10k is one key press on the 10,000-row list
// through the App: Update, then View.
func BenchmarkParticipantsKey10k(b *testing.B) {
	for _, k := range []string{"down", "pgdown", "end"} {
		b.Run(k, func(b *testing.B) {
			a, pp := loadedParticipants(b, 160, 48)
			_ = a.View()
			msg := keyMsg(k)
			b.ReportAllocs()
			for b.Loop() {
				a.Update(msg)
				_ = a.View()
				if pp.List.Table.Cursor == pp.List.Len()-1 {
					a.Update(keyMsg("home"))
				}
			}
		})
	}
	// A keystroke in the `/` filter: each extends the filter, which narrows
	// the previous view; after the last the filter is cleared (esc, untimed).
	b.Run("filter", func(b *testing.B) {
		a, _ := loadedParticipants(b, 160, 48)
		const typed = "viewer-01"
		a.Update(keyMsg("/"))
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			r := rune(typed[i%len(typed)])
			a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			_ = a.View()
			if i%len(typed) == len(typed)-1 {
				b.StopTimer()
				a.Update(keyMsg("esc"))
				a.Update(keyMsg("/"))
				b.StartTimer()
			}
		}
	})
	// Backspace in the filter widens it: the one keystroke that scans every item.
	b.Run("filter-backspace", func(b *testing.B) {
		a, _ := loadedParticipants(b, 160, 48)
		a.Update(keyMsg("/"))
		for _, r := range "viewer-01" {
			a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if i%2 == 0 {
				a.Update(keyMsg("backspace"))
			} else {
				a.Update(tea.KeyPressMsg{Code: '1', Text: "1"})
			}
			_ = a.View()
		}
	})
}

// BenchmarkParticipantsLoad10k loads 10,000 participants into the pane, 101
// pages as the scan delivers them (the watcher learning each page too).
// First, before the timed loop, it measures one such load: the heap in use
// after a GC with the session loaded (the whole test process) and what
// loading it added to the heap in use.
func BenchmarkParticipantsLoad10k(b *testing.B) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	a, pp := loadedParticipants(b, 160, 48)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(a)
	runtime.KeepAlive(pp)
	b.ReportAllocs()
	for b.Loop() {
		loadedParticipants(b, 160, 48)
	}
	b.ReportMetric(float64(after.HeapInuse)/(1<<20), "MB-heap-inuse")
	b.ReportMetric(float64(int64(after.HeapInuse)-int64(before.HeapInuse))/(1<<20), "MB-added")
}
