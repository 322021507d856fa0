package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

var sbNow = time.Date(2025, 11, 28, 12, 30, 0, 0, time.UTC)

func fullStatus() StatusInfo {
	return StatusInfo{
		Mode:          "prod @ us-east-1",
		Endpoint:      "https://ivsrealtime.us-east-1.amazonaws.com/",
		ReadOnly:      true,
		Interval:      5 * time.Second,
		Now:           sbNow,
		LastRefresh:   sbNow.Add(-2 * time.Minute),
		Stale:         true,
		CallsPerMin:   52,
		AllowedPerMin: 60,
		Throttled:     3,
		BackoffUntil:  sbNow.Add(4 * time.Second),
		LastError:     "throttled by AWS (ThrottlingException: Rate exceeded)",
		LastErrorAt:   sbNow.Add(-10 * time.Second),
	}
}

func TestRenderStatusGolden(t *testing.T) {
	st := NewStyles()
	healthy := StatusInfo{
		Mode: "demo", Endpoint: "http://127.0.0.1:4566", Interval: 5 * time.Second, Now: sbNow,
		LastRefresh: sbNow.Add(-3 * time.Second), CallsPerMin: 12, AllowedPerMin: 60,
		Flash: "token copied to the clipboard (OSC52)", FlashLevel: FlashSuccess,
	}
	for name, in := range map[string]StatusInfo{"healthy": healthy, "degraded": fullStatus()} {
		for _, w := range []int{80, 160} {
			t.Run(fmt.Sprintf("%s/%d", name, w), func(t *testing.T) {
				out := RenderStatus(st, in, w)
				checkBlock(t, "status", out, w, StatusLines)
				if n := strings.Count(out, "\n") + 1; n != StatusLines {
					t.Fatalf("%d lines", n)
				}
				requireGolden(t, out)
			})
		}
	}
}

func TestRenderStatusDegrades(t *testing.T) {
	st := NewStyles()
	in := fullStatus()
	wide := ansi.Strip(RenderStatus(st, in, 300))
	for _, want := range []string{
		"prod @ us-east-1", "READ-ONLY", "STALE: data 2m old", "backing off 4s", "polling every 5s",
		"api 52/60 per min", "throttled 3", "→ ivsrealtime.us-east-1", "last error (10s ago): throttled by AWS",
	} {
		if !strings.Contains(wide, want) {
			t.Errorf("wide status lacks %q: %q", want, wide)
		}
	}
	// The most important parts outlive the others as the width shrinks:
	// stale data first (the screen is wrong), then read-only.
	prev := 1 << 30
	for w := 200; w >= 1; w-- {
		out := RenderStatus(st, in, w)
		checkBlock(t, "status", out, w, StatusLines)
		first := ansi.Strip(strings.SplitN(out, "\n", 2)[0])
		if w >= 50 && !strings.Contains(first, "⊘") {
			t.Fatalf("read-only marker dropped at width %d: %q", w, first)
		}
		if w >= 40 && !strings.Contains(first, "STALE") {
			t.Fatalf("stale marker dropped at width %d: %q", w, first)
		}
		if w >= 60 && strings.Contains(first, "…") {
			t.Fatalf("cut rather than dropped at width %d: %q", w, first)
		}
		// Shrinking never makes the bar longer in parts.
		parts := strings.Count(first, "│")
		if parts > prev {
			t.Fatalf("more parts at %d than at %d", w, w+1)
		}
		prev = parts
	}
	// The endpoint, least important, goes first.
	mid := ansi.Strip(RenderStatus(st, in, 110))
	if strings.Contains(mid, "ivsrealtime") || !strings.Contains(mid, "api") {
		t.Fatalf("at 110 the endpoint should go before the API budget: %q", mid)
	}
}

func TestRenderStatusStates(t *testing.T) {
	st := NewStyles()
	plain := func(in StatusInfo) string { return ansi.Strip(RenderStatus(st, in, 200)) }
	if got := plain(StatusInfo{Mode: "demo", Paused: true, Interval: 5 * time.Second, Now: sbNow}); !strings.Contains(got, "demo") || !strings.Contains(got, "⏸ polling paused") || strings.Contains(got, "every") {
		t.Errorf("paused demo: %q", got)
	}
	if got := plain(StatusInfo{Stale: true, Now: sbNow}); !strings.Contains(got, "NO DATA") || !strings.Contains(got, " aws ") {
		t.Errorf("never loaded: %q", got)
	}
	if got := plain(StatusInfo{Loading: true, Progress: "listed 3,000 participants (page 30)…", Now: sbNow}); !strings.Contains(got, "⟳ listed 3,000 participants") {
		t.Errorf("progress: %q", got)
	}
	for lvl, sym := range map[FlashLevel]string{FlashInfo: "ℹ", FlashSuccess: "✔", FlashError: "✖", FlashAlert: "⚠"} {
		got := plain(StatusInfo{Flash: "hello\x1b[2J", FlashLevel: lvl, LastError: "hidden by the flash", Now: sbNow})
		if !strings.Contains(got, sym+" hello") || strings.Contains(got, "hidden") || strings.Contains(got, "\x1b[2J") {
			t.Errorf("flash level %d: %q", lvl, got)
		}
	}
	// The budget names the operation it counts (quotas are per operation).
	if got := plain(StatusInfo{CallsPerMin: 53, AllowedPerMin: 60, BudgetOp: "ListParticipants", Now: sbNow}); !strings.Contains(got, "api ListParticipants 53/60 per min") {
		t.Errorf("budget of one operation: %q", got)
	}
	if got := plain(StatusInfo{CallsPerMin: 15, AllowedPerMin: 7, ConfiguredPerMin: 60, BudgetOp: "ListParticipants", Now: sbNow}); !strings.Contains(got, "api ListParticipants 15/7 per min (slowed from 60 after 429s)") {
		t.Errorf("budget slowed by throttling: %q", got)
	}
	// An expired backoff is not shown.
	if got := plain(StatusInfo{BackoffUntil: sbNow.Add(-time.Second), Now: sbNow}); strings.Contains(got, "backing off") {
		t.Errorf("expired backoff shown: %q", got)
	}
}

func TestShortEndpoint(t *testing.T) {
	for in, want := range map[string]string{
		"https://ivsrealtime.us-east-1.amazonaws.com":  "ivsrealtime.us-east-1",
		"https://ivsrealtime.us-east-1.amazonaws.com/": "ivsrealtime.us-east-1",
		"http://127.0.0.1:4566":                        "127.0.0.1:4566",
		"http://localhost:4566/prefix/":                "localhost:4566/prefix",
		"127.0.0.1:4566":                               "127.0.0.1:4566",
	} {
		if got := ShortEndpoint(in); got != want {
			t.Errorf("ShortEndpoint(%q) = %q, want %q", in, got, want)
		}
	}
}

// A slow API is said in words, and shortens before it goes.
func TestStatusSaysTheAPIIsSlow(t *testing.T) {
	st := NewStyles()
	in := StatusInfo{Mode: "demo", Interval: 5 * time.Second, Now: sbNow, LastRefresh: sbNow.Add(-4 * time.Second),
		SlowOp: "ListParticipants", SlowLatency: 3140 * time.Millisecond}
	if got := ansi.Strip(RenderStatus(st, in, 160)); !strings.Contains(got, "slow API: ListParticipants took 3.1s") {
		t.Fatalf("no slow API segment at 160:\n%s", got)
	}
	if got := ansi.Strip(RenderStatus(st, in, 48)); !strings.Contains(got, "slow 3.1s") {
		t.Fatalf("no short slow segment at 48:\n%s", got)
	}
	in.SlowOp = ""
	if got := ansi.Strip(RenderStatus(st, in, 160)); strings.Contains(got, "slow") {
		t.Fatalf("a slow segment without a slow operation:\n%s", got)
	}
}

// A dashboard served to several viewers says how many share its budget; one
// of its own says nothing of viewers.
func TestStatusBarViewers(t *testing.T) {
	st := NewStyles()
	plain := func(in StatusInfo) string { return ansi.Strip(RenderStatus(st, in, 200)) }
	in := StatusInfo{Mode: "demo", Interval: 5 * time.Second, Now: sbNow, CallsPerMin: 12, AllowedPerMin: 120, Viewers: 3}
	if got := plain(in); !strings.Contains(got, "shared by 3 viewers") {
		t.Fatalf("status bar without the viewers:\n%s", got)
	}
	in.Viewers = 1
	if got := plain(in); !strings.Contains(got, "shared by 1 viewer") || strings.Contains(got, "1 viewers") {
		t.Fatalf("one viewer:\n%s", got)
	}
	in.Viewers = 0
	if got := plain(in); strings.Contains(got, "viewer") {
		t.Fatalf("a dashboard of its own speaks of viewers:\n%s", got)
	}
}
