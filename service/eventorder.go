package service

import "slices"

// A session's timeline is every participant's events in time order: the
// API answers one participant at a time, so the dashboard's timeline, the
// error watcher and the report all sort and merge what it listed.

// SortEvents orders events by time, keeping the API's order for equal
// times (within a participant, IVS lists an instant's events in the order
// they happened).
func SortEvents(events []Event) {
	slices.SortStableFunc(events, func(a, b Event) int {
		return a.Time.Compare(b.Time)
	})
}

// MergeEvents returns every participant's events in one slice in time
// order: the session-wide timeline. Events of the same instant keep the
// order of perParticipant.
func MergeEvents(perParticipant ...[]Event) []Event {
	n := 0
	for _, evs := range perParticipant {
		n += len(evs)
	}
	all := make([]Event, 0, n)
	for _, evs := range perParticipant {
		all = append(all, evs...)
	}
	SortEvents(all)
	return all
}

// ErrorEvents returns the error events of events, in the same order.
func ErrorEvents(events []Event) []Event {
	var out []Event
	for _, e := range events {
		if e.IsError() {
			out = append(out, e)
		}
	}
	return out
}
