package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/sanitize"
)

// FuzzMarkdownUserID checks, for any user id, that the rendered report
// keeps one row per participant and shows exactly the sanitised value: the
// escaping neither loses text nor lets Markdown or HTML syntax through.
func FuzzMarkdownUserID(f *testing.F) {
	for _, s := range []string{hostileANSI, hostileBidi, hostilePipe, hostileFormula, hostileNewline,
		"`code`", "**b**", "~~s~~", "<a href=x>y</a>", "&lt;", "\\", "\\|", "[a]: http://x", "![i](x)", "a  ", "#1", "1. x", "- x", "=", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, userID string) {
		r := Report{
			Stage:        fixtureStage,
			Session:      fixtureSession,
			GeneratedAt:  fixtureSession.End,
			Participants: []service.Participant{{ID: "p1", UserID: userID, State: service.StateConnected}},
			Events:       []service.Event{{Name: "JOINED", ParticipantID: "p1", Time: t0}},
		}
		var buf bytes.Buffer
		if err := Write(&buf, r, "md"); err != nil {
			t.Fatal(err)
		}
		tables, _, _ := renderMarkdown(t, buf.Bytes())
		if len(tables) != 3 {
			t.Fatalf("%d tables, want 3:\n%s", len(tables), buf.Bytes())
		}
		want := strings.Trim(sanitize.Text(userID), " ")
		for _, tb := range tables[1:] {
			if len(tb.rows) != 2 {
				t.Fatalf("table has %d rows, want 2:\n%s", len(tb.rows), buf.Bytes())
			}
			if len(tb.elements) != 0 {
				t.Fatalf("markup inside cells: %v\n%s", tb.elements, buf.Bytes())
			}
		}
		if got := tables[1].rows[1][0]; got != want {
			t.Fatalf("participant cell %q, want %q", got, want)
		}
		if got := tables[2].rows[1][2]; got != want {
			t.Fatalf("event cell %q, want %q", got, want)
		}
	})
}
