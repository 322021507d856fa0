package model

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// takeAlert returns the alert to flash now, coalescing those that came
// within alertGap of the last one: "✖ PUBLISH_ERROR QUOTA_EXCEEDED · alice ·
// main-broadcast (+3 more)".
func (w *watcher) takeAlert(now time.Time) (string, bool) {
	if len(w.pending) == 0 || now.Sub(w.lastAlert) < alertGap {
		return "", false
	}
	first := w.pending[0]
	more := len(w.pending) - 1
	w.pending = w.pending[:0]
	w.lastAlert = now
	parts := []string{"✖ " + first.event.Name}
	if first.event.ErrorCode != "" {
		parts[0] += " " + first.event.ErrorCode
	}
	who := first.event.ParticipantID
	if first.userID != "" {
		who = ui.SanitizeTrunc(first.userID, 32)
	}
	parts = append(parts, who, ui.SanitizeTrunc(displayName(first.stageName), 40))
	text := ui.Sanitize(strings.Join(parts, " · "))
	if more > 0 {
		text += fmt.Sprintf(" (+%d more)", more)
	}
	return text, true
}

// errorCounts are the error events by code over the window.
type errorCounts struct {
	total  int
	byCode map[string]int
}

// sessionErrors counts the errors of one session within the window.
func (w *watcher) sessionErrors(s *watchedSession, now time.Time) errorCounts {
	out := errorCounts{byCode: map[string]int{}}
	from := now.Add(-w.window)
	for _, p := range s.parts {
		for _, e := range p.errs {
			if e.Time.Before(from) {
				continue
			}
			out.total++
			out.byCode[errorKey(e)]++
		}
	}
	return out
}

// stageErrors counts the errors of every watched session of a stage within
// the window; known is false until some participant's events were read.
// The stages pane asks for every row on every render, so the counts of all
// stages are computed once per change and per second.
func (w *watcher) stageErrors(stageARN string, now time.Time) (n int, known bool) {
	sec := now.Truncate(time.Second)
	if w.stageCache.n == nil || w.stageCache.ver != w.version || !w.stageCache.at.Equal(sec) {
		w.stageCache.ver, w.stageCache.at = w.version, sec
		w.stageCache.n, w.stageCache.known = map[string]int{}, map[string]bool{}
		for _, s := range w.sessions {
			arn := s.key.stageARN
			if s.readCount > 0 {
				w.stageCache.known[arn] = true
			}
			w.stageCache.n[arn] += w.sessionErrors(s, now).total
		}
	}
	return w.stageCache.n[stageARN], w.stageCache.known[stageARN]
}

// errorKey groups error events: the code, or the event name when IVS gave
// none.
func errorKey(e service.Event) string { return cmp.Or(e.ErrorCode, e.Name) }

// progress says how much of a session has been read: "events read for 340
// of 1,200 participants".
func (s *watchedSession) progress() string {
	total := ui.Count(len(s.parts))
	if !s.listed {
		total += "+"
	}
	return fmt.Sprintf("events read for %s of %s participants", ui.Count(s.readCount), total)
}

// complete reports whether every participant known has been read.
func (s *watchedSession) complete() bool {
	return s.listed && s.readCount == len(s.parts)
}

// coverageNote is the stages pane's reminder that its ERRORS column only
// counts what has been read: " · events read 340/1,200" while partial.
func (w *watcher) coverageNote() string {
	read, total, listing := w.totals()
	if len(w.sessions) == 0 || read == total && !listing {
		return ""
	}
	n := ui.Count(total)
	if listing {
		n += "+"
	}
	return " · events read " + ui.Count(read) + "/" + n
}

// totals are the participants read and known across watched sessions, and
// whether some session is still being listed.
func (w *watcher) totals() (read, total int, listing bool) {
	for _, s := range w.sessions {
		read += s.readCount
		total += len(s.parts)
		listing = listing || !s.listed
	}
	return read, total, listing
}
