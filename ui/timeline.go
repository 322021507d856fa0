package ui

import (
	"cmp"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/service"
)

// ExplainFunc says what an event error code means and its usual fix; it is
// ivs.ExplainErrorCode's shape, passed in so ui does not depend on where the
// knowledge lives.
type ExplainFunc func(code string) (meaning, fix string)

// TimelineOptions configure RenderTimeline.
type TimelineOptions struct {
	// Merged adds a participant column: the session-wide timeline, where
	// every participant's events are merged.
	Merged bool
	// UserIDs maps participant ids to user ids, so the participant and the
	// remote participant read "alice · hHZ2AeJ6hZVv" rather than an id alone.
	UserIDs map[string]string
	// Explain, when set, adds under each error row a line with the code's
	// meaning and usual fix.
	Explain ExplainFunc
	// Now decides the time zone and whether times need a date.
	Now time.Time
	// EmptyText is shown when there are no events.
	EmptyText string
	// Wrap shows an error's meaning and fix whole, over as many lines as
	// they need, instead of cut to the width.
	Wrap bool
}

func (o TimelineOptions) columns(events []service.Event) []Column {
	timeW := 8 // 15:04:05
	if len(events) > 0 && (len(Clock(events[0].Time, o.Now)) > 8 || len(Clock(events[len(events)-1].Time, o.Now)) > 8) {
		timeW = 14 // Jan 2 15:04:05
	}
	cols := []Column{
		{Title: "TIME", Width: timeW},
		{Title: "EVENT", MinWidth: 19, MaxWidth: 21, Flex: 1}, // "▼ SUBSCRIBE_STARTED"
	}
	if o.Merged {
		cols = append(cols, Column{Title: "PARTICIPANT", MinWidth: 12, MaxWidth: 48, Flex: 3})
	}
	// The error code is what an on-call engineer reads first: it keeps room
	// for PUBLISHER_NOT_FOUND (19) and grows to INSUFFICIENT_CAPABILITIES.
	return append(cols,
		Column{Title: "REMOTE", MinWidth: 10, MaxWidth: 40, Flex: 2},
		Column{Title: "ERROR", MinWidth: 19, MaxWidth: 25, Flex: 2},
	)
}

// who names a participant by user id and id, or id alone when the user id
// is unknown; the user id is untrusted and sanitised.
func (o TimelineOptions) who(participantID string) string {
	if participantID == "" {
		return ""
	}
	pid := Sanitize(participantID)
	if u := o.UserIDs[participantID]; u != "" {
		return SanitizeTrunc(u, 32) + " · " + pid
	}
	return pid
}

// hasNote reports whether event e gets a meaning/fix line.
func (o TimelineOptions) hasNote(e service.Event) bool {
	return o.Explain != nil && e.IsError() && e.ErrorCode != ""
}

// RenderTimeline renders events (in time order, see service.SortEvents) as a table
// of time, event, participant (when Merged), remote participant and error
// code. Error rows are highlighted and followed by the code's meaning and
// usual fix. state.Cursor selects an event; only the events in view are
// rendered. The result is at most height lines of at most width cells. The
// state is read, not changed; error rows take more than one line, so the
// offset is moved for this render if the cursor's event would not show
// (FitTimeline keeps that correction in the state, which keeps the view
// still while the cursor moves up through it).
// PushedMark follows the name of an event IVS pushed (EventBridge) rather
// than one ListParticipantEvents returned.
const PushedMark = "⇣"

func RenderTimeline(st *Styles, events []service.Event, opts TimelineOptions, state TableState, width, height int) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	cols := opts.columns(events)
	widths := layoutColumns(cols, width)
	var b strings.Builder
	b.WriteString(renderHeader(st, cols, widths, width))
	visible := TableBodyHeight(height)
	if visible == 0 {
		return b.String()
	}
	total := len(events)
	if total == 0 {
		text := opts.EmptyText
		if text == "" {
			text = "no events"
		}
		b.WriteByte('\n')
		b.WriteString(emptyLine(st, text, width))
		return b.String()
	}
	cursor, off := timelineView(events, opts, state, width, visible)

	cells := make([]string, len(cols))
	left := visible
	for i := off; i < total && left > 0; i++ {
		e := events[i]
		isErr := e.IsError()
		selected := i == cursor
		cells = cells[:0]
		name := EventSymbol(e.Name) + " " + Sanitize(e.Name)
		if e.Source == service.SourcePushed {
			name += " " + PushedMark // came through EventBridge, not the API
		}
		cells = append(cells, Clock(e.Time, opts.Now), name)
		if opts.Merged {
			cells = append(cells, opts.who(e.ParticipantID))
		}
		remote := opts.who(e.RemoteParticipantID)
		if remote != "" {
			remote = "→ " + remote
		}
		cells = append(cells, remote, Sanitize(e.ErrorCode))

		line := rowLine(fitCells(cells, cols, widths), widths, width, selected)
		switch {
		case selected:
			line = st.TableSelected.Render(line)
		case isErr:
			line = st.TimelineError.Render(line)
		}
		b.WriteByte('\n')
		b.WriteString(line)
		left--

		if opts.hasNote(e) {
			for _, l := range noteLines(opts, e.ErrorCode, width) {
				if left == 0 {
					break
				}
				b.WriteByte('\n')
				b.WriteString(st.TimelineNote.Render(l))
				left--
			}
		}
	}
	return b.String()
}

// timelineView is the cursor (clamped) and the first event to show so that
// the cursor's event and its note are on screen: the state's offset, moved
// the least needed. Rows take more than one line, so TableState.Fit's row
// arithmetic is not used here.
func timelineView(events []service.Event, opts TimelineOptions, state TableState, width, visible int) (cursor, off int) {
	total := len(events)
	if total == 0 {
		return 0, 0
	}
	cursor = Clamp(state.Cursor, 0, total-1)
	lines := func(i int) int {
		if opts.hasNote(events[i]) {
			return 1 + len(noteLines(opts, events[i].ErrorCode, width))
		}
		return 1
	}
	lo, used := cursor, lines(cursor)
	for lo > 0 && used+lines(lo-1) <= visible {
		lo--
		used += lines(lo)
	}
	return cursor, Clamp(state.Offset, lo, cursor)
}

// FitTimeline stores in state the cursor and offset RenderTimeline will use
// for a timeline rendered at width x height, counting the lines error notes
// take. Call it after moving the cursor (with the size of the last render)
// or from View before rendering, so the view stays still while the cursor
// moves inside it.
func FitTimeline(state *TableState, events []service.Event, opts TimelineOptions, width, height int) {
	visible := TableBodyHeight(height)
	if width <= 0 || visible <= 0 {
		state.Fit(len(events), 1)
		return
	}
	state.Cursor, state.Offset = timelineView(events, opts, *state, width, visible)
}

// noteLines is the note under an error row: "↳ meaning · fix: usual fix"
// on one line when it fits, else the meaning and the fix on a line each
// (cut to the width, or wrapped with opts.Wrap).
func noteLines(opts TimelineOptions, code string, width int) []string {
	meaning, fix := opts.Explain(code)
	meaning, fix = Sanitize(meaning), Sanitize(fix)
	const indent = "    ↳ "
	text := indent + cmp.Or(meaning, "unknown error code")
	if opts.Wrap {
		return wrappedNote(text, fix, width)
	}
	if fix == "" {
		return []string{PadRight(SanitizeTrunc(text, width), width)}
	}
	if one := text + " · fix: " + fix; ansi.StringWidth(one) <= width {
		return []string{PadRight(one, width)}
	}
	return []string{
		PadRight(SanitizeTrunc(text, width), width),
		PadRight(SanitizeTrunc("      fix: "+fix, width), width),
	}
}

// wrappedNote is a note wrapped to the width: the meaning, then the fix,
// each line indented under the arrow.
func wrappedNote(meaning, fix string, width int) []string {
	const hang = "      " // the width of "    ↳ "
	inner := max(width-len(hang), 1)
	var out []string
	add := func(first, text string) {
		for i, l := range strings.Split(ansi.Wrap(text, inner, ""), "\n") {
			prefix := hang
			if i == 0 {
				prefix = first
			}
			out = append(out, PadRight(ansi.Truncate(prefix+l, width, ""), width))
		}
	}
	add("    ↳ ", strings.TrimPrefix(meaning, "    ↳ "))
	if fix != "" {
		add(hang, "fix: "+fix)
	}
	return out
}
