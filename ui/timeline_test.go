package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/service"
)

var tlNow = time.Date(2025, 11, 28, 12, 30, 0, 0, time.UTC)

func testExplain(code string) (string, string) {
	switch code {
	case "QUOTA_EXCEEDED":
		return "stage is full: 12 publishers or the subscriber quota", "move viewers elsewhere, raise the subscriber quota"
	case "PUBLISHER_NOT_FOUND":
		return "subscribed to a publisher that is not publishing", "subscribe after PUBLISH_STARTED"
	}
	return "", ""
}

func testEvents() []service.Event {
	at := func(m, s int) time.Time { return time.Date(2025, 11, 28, 12, m, s, 0, time.UTC) }
	return []service.Event{
		{Name: "JOINED", ParticipantID: "pAlice000001", Time: at(1, 0)},
		{Name: "PUBLISH_STARTED", ParticipantID: "pAlice000001", Time: at(1, 2)},
		{Name: "JOINED", ParticipantID: "pBob00000002", Time: at(2, 0)},
		{Name: "SUBSCRIBE_ERROR", ParticipantID: "pBob00000002", RemoteParticipantID: "pGhost000003", ErrorCode: "PUBLISHER_NOT_FOUND", Time: at(2, 1)},
		{Name: "SUBSCRIBE_STARTED", ParticipantID: "pBob00000002", RemoteParticipantID: "pAlice000001", Time: at(2, 3)},
		{Name: "JOINED", ParticipantID: "pEve00000004", Time: at(3, 0)},
		{Name: "PUBLISH_ERROR", ParticipantID: "pEve00000004", ErrorCode: "QUOTA_EXCEEDED", Time: at(3, 1)},
		{Name: "PUBLISH_ERROR", ParticipantID: "pEve00000004", ErrorCode: "BITRATE_EXCEEDED", Time: at(3, 2)},
		{Name: "LEFT", ParticipantID: "pEve00000004", Time: at(4, 0)},
		{Name: "TOKEN_EXCHANGED", ParticipantID: "pBob00000002", Time: at(5, 0)},
	}
}

var testUsers = map[string]string{
	"pAlice000001": "alice",
	"pBob00000002": "ボブ",
	"pEve00000004": "eve\x1b]0;pwned\x07\u202e",
}

func TestRenderTimelineGolden(t *testing.T) {
	st := NewStyles()
	for _, merged := range []bool{false, true} {
		for _, w := range []int{80, 160} {
			name := fmt.Sprintf("participant/%d", w)
			if merged {
				name = fmt.Sprintf("session/%d", w)
			}
			t.Run(name, func(t *testing.T) {
				opts := TimelineOptions{Merged: merged, UserIDs: testUsers, Explain: testExplain, Now: tlNow}
				out := RenderTimeline(st, testEvents(), opts, TableState{Cursor: 4}, w, 16)
				checkBlock(t, "timeline", out, w, 16)
				requireGolden(t, out)
			})
		}
	}
}

func TestRenderTimelineErrors(t *testing.T) {
	st := NewStyles()
	opts := TimelineOptions{Merged: true, UserIDs: testUsers, Explain: testExplain, Now: tlNow}
	out := RenderTimeline(st, testEvents(), opts, TableState{}, 160, 20)
	plain := ansi.Strip(out)
	for _, want := range []string{
		"✖ PUBLISH_ERROR", "QUOTA_EXCEEDED", "↳ stage is full", "fix: move viewers elsewhere",
		"✖ SUBSCRIBE_ERROR", "→ pGhost000003", "→ alice · pAlice000001", "ボブ · pBob00000002",
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("timeline lacks %q:\n%s", want, plain)
		}
	}
	// An unknown code still gets a line saying so.
	if !strings.Contains(plain, "↳ unknown error code") {
		t.Errorf("no note for BITRATE_EXCEEDED without an explanation:\n%s", plain)
	}
	// Error rows are highlighted in the error style.
	errPrefix := st.TimelineError.Render("x")
	errPrefix = errPrefix[:strings.Index(errPrefix, "x")]
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "_ERROR") && !strings.HasPrefix(l, errPrefix) {
			t.Errorf("error row not highlighted: %q", l)
		}
	}
	if strings.Contains(out, "\x1b]") || strings.Contains(out, "\u202e") {
		t.Fatalf("hostile user id leaked")
	}
	// Without Explain there are no note lines.
	opts.Explain = nil
	plain = ansi.Strip(RenderTimeline(st, testEvents(), opts, TableState{}, 160, 20))
	if strings.Contains(plain, "↳") {
		t.Errorf("note without Explain:\n%s", plain)
	}
}

// The cursor's row stays on screen although error rows take two or three
// lines and the state's offset counts rows; with FitTimeline the view stays
// still while the cursor moves back up inside it.
func TestRenderTimelineCursorVisible(t *testing.T) {
	st := NewStyles()
	var evs []service.Event
	for i := range 500 {
		e := service.Event{Name: "PUBLISH_ERROR", ParticipantID: "p", ErrorCode: "QUOTA_EXCEEDED", Time: tlNow.Add(time.Duration(i) * time.Second)}
		if i%3 == 0 {
			e = service.Event{Name: "JOINED", ParticipantID: "p", Time: e.Time}
		}
		evs = append(evs, e)
	}
	opts := TimelineOptions{Explain: testExplain, Now: tlNow}
	const w, h = 100, 12
	onScreen := func(out string, i int) bool {
		return strings.Contains(ansi.Strip(out), "▸ "+Clock(evs[i].Time, tlNow))
	}
	var plain, fitted TableState
	for i := range 499 {
		plain.Down(len(evs), TableBodyHeight(h))
		out := RenderTimeline(st, evs, opts, plain, w, h)
		checkBlock(t, "timeline", out, w, h)
		if !onScreen(out, plain.Cursor) {
			t.Fatalf("step %d: cursor %d not on screen:\n%s", i, plain.Cursor, ansi.Strip(out))
		}
		fitted.Down(len(evs), TableBodyHeight(h))
		FitTimeline(&fitted, evs, opts, w, h)
		if out := RenderTimeline(st, evs, opts, fitted, w, h); !onScreen(out, fitted.Cursor) {
			t.Fatalf("step %d: fitted cursor %d not on screen", i, fitted.Cursor)
		}
	}
	// Back up two rows: with FitTimeline the first line stays the same.
	first := strings.Split(RenderTimeline(st, evs, opts, fitted, w, h), "\n")[1]
	for range 2 {
		fitted.Up(len(evs), TableBodyHeight(h))
		FitTimeline(&fitted, evs, opts, w, h)
	}
	out := RenderTimeline(st, evs, opts, fitted, w, h)
	if strings.Split(out, "\n")[1] != first || !onScreen(out, fitted.Cursor) {
		t.Fatalf("view moved on an up inside it:\n%s", ansi.Strip(out))
	}
}

func TestRenderTimelineEmptyAndWidths(t *testing.T) {
	st := NewStyles()
	out := RenderTimeline(st, nil, TimelineOptions{EmptyText: "no events yet", Now: tlNow}, TableState{}, 80, 5)
	if !strings.Contains(ansi.Strip(out), "no events yet") {
		t.Fatalf("empty: %q", ansi.Strip(out))
	}
	evs := testEvents()
	for w := 1; w <= 200; w++ {
		for _, h := range []int{1, 2, 5, 30} {
			opts := TimelineOptions{Merged: w%2 == 0, UserIDs: testUsers, Explain: testExplain, Now: tlNow}
			out := RenderTimeline(st, evs, opts, TableState{Cursor: w % len(evs)}, w, h)
			checkBlock(t, "timeline", out, w, h)
		}
	}
}

func BenchmarkTimeline10k(b *testing.B) {
	st := NewStyles()
	evs := make([]service.Event, 10000)
	for i := range evs {
		evs[i] = service.Event{Name: "SUBSCRIBE_STARTED", ParticipantID: "pBob00000002", RemoteParticipantID: "pAlice000001", Time: tlNow.Add(time.Duration(i) * time.Second)}
		if i%7 == 0 {
			evs[i] = service.Event{Name: "PUBLISH_ERROR", ParticipantID: "pEve00000004", ErrorCode: "QUOTA_EXCEEDED", Time: evs[i].Time}
		}
	}
	opts := TimelineOptions{Merged: true, UserIDs: testUsers, Explain: testExplain, Now: tlNow}
	b.ReportAllocs()
	for b.Loop() {
		RenderTimeline(st, evs, opts, TableState{Cursor: 5000, Offset: 4990}, 160, 48)
	}
}

func TestTimelineWrapShowsTheWholeNote(t *testing.T) {
	st := NewStyles()
	long := strings.Repeat("word ", 30)
	explain := func(string) (string, string) { return "meaning " + long + "endofmeaning", "fix " + long + "endoffix" }
	events := []service.Event{{Name: "PUBLISH_ERROR", ErrorCode: "QUOTA_EXCEEDED", ParticipantID: "p1", Time: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}}
	opts := TimelineOptions{Explain: explain, Now: events[0].Time}
	cut := ansi.Strip(RenderTimeline(st, events, opts, TableState{}, 60, 20))
	if strings.Contains(cut, "endofmeaning") || strings.Contains(cut, "endoffix") {
		t.Fatalf("without wrap the note is cut to the width:\n%s", cut)
	}
	opts.Wrap = true
	out := ansi.Strip(RenderTimeline(st, events, opts, TableState{}, 60, 20))
	if !strings.Contains(out, "endofmeaning") || !strings.Contains(out, "endoffix") {
		t.Fatalf("wrapped, the whole note shows:\n%s", out)
	}
	for _, l := range strings.Split(out, "\n") {
		if ansi.StringWidth(l) > 60 {
			t.Fatalf("a line is wider than 60: %q", l)
		}
	}
	// The cursor's arithmetic counts the wrapped lines: a short view still
	// shows the selected event's row.
	short := ansi.Strip(RenderTimeline(st, append(events, events[0]), opts, TableState{Cursor: 1}, 60, 4))
	if !strings.Contains(short, "PUBLISH_ERROR") {
		t.Fatalf("the selected row is off screen:\n%s", short)
	}
}
