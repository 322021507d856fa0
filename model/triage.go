package model

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// triagePane answers "why can't people join or publish right now?": the
// error codes of the last N minutes across every watched session, with
// counts per stage and session, what each code means and its usual fix,
// and the participants affected; enter opens one.
type triagePane struct {
	basePane
	w    *watch.Watcher
	list list[watch.TriageRow]

	builtVer uint64
	builtAt  time.Time

	totals struct{ errors, codes, participants int }
}

// triageRowID tells the rows apart, so the cursor stays on its row when
// the rows are rebuilt.
func triageRowID(r watch.TriageRow) string {
	return fmt.Sprint(r.Kind, "\x00", r.Code, "\x00", r.Stage.ARN, "\x00", r.Session, "\x00", r.Participant)
}

func newTriagePane(c *Context) *triagePane {
	p := &triagePane{w: c.watch}
	p.id = c.nextPaneID()
	p.list = newList(
		triageRowID,
		func(r watch.TriageRow) string {
			return r.Code + " " + r.Stage.Name + " " + r.Session + " " + r.UserID + " " + r.Participant
		},
	)
	return p
}

func (p *triagePane) Kind() string  { return "triage" }
func (p *triagePane) Crumb() string { return "triage" }

func (p *triagePane) Init(*Context) tea.Cmd    { return send(watchPokeMsg{}) }
func (p *triagePane) Refresh(*Context) tea.Cmd { return send(watchPokeMsg{}) }

// Load sums the watcher's sessions for the status bar.
func (p *triagePane) Load() *loadState {
	h := p.w.Health()
	p.load = loadState{lastOK: h.LastOK, lastErr: h.LastErr, errAt: h.ErrAt}
	if cov := p.w.Coverage(); !cov.Complete() {
		p.load.progress = coverageText(cov)
	}
	return &p.load
}

// Help declares the keys of Update.
func (p *triagePane) Help(k *keymap.KeyMap) keymap.Help {
	h := k.DetailHelp(k.Copy)
	h.Nav = append(h.Nav, keymap.As(k.Open, "open participant"))
	return h
}

func (p *triagePane) Update(c *Context, msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	p.rebuild(c.now())
	if p.list.move(c, km) {
		return nil
	}
	sel, ok := p.list.selected()
	if !ok {
		return nil
	}
	k := c.Keys
	switch {
	case key.Matches(km, k.Open):
		switch sel.Kind {
		case watch.TriageParticipant:
			part := p.w.Participant(watch.Key{StageARN: sel.Stage.ARN, SessionID: sel.Session}, sel.Participant)
			return openRoute(route.Participant{Stage: sel.Stage, Session: service.Session{ID: sel.Session}, Participant: part})
		case watch.TriageStage:
			if sel.Session == "" {
				return flash(flashInfo, "the errors are in several sessions: open a participant below")
			}
			return openRoute(route.Timeline{Stage: sel.Stage, Session: service.Session{ID: sel.Session}, ErrorsOnly: true})
		}
		return flash(flashInfo, "select a participant (or a stage, for its session's errors) to open it")
	case key.Matches(km, k.Copy):
		switch sel.Kind {
		case watch.TriageParticipant:
			return copyValue(sel.Participant, "participant id")
		case watch.TriageStage:
			return copyValue(sel.Stage.ARN, "stage ARN")
		}
		return copyValue(sel.Code, "error code")
	}
	return nil
}

func (p *triagePane) SetFilter(f string) { p.list.setFilter(f) }
func (p *triagePane) Filter() string     { return p.list.filter }

// rebuild derives the rows from the watcher when its data changed, and
// once a second as the window slides.
func (p *triagePane) rebuild(now time.Time) {
	sec := now.Truncate(time.Second)
	if p.w.Version() == p.builtVer && sec.Equal(p.builtAt) && p.list.items != nil {
		return
	}
	p.builtVer, p.builtAt = p.w.Version(), sec
	rows := p.w.Triage(now)
	p.totals.errors, p.totals.codes = 0, 0
	people := map[string]bool{}
	for _, r := range rows {
		switch r.Kind {
		case watch.TriageCode:
			p.totals.codes++
			p.totals.errors += r.Count
		case watch.TriageParticipant:
			people[r.Stage.ARN+"\x00"+r.Session+"\x00"+r.Participant] = true
		}
	}
	p.totals.participants = len(people)
	if rows == nil {
		rows = []watch.TriageRow{}
	}
	p.list.set(rows)
}

var triageColumns = []ui.Column{
	{Title: "ERROR · STAGE · PARTICIPANT", MinWidth: 24, Flex: 3},
	{Title: "SESSION", MinWidth: 10, Width: 16},
	{Title: "COUNT", Width: 6, Align: ui.AlignRight},
	{Title: "LAST", MinWidth: 8, Width: 10},
}

func (p *triagePane) View(c *Context, w, h int) string {
	s, now := c.Styles, c.now()
	p.rebuild(now)
	window := ui.Age(now.Add(-p.w.Window()), now)
	detail := fmt.Sprintf("%s · %s · %s · last %s", ui.Counted(p.totals.errors, "error"), ui.Counted(p.totals.codes, "code"), ui.Counted(p.totals.participants, "participant"), window)
	title := ui.Header(s, "Error triage", detail, w)
	cov := p.w.Coverage()
	coverage := coverageText(cov)
	switch {
	case cov.Sessions == 0:
		coverage = s.Muted.Render("no session watched yet")
	case cov.Complete():
		coverage = s.Good.Render("● " + coverage)
	default:
		coverage = s.Warn.Render("◐ partial: " + coverage)
	}
	lines := []string{title, ui.Fit(coverage, w, 1)}

	explain := p.explainSelected(c, w)
	th := h - len(lines) - lines1(explain)
	if th < 4 { // too short for both: the table wins
		explain, th = "", h-len(lines)
	}
	p.list.layout(th)
	empty := fmt.Sprintf("no error events in the last %s among the participants read so far", window)
	if cov.Sessions == 0 {
		empty = "no live session watched yet: the watcher reads the live sessions of the stages on screen"
	} else if p.list.filter != "" {
		empty = "no error matches " + quoteUntrusted(p.list.filter)
	}
	table := ui.RenderTable(s, triageColumns, ui.WithEmpty(p.list.source(func(r watch.TriageRow, col int) string {
		switch col {
		case 0:
			switch r.Kind {
			case watch.TriageCode:
				return s.Bad.Render("✖ " + ui.Sanitize(r.Code))
			case watch.TriageStage:
				return "  " + s.Bold.Render(ui.Sanitize(displayName(r.Stage.Name)))
			}
			who := r.Participant
			if r.UserID != "" {
				who = ui.SanitizeTrunc(r.UserID, 40) + " · " + r.Participant
			}
			return "    " + who
		case 1:
			switch {
			case r.Kind == watch.TriageCode:
				return ""
			case r.Session != "":
				return r.Session
			}
			return s.Muted.Render(ui.Counted(r.Sessions, "session"))
		case 2:
			return ui.Count(r.Count)
		case 3:
			return ui.Age(r.Last, now) + " ago"
		}
		return ""
	}), empty), p.list.table, w, th)
	out := strings.Join(lines, "\n") + "\n" + table
	if explain != "" {
		out += "\n" + explain
	}
	return out
}

func lines1(s string) int {
	if s == "" {
		return 0
	}
	return lines(s)
}

// explainSelected is the meaning and fix of the selected row's code.
func (p *triagePane) explainSelected(c *Context, w int) string {
	sel, ok := p.list.selected()
	if !ok {
		return ""
	}
	meaning, fix := ivs.ExplainErrorCode(sel.Code)
	if strings.HasSuffix(sel.Code, "_ERROR") { // an error event without a code
		meaning, fix = "IVS recorded this error event without an error code", "open the participant: the events around it tell what it was doing"
	}
	return ui.ClampBlock(ui.Fields(c.Styles, []ui.Field{
		{Label: ui.Sanitize(sel.Code), Value: ui.Sanitize(meaning)},
		{Label: "fix", Value: ui.Sanitize(fix)},
	}, w), w, 4)
}
