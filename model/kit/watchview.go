package kit

import (
	"fmt"
	"strings"
	"time"

	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/ui"
)

// What the panes say of the watcher's findings: its numbers in words.

// AlertText is an alert as the status bar flashes it: "✖ PUBLISH_ERROR
// QUOTA_EXCEEDED · alice · main-broadcast (+3 more)".
func AlertText(a watch.Alert) string {
	parts := []string{"✖ " + a.Event.Name}
	if a.Event.ErrorCode != "" {
		parts[0] += " " + a.Event.ErrorCode
	}
	who := a.Event.ParticipantID
	if a.UserID != "" {
		who = ui.SanitizeTrunc(a.UserID, 32)
	}
	parts = append(parts, who, ui.SanitizeTrunc(DisplayName(a.StageName), 40))
	text := ui.Sanitize(strings.Join(parts, " · "))
	if a.More > 0 {
		text += fmt.Sprintf(" (+%d more)", a.More)
	}
	return text
}

// ErrorCell is a stage's ERRORS cell: "✖ 3" (red, and the symbol reads
// without colour), or "—" when none or not known yet.
func ErrorCell(s *ui.Styles, w *watch.Watcher, stageARN string, now time.Time) string {
	n, known := w.StageErrors(stageARN, now)
	return ErrorCountCell(s, n, known)
}

// ErrorCountCell is an ERRORS cell of a count: "✖ 3", or "—" when none or
// not known yet.
func ErrorCountCell(s *ui.Styles, n int, known bool) string {
	if !known || n == 0 {
		return s.Muted.Render("—")
	}
	return s.ErrorCount(n)
}

// participantsRead is "340 of 1,200+" ("+" while still listing).
func participantsRead(c watch.Coverage) string {
	total := ui.Count(c.Total)
	if c.Listing {
		total += "+"
	}
	return ui.Count(c.Read) + " of " + total
}

// SessionProgress says how much of a session has been read: "events read
// for 340 of 1,200 participants".
func SessionProgress(c watch.Coverage) string {
	return "events read for " + participantsRead(c) + " participants"
}

// CoverageText says how much of every watched session has been read.
func CoverageText(c watch.Coverage) string {
	return fmt.Sprintf("events read for %s participants in %d sessions", participantsRead(c), c.Sessions)
}

// CoverageNote is the stages pane's reminder that its ERRORS column only
// counts what has been read: " · events read 340/1,200" while partial.
func CoverageNote(c watch.Coverage) string {
	if c.Sessions == 0 || c.Complete() {
		return ""
	}
	n := ui.Count(c.Total)
	if c.Listing {
		n += "+"
	}
	return " · events read " + ui.Count(c.Read) + "/" + n
}
