package ui

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
)

// tone is the meaning of a state, mapped to a style by Styles.tone.
type tone int

const (
	toneNeutral tone = iota
	toneGood
	toneWarn
	toneBad
	toneInfo
	toneMuted
	toneLive
)

// badge is a symbol and a tone; the word is the state itself.
type badge struct {
	sym  string
	tone tone
}

// The symbols carry the meaning without colour: filled = on, hollow = off,
// half = in transition, ✖ = failed, ■ = stopped.
var (
	participantBadges = map[string]badge{
		"CONNECTED":     {"●", toneGood},
		"DISCONNECTED":  {"○", toneMuted},
		"PUBLISHING":    {"▲", toneGood},
		"SUBSCRIBING":   {"▼", toneInfo},
		"PUBLISH_ERROR": {"✖", toneBad},
	}
	// Recording, compositions and their destinations share the lifecycle
	// STARTING, ACTIVE, STOPPING, STOPPED, FAILED (+ RECONNECTING, DISABLED).
	lifecycleBadges = map[string]badge{
		"STARTING":     {"◐", toneWarn},
		"ACTIVE":       {"●", toneGood},
		"STOPPING":     {"◑", toneWarn},
		"STOPPED":      {"■", toneMuted},
		"FAILED":       {"✖", toneBad},
		"RECONNECTING": {"↻", toneWarn},
		"DISABLED":     {"–", toneMuted},
	}
	ingestBadges = map[string]badge{
		"ACTIVE":   {"▲", toneGood},
		"INACTIVE": {"○", toneMuted},
	}
	replicationBadges = map[string]badge{
		"ACTIVE":  {"⇉", toneGood},
		"STOPPED": {"■", toneMuted},
	}
	eventBadges = map[string]badge{
		"JOINED":              {"→", toneGood},
		"LEFT":                {"←", toneMuted},
		"PUBLISH_STARTED":     {"▲", toneGood},
		"PUBLISH_STOPPED":     {"△", toneMuted},
		"SUBSCRIBE_STARTED":   {"▼", toneInfo},
		"SUBSCRIBE_STOPPED":   {"▽", toneMuted},
		"REPLICATION_STARTED": {"⇉", toneInfo},
		"REPLICATION_STOPPED": {"⇥", toneMuted},
		"TOKEN_EXCHANGED":     {"⟳", toneInfo},
	}
)

func (s *Styles) tone(t tone) lipgloss.Style {
	switch t {
	case toneGood:
		return s.Good
	case toneWarn:
		return s.Warn
	case toneBad:
		return s.Bad
	case toneInfo:
		return s.Info
	case toneMuted:
		return s.Muted
	case toneLive:
		return s.Live
	}
	return s.Normal
}

// badgeKey names a rendered badge: its tone, symbol and word.
type badgeKey struct {
	tone       tone
	sym, state string
}

// renderBadges renders every badge of the tables once: a table row shows
// several, and styling them again on every row of every frame was a
// quarter of a frame's cost.
func (s *Styles) renderBadges() map[badgeKey]string {
	out := map[badgeKey]string{}
	for _, table := range []map[string]badge{participantBadges, lifecycleBadges, ingestBadges, replicationBadges, eventBadges} {
		for state, b := range table {
			out[badgeKey{b.tone, b.sym, state}] = s.tone(b.tone).Render(b.sym + " " + Sanitize(state))
		}
	}
	return out
}

// badge is the styled "sym WORD", rendered once for the states the tables
// know; others (a value the API added) are rendered each time.
func (s *Styles) badge(b badge, state string) string {
	if out, ok := s.badges[badgeKey{b.tone, b.sym, state}]; ok {
		return out
	}
	return s.tone(b.tone).Render(b.sym + " " + Sanitize(state))
}

// render styles "sym WORD"; an unknown or empty state still shows, sanitised,
// with a "?" so a new API value is visible rather than blank.
func (s *Styles) render(table map[string]badge, state string) string {
	if state == "" {
		return s.fixed.noState
	}
	b, ok := table[state]
	if !ok {
		b = badge{"?", toneNeutral}
	}
	return s.badge(b, state)
}

// StateBadge renders any state the API reports, whichever resource it comes
// from: participant (CONNECTED, DISCONNECTED), recording, composition and
// destination (STARTING, ACTIVE, STOPPING, STOPPED, FAILED, RECONNECTING,
// DISABLED) and ingest (INACTIVE; its ACTIVE reads like the others). For
// ingest or replication "ACTIVE" the specific helpers give a better symbol.
func (s *Styles) StateBadge(state string) string {
	if _, ok := participantBadges[state]; ok {
		return s.render(participantBadges, state)
	}
	if _, ok := ingestBadges[state]; ok && state != "ACTIVE" {
		return s.render(ingestBadges, state)
	}
	return s.render(lifecycleBadges, state)
}

// ParticipantState renders CONNECTED / DISCONNECTED (and the derived
// PUBLISHING, SUBSCRIBING, PUBLISH_ERROR) as "● CONNECTED" and so on.
func (s *Styles) ParticipantState(state string) string {
	return s.render(participantBadges, state)
}

// Published renders a participant's published flag: "▲ yes" or "no".
func (s *Styles) Published(published bool) string {
	if published {
		return s.fixed.published
	}
	return s.fixed.unpublished
}

// MutedWord renders a fixed word in the muted tone ("no", "idle", "—"),
// styled once however many rows of however many frames repeat it.
func (s *Styles) MutedWord(word string) string {
	return s.lines.get(lineKey{"muted", word, 0}, func() string { return s.Muted.Render(word) })
}

// RecordingState renders a participant recording state (STARTING, ACTIVE,
// STOPPING, STOPPED, FAILED, DISABLED).
func (s *Styles) RecordingState(state string) string {
	return s.render(lifecycleBadges, state)
}

// CompositionState renders a composition state.
func (s *Styles) CompositionState(state string) string {
	return s.render(lifecycleBadges, state)
}

// DestinationState renders a composition destination state, RECONNECTING
// included.
func (s *Styles) DestinationState(state string) string {
	return s.render(lifecycleBadges, state)
}

// IngestState renders an ingest configuration state (ACTIVE, INACTIVE).
func (s *Styles) IngestState(state string) string {
	return s.render(ingestBadges, state)
}

// ReplicationState renders a participant replication state.
func (s *Styles) ReplicationState(state string) string {
	return s.render(replicationBadges, state)
}

// EventSymbol returns the plain symbol of an event name: ✖ for every
// *_ERROR event, "•" for a name it does not know.
func EventSymbol(name string) string {
	if isErrorName(name) {
		return "✖"
	}
	if b, ok := eventBadges[name]; ok {
		return b.sym
	}
	return "•"
}

// EventName renders an event name with its symbol; error events are
// highlighted.
func (s *Styles) EventName(name string) string {
	if isErrorName(name) {
		return s.Bad.Render("✖ " + Sanitize(name))
	}
	b, ok := eventBadges[name]
	if !ok {
		b = badge{"•", toneNeutral}
	}
	return s.badge(b, name)
}

func isErrorName(name string) bool { return strings.HasSuffix(name, "_ERROR") }

// LiveMarker renders a session's liveness: "◆ LIVE" or "■ ENDED".
func (s *Styles) LiveMarker(live bool) string {
	if live {
		return s.fixed.live
	}
	return s.fixed.ended
}

// ErrorCount renders a count of recent errors: "✖ 3" highlighted, or "0".
func (s *Styles) ErrorCount(n int) string {
	if n <= 0 {
		return s.Muted.Render("0")
	}
	return s.Bad.Render("✖ " + strconv.Itoa(n))
}
