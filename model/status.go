package model

import (
	"time"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/ui"
)

// flashFor is how long a flash message stays; alerts stay longer.
var flashFor = map[kit.FlashLevel]time.Duration{
	kit.FlashInfo:    3 * time.Second,
	kit.FlashSuccess: 5 * time.Second,
	kit.FlashError:   8 * time.Second,
	kit.FlashAlert:   10 * time.Second,
}

// status is the root's part of the status bar: the flash message. The rest
// (freshness, errors, budget) is read from the top pane and the client when
// rendering.
type status struct {
	text  string
	level kit.FlashLevel
	until time.Time
	// lastError is the last error flashed, kept after the flash goes for
	// L to show whole.
	lastError   string
	lastErrorAt time.Time
}

func (s *status) flash(level kit.FlashLevel, text string, now time.Time) {
	if level == kit.FlashError {
		s.lastError, s.lastErrorAt = text, now
	}
	// The user's failed action stays until its time is up: a lesser message
	// does not hide it. An alert (news from the watcher) gives way to the
	// answer to a key press; the App holds alerts while one shows (busy).
	if s.level == kit.FlashError && level < kit.FlashError && s.busy(now) {
		return
	}
	s.text, s.level, s.until = text, level, now.Add(flashFor[level])
}

// busy reports whether an answer to the user (not an alert) is showing.
func (s *status) busy(now time.Time) bool {
	return s.text != "" && s.level != kit.FlashAlert && now.Before(s.until)
}

func (s *status) expire(now time.Time) {
	if s.text != "" && !now.Before(s.until) {
		s.text = ""
	}
}

func (s status) uiLevel() ui.FlashLevel {
	switch s.level {
	case kit.FlashSuccess:
		return ui.FlashSuccess
	case kit.FlashError:
		return ui.FlashError
	case kit.FlashAlert:
		return ui.FlashAlert
	}
	return ui.FlashInfo
}
