package panes

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// TriagePane answers "why can't people join or publish right now?": the
// error codes of the last N minutes across every watched session, with
// counts per stage and session, what each code means and its usual fix,
// and the participants affected; enter opens what a row names.
type TriagePane struct {
	kit.BasePane
	w    *watch.Watcher
	list kit.List[watch.TriageRow]

	builtVer uint64
	builtAt  time.Time

	totals struct{ errors, codes, participants int }
}

// triageRowID tells the rows apart, so the cursor stays on its row when
// the rows are rebuilt.
func triageRowID(r watch.TriageRow) string {
	return fmt.Sprint(r.Kind, "\x00", r.Code, "\x00", r.Stage.ARN, "\x00", r.Session, "\x00", r.Participant)
}

func NewTriagePane(c *kit.Context) *TriagePane {
	p := &TriagePane{w: c.Watch}
	p.PaneID = c.NextPaneID()
	p.list = kit.NewList(
		triageRowID,
		func(r watch.TriageRow) string {
			return r.Code + " " + r.Stage.Name + " " + r.Session + " " + r.UserID + " " + r.Participant
		},
	)
	return p
}

func (p *TriagePane) Kind() string  { return "triage" }
func (p *TriagePane) Crumb() string { return "triage" }

func (p *TriagePane) Init(*kit.Context) tea.Cmd    { return kit.Send(kit.WatchPokeMsg{}) }
func (p *TriagePane) Refresh(*kit.Context) tea.Cmd { return kit.Send(kit.WatchPokeMsg{}) }

// Load sums the watcher's sessions for the status bar.
func (p *TriagePane) Load() *kit.LoadState {
	h := p.w.Health()
	p.LoadState = kit.LoadState{LastOK: h.LastOK, LastErr: h.LastErr, ErrAt: h.ErrAt}
	if cov := p.w.Coverage(); !cov.Complete() {
		p.LoadState.Progress = kit.CoverageText(cov)
	}
	return &p.LoadState
}

// Help declares the keys of Update.
func (p *TriagePane) Help(k *keymap.KeyMap) keymap.Help {
	h := k.DetailHelp(k.Copy)
	h.Nav = append(h.Nav, keymap.As(k.Open, "open"))
	return h
}

func (p *TriagePane) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	p.rebuild(c.CurrentTime())
	if p.list.Move(c, km) {
		return nil
	}
	sel, ok := p.list.Selected()
	if !ok {
		return kit.NothingSelected(c, km, "errors")
	}
	k := c.Keys
	switch {
	case key.Matches(km, k.Open):
		return p.open(sel)
	case key.Matches(km, k.Copy):
		switch sel.Kind {
		case watch.TriageParticipant:
			return kit.CopyValue(sel.Participant, "participant id")
		case watch.TriageStage:
			return kit.CopyValue(sel.Stage.ARN, "stage ARN")
		}
		return kit.CopyValue(sel.Code, "error code")
	}
	return nil
}

// open opens what the row names: a participant; a stage's session
// timeline filtered to the code (or the stage's sessions, when the code is
// in several); for a code, the timeline of the session with most of it.
func (p *TriagePane) open(sel watch.TriageRow) tea.Cmd {
	switch sel.Kind {
	case watch.TriageParticipant:
		part := p.w.Participant(watch.Key{StageARN: sel.Stage.ARN, SessionID: sel.Session}, sel.Participant)
		return kit.OpenRoute(route.Participant{Stage: sel.Stage, Session: service.Session{ID: sel.Session}, Participant: part})
	case watch.TriageStage:
		if sel.Session == "" {
			return tea.Batch(kit.OpenRoute(route.Sessions{Stage: sel.Stage}),
				kit.Flash(kit.FlashInfo, fmt.Sprintf("%s is in %d sessions of %s: open one to see its timeline", ui.Sanitize(sel.Code), sel.Sessions, ui.Sanitize(kit.DisplayName(sel.Stage.Name)))))
		}
		return kit.OpenRoute(codeTimeline(sel.Stage, sel.Session, sel.Code))
	}
	// A code row: its participant rows say which sessions had it, and how often.
	type session struct{ stageARN, id string }
	counts, stages := map[session]int{}, map[string]service.Stage{}
	var top session
	for _, r := range p.list.Items {
		if r.Kind != watch.TriageParticipant || r.Code != sel.Code {
			continue
		}
		s := session{r.Stage.ARN, r.Session}
		counts[s] += r.Count
		stages[r.Stage.ARN] = r.Stage
		if top.id == "" || counts[s] > counts[top] {
			top = s
		}
	}
	if top.id == "" {
		return kit.Flash(kit.FlashInfo, "no participant read has "+ui.Sanitize(sel.Code)+" now")
	}
	stage := stages[top.stageARN]
	open := kit.OpenRoute(codeTimeline(stage, top.id, sel.Code))
	if len(counts) == 1 {
		return open
	}
	return tea.Batch(open, kit.Flash(kit.FlashInfo, fmt.Sprintf("%s is in %d sessions: this is the one with most (%s on %s)",
		ui.Sanitize(sel.Code), len(counts), top.id, ui.Sanitize(kit.DisplayName(stage.Name)))))
}

// codeTimeline is a session's timeline showing only the errors with code.
func codeTimeline(stage service.Stage, session, code string) route.Timeline {
	return route.Timeline{Stage: stage, Session: service.Session{ID: session}, ErrorsOnly: true, Filter: code}
}

func (p *TriagePane) SetFilter(f string) { p.list.SetFilter(f) }
func (p *TriagePane) Filter() string     { return p.list.Filter }

// rebuild derives the rows from the watcher when its data changed, and
// once a second as the window slides.
func (p *TriagePane) rebuild(now time.Time) {
	sec := now.Truncate(time.Second)
	if p.w.Version() == p.builtVer && sec.Equal(p.builtAt) && p.list.Items != nil {
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
	p.list.Set(rows)
}

var triageColumns = []ui.Column{
	{Title: "ERROR · STAGE · PARTICIPANT", MinWidth: 24, Flex: 3},
	{Title: "SESSION", MinWidth: 10, Width: 16},
	{Title: "COUNT", Width: 6, Align: ui.AlignRight},
	{Title: "LAST", MinWidth: 8, Width: 10},
}

func (p *TriagePane) View(c *kit.Context, w, h int) string {
	s, now := c.Styles, c.CurrentTime()
	p.rebuild(now)
	window := ui.Age(now.Add(-p.w.Window()), now)
	detail := fmt.Sprintf("%s · %s · %s · last %s", ui.Counted(p.totals.errors, "error"), ui.Counted(p.totals.codes, "code"), ui.Counted(p.totals.participants, "participant"), window)
	title := ui.Header(s, "Error triage", detail, w)
	cov := p.w.Coverage()
	coverage := kit.CoverageText(cov)
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
	p.list.Layout(th)
	empty := fmt.Sprintf("no error events in the last %s among the participants read so far", window)
	if cov.Sessions == 0 {
		empty = "no live session watched yet: the watcher reads the live sessions of the stages on screen"
	} else if p.list.Filter != "" {
		empty = "no error matches " + kit.QuoteUntrusted(p.list.Filter)
	}
	table := ui.RenderTable(s, triageColumns, ui.WithEmpty(p.list.Source(func(r watch.TriageRow, col int) string {
		switch col {
		case 0:
			switch r.Kind {
			case watch.TriageCode:
				return s.Bad.Render("✖ " + ui.Sanitize(r.Code))
			case watch.TriageStage:
				return "  " + s.Bold.Render(ui.Sanitize(kit.DisplayName(r.Stage.Name)))
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
	}), empty), p.list.Table, w, th)
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
	return kit.Lines(s)
}

// explainSelected is the meaning and fix of the selected row's code.
func (p *TriagePane) explainSelected(c *kit.Context, w int) string {
	sel, ok := p.list.Selected()
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
