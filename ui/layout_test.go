package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestTooSmallFitsEverySize(t *testing.T) {
	for w := 1; w <= MinWidth+5; w++ {
		for h := 1; h <= MinHeight+5; h++ {
			out := TooSmall(w, h)
			checkBlock(t, "TooSmall", out, w, h)
			if strings.TrimSpace(ansi.Strip(out)) == "" {
				t.Fatalf("TooSmall(%d, %d) says nothing", w, h)
			}
		}
	}
	if got := ansi.Strip(TooSmall(39, 9)); !strings.Contains(got, "Terminal too small") || !strings.Contains(got, "39x9") || !strings.Contains(got, "40x10") {
		t.Fatalf("TooSmall(39, 9) should name both sizes:\n%s", got)
	}
	if TooSmall(0, 5) != "" || TooSmall(5, 0) != "" {
		t.Fatalf("zero size renders nothing")
	}
	if !IsTooSmall(39, 10) || !IsTooSmall(40, 9) || IsTooSmall(40, 10) {
		t.Fatalf("IsTooSmall boundaries")
	}
}

func TestFitAndClamp(t *testing.T) {
	got := Fit("abcdef\n日本語\nx", 4, 4)
	want := "abcd\n日本\nx   \n    "
	if got != want {
		t.Fatalf("Fit = %q, want %q", got, want)
	}
	// A wide rune straddling the edge is dropped and the cell padded.
	if got := Fit("a日本", 2, 1); got != "a " {
		t.Fatalf("Fit straddling = %q", got)
	}
	if got := ClampBlock("abcdef\nxy\nz", 3, 2); got != "abc\nxy" {
		t.Fatalf("ClampBlock = %q", got)
	}
	if got := PadRight("\x1b[1mab\x1b[m", 4); ansi.Strip(got) != "ab  " || ansi.StringWidth(got) != 4 {
		t.Fatalf("PadRight styled = %q", got)
	}
	if Clamp(5, 0, 3) != 3 || Clamp(-1, 0, 3) != 0 || Clamp(2, 0, 3) != 2 || Clamp(1, 2, 0) != 2 {
		t.Fatalf("Clamp")
	}
}

func TestHeader(t *testing.T) {
	st := NewStyles()
	got := ansi.Strip(Header(st, "Stages", "12 stages · 3 live", 60))
	if !strings.HasPrefix(got, " ivsdash  Stages") || !strings.HasSuffix(got, "12 stages · 3 live") || ansi.StringWidth(got) != 60 {
		t.Fatalf("header: %q", got)
	}
	// The detail goes first when space runs out.
	got = ansi.Strip(Header(st, "Stages", "12 stages · 3 live", 30))
	if strings.Contains(got, "12 stages") || !strings.Contains(got, "Stages") {
		t.Fatalf("narrow header: %q", got)
	}
	for w := 1; w <= 200; w++ {
		checkBlock(t, "header", Header(st, "Participants of st-1A2bC3d4E5f6G", "10,000 listed · 9,876 connected", w), w, 1)
	}
}

func TestFields(t *testing.T) {
	st := NewStyles()
	fields := []Field{
		{Label: "ARN", Value: "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGhIjKl"},
		{Label: "Active session", Value: st.LiveMarker(true) + " st-1A2bC3d4E5f6G"},
		{Label: "Tags", Value: ""},
		{Label: "User id", Value: "\x1b]0;pwned\x07mallory"},
	}
	got := ansi.Strip(Fields(st, fields, 44))
	want := strings.Join([]string{
		"           ARN  arn:aws:ivs:us-east-1:",
		"                123456789012:stage/",
		"                AbCdEfGhIjKl",
		"Active session  ◆ LIVE st-1A2bC3d4E5f6G",
		"          Tags  —",
		"       User id  mallory",
	}, "\n")
	if got != want {
		t.Fatalf("Fields:\n%s\nwant:\n%s", got, want)
	}
	for w := 1; w <= 200; w++ {
		checkBlock(t, "fields", Fields(st, fields, w), w, 1000)
	}
}

func TestBadges(t *testing.T) {
	st := NewStyles()
	cases := map[string]string{
		st.ParticipantState("CONNECTED"):     "● CONNECTED",
		st.ParticipantState("DISCONNECTED"):  "○ DISCONNECTED",
		st.ParticipantState("PUBLISHING"):    "▲ PUBLISHING",
		st.ParticipantState("PUBLISH_ERROR"): "✖ PUBLISH_ERROR",
		st.RecordingState("ACTIVE"):          "● ACTIVE",
		st.RecordingState("FAILED"):          "✖ FAILED",
		st.RecordingState("DISABLED"):        "– DISABLED",
		st.CompositionState("STOPPED"):       "■ STOPPED",
		st.DestinationState("RECONNECTING"):  "↻ RECONNECTING",
		st.IngestState("ACTIVE"):             "▲ ACTIVE",
		st.IngestState("INACTIVE"):           "○ INACTIVE",
		st.ReplicationState("ACTIVE"):        "⇉ ACTIVE",
		st.StateBadge("CONNECTED"):           "● CONNECTED",
		st.StateBadge("STARTING"):            "◐ STARTING",
		st.StateBadge("INACTIVE"):            "○ INACTIVE",
		st.StateBadge("NEW_STATE"):           "? NEW_STATE",
		st.StateBadge(""):                    "—",
		st.EventName("JOINED"):               "→ JOINED",
		st.EventName("PUBLISH_ERROR"):        "✖ PUBLISH_ERROR",
		st.EventName("JOIN_ERROR"):           "✖ JOIN_ERROR",
		st.EventName("SOMETHING_NEW"):        "• SOMETHING_NEW",
		st.LiveMarker(true):                  "◆ LIVE",
		st.LiveMarker(false):                 "■ ENDED",
		st.Published(true):                   "▲ yes",
		st.ErrorCount(3):                     "✖ 3",
		st.ErrorCount(0):                     "0",
	}
	for got, want := range cases {
		if ansi.Strip(got) != want {
			t.Errorf("badge %q, want %q", ansi.Strip(got), want)
		}
	}
	// Errors are highlighted in the error style, not only marked.
	if !strings.HasPrefix(st.EventName("SUBSCRIBE_ERROR"), strings.TrimSuffix(st.Bad.Render("x"), "x\x1b[m")) {
		t.Errorf("error event not in the error style: %q", st.EventName("SUBSCRIBE_ERROR"))
	}
	// A hostile state value cannot inject escapes.
	if got := st.StateBadge("\x1b[2JX"); strings.Contains(got, "\x1b[2J") {
		t.Errorf("state not sanitised: %q", got)
	}
	// Light and dark styles both build.
	if NewStylesFor(false).TableSelected.GetBackground() == NewStylesFor(true).TableSelected.GetBackground() {
		t.Errorf("light and dark selection backgrounds should differ")
	}
}
