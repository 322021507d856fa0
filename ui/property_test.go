package ui

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/sanitize"
)

// hostilePieces are what random untrusted values are made of: wide runes,
// emoji sequences, combining marks, escapes of every kind, controls, bidi.
var hostilePieces = []string{
	"a", "Z", "9", " ", "-", "日本", "ｶ", "👩‍👩‍👧", "🇯🇵", "e\u0301", "\u0301\u0301\u0301",
	"\x1b[2J", "\x1b]0;pwned\x07", "\x1b]8;;http://x\x1b\\", "\x1bP", "\x1b", "\u009b31m",
	"\t", "\n", "\r", "\x00", "\x7f", "\u202e", "\u2066", "\u200b", "\xff", "\xc3",
	"\x1b[31m", "\x1b[m", "…", "›", "│",
}

func randomText(r *rand.Rand, maxPieces int) string {
	var b strings.Builder
	for range r.IntN(maxPieces + 1) {
		b.WriteString(hostilePieces[r.IntN(len(hostilePieces))])
	}
	return b.String()
}

// checkSafe fails when out carries anything but SGR escapes or controls
// other than the line breaks the block itself uses.
func checkSafe(t *testing.T, what, out string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		plain := ansi.Strip(line)
		if err := sanitize.Check(plain); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if strings.Count(line, "\x1b") != strings.Count(line, "\x1b[") {
			t.Fatalf("%s: a non-CSI escape in %q", what, line)
		}
	}
}

// TestRenderingProperty renders every component with random hostile
// content at random sizes: no line may exceed the width, no block the
// height, and nothing but styling may reach the terminal.
func TestRenderingProperty(t *testing.T) {
	st := NewStyles()
	r := rand.New(rand.NewPCG(1, 2))
	now := time.Date(2025, 11, 28, 12, 0, 0, 0, time.UTC)
	iterations := 400
	if testing.Short() {
		iterations = 50
	}
	for i := 0; i < iterations; i++ {
		w := 1 + r.IntN(200)
		h := 1 + r.IntN(60)

		rows := make(Rows, r.IntN(40))
		for j := range rows {
			rows[j] = []string{randomText(r, 6), randomText(r, 3), st.StateBadge(randomText(r, 2)), randomText(r, 4), randomText(r, 2)}
		}
		state := TableState{Cursor: r.IntN(50), Offset: r.IntN(50)}
		out := RenderTable(st, testColumns, rows, state, w, h)
		checkBlock(t, "table", out, w, h)
		checkSafe(t, "table", out)

		var evs []service.Event
		users := map[string]string{}
		for j := range r.IntN(30) {
			pid := randomText(r, 2)
			users[pid] = randomText(r, 5)
			evs = append(evs, service.Event{
				Name:          []string{"JOINED", "PUBLISH_ERROR", "SUBSCRIBE_STARTED", randomText(r, 2)}[r.IntN(4)],
				ParticipantID: pid, RemoteParticipantID: randomText(r, 2), ErrorCode: randomText(r, 2),
				Time: now.Add(time.Duration(j) * time.Minute),
			})
		}
		explain := func(string) (string, string) { return randomText(r, 8), randomText(r, 8) }
		out = RenderTimeline(st, evs, TimelineOptions{Merged: r.IntN(2) == 0, UserIDs: users, Explain: explain, Now: now}, state, w, h)
		checkBlock(t, "timeline", out, w, h)
		checkSafe(t, "timeline", out)

		out = Breadcrumb(st, []string{randomText(r, 4), randomText(r, 6), randomText(r, 3)}, w)
		checkBlock(t, "breadcrumb", out, w, 1)
		checkSafe(t, "breadcrumb", out)

		out = RenderStatus(st, StatusInfo{
			Mode: randomText(r, 4), Endpoint: randomText(r, 6), ReadOnly: r.IntN(2) == 0,
			Interval: 5 * time.Second, Now: now, LastRefresh: now.Add(-time.Minute), Stale: r.IntN(2) == 0,
			Loading: r.IntN(2) == 0, Progress: randomText(r, 5), CallsPerMin: r.IntN(100), AllowedPerMin: 60,
			LastError: randomText(r, 10), Flash: randomText(r, 6), FlashLevel: FlashLevel(r.IntN(4)),
		}, w)
		checkBlock(t, "status", out, w, StatusLines)
		checkSafe(t, "status", out)

		out = Confirm(st, randomText(r, 4), randomText(r, 20), "", w, h)
		checkBlock(t, "confirm", out, w, h)
		checkSafe(t, "confirm", out)

		out = Overlay(out+"\n"+randomText(r, 30), Dialog(st, randomText(r, 3), randomText(r, 10), randomText(r, 3), w, h), w, h)
		checkBlock(t, "overlay", out, w, h)
		checkSafe(t, "overlay", out)

		out = Fields(st, []Field{{randomText(r, 3), randomText(r, 15)}, {randomText(r, 5), randomText(r, 4)}}, w)
		checkBlock(t, "fields", out, w, 1000)
		checkSafe(t, "fields", out)

		out = Header(st, randomText(r, 5), randomText(r, 5), w)
		checkBlock(t, "header", out, w, 1)
		checkSafe(t, "header", out)
	}
}
