package model

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// triagePane answers "why can't people join or publish right now?": the
// error codes of the last N minutes across every watched session, with
// counts per stage and session, what each code means and its usual fix,
// and the participants affected; enter opens one.
type triagePane struct {
	basePane
	w    *watcher
	list list[triageRow]

	builtVer uint64
	builtAt  time.Time

	totals struct{ errors, codes, participants int }
}

// Rows are a flattened tree: a code, the stages (and session) where it
// happened, and the participants it happened to.
const (
	triageCode = iota
	triageStage
	triageParticipant
)

type triageRow struct {
	kind     int
	code     string
	stage    service.Stage
	session  string // the session of a participant; of a stage row when it has one
	sessions int    // stage rows: how many sessions had the code
	pid      string
	userID   string
	count    int
	last     time.Time
}

func (r triageRow) id() string {
	return fmt.Sprint(r.kind, "\x00", r.code, "\x00", r.stage.ARN, "\x00", r.session, "\x00", r.pid)
}

func newTriagePane(c *Context) *triagePane {
	p := &triagePane{w: c.watch}
	p.id = c.nextPaneID()
	p.list = newList(
		func(r triageRow) string { return r.id() },
		func(r triageRow) string {
			return r.code + " " + r.stage.Name + " " + r.session + " " + r.userID + " " + r.pid
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
	p.load = loadState{}
	for _, s := range p.w.sessions {
		if s.lastOK.After(p.load.lastOK) {
			p.load.lastOK = s.lastOK
		}
		if s.lastErr != nil && s.errAt.After(p.load.errAt) {
			p.load.lastErr, p.load.errAt = s.lastErr, s.errAt
		}
	}
	if read, total, listing := p.w.totals(); read < total || listing {
		p.load.progress = p.w.coverage()
	}
	return &p.load
}

// coverage says how much of every watched session has been read.
func (w *watcher) coverage() string {
	read, total, listing := w.totals()
	n := ui.Count(total)
	if listing {
		n += "+"
	}
	return fmt.Sprintf("events read for %s of %s participants in %d sessions", ui.Count(read), n, len(w.sessions))
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
		switch sel.kind {
		case triageParticipant:
			part := p.w.participantOf(sessionKey{sel.stage.ARN, sel.session}, sel.pid)
			return openRoute(route.Participant{Stage: sel.stage, Session: service.Session{ID: sel.session}, Participant: part})
		case triageStage:
			if sel.session == "" {
				return flash(flashInfo, "the errors are in several sessions: open a participant below")
			}
			return openRoute(route.Timeline{Stage: sel.stage, Session: service.Session{ID: sel.session}, ErrorsOnly: true})
		}
		return flash(flashInfo, "select a participant (or a stage, for its session's errors) to open it")
	case key.Matches(km, k.Copy):
		switch sel.kind {
		case triageParticipant:
			return copyValue(sel.pid, "participant id")
		case triageStage:
			return copyValue(sel.stage.ARN, "stage ARN")
		}
		return copyValue(sel.code, "error code")
	}
	return nil
}

func (p *triagePane) SetFilter(f string) { p.list.setFilter(f) }
func (p *triagePane) Filter() string     { return p.list.filter }

// rebuild derives the rows from the watcher when its data changed, and
// once a second as the window slides.
func (p *triagePane) rebuild(now time.Time) {
	sec := now.Truncate(time.Second)
	if p.w.version == p.builtVer && sec.Equal(p.builtAt) && p.list.items != nil {
		return
	}
	p.builtVer, p.builtAt = p.w.version, sec
	rows := p.w.triageRows(now)
	p.totals.errors, p.totals.codes = 0, 0
	people := map[string]bool{}
	for _, r := range rows {
		switch r.kind {
		case triageCode:
			p.totals.codes++
			p.totals.errors += r.count
		case triageParticipant:
			people[r.stage.ARN+"\x00"+r.session+"\x00"+r.pid] = true
		}
	}
	p.totals.participants = len(people)
	if rows == nil {
		rows = []triageRow{}
	}
	p.list.set(rows)
}

// triageRows groups the errors of the window: codes by count, then the
// stages where each happened, then the participants it happened to.
func (w *watcher) triageRows(now time.Time) []triageRow {
	from := now.Add(-w.window)
	type stageAgg struct {
		row      triageRow
		sessions map[string]bool
		parts    map[string]*triageRow
	}
	type codeAgg struct {
		row    triageRow
		stages map[string]*stageAgg
	}
	codes := map[string]*codeAgg{}
	for _, s := range w.sessions {
		for _, id := range s.order {
			wp := s.parts[id]
			for _, e := range wp.errs {
				if e.Time.Before(from) {
					continue
				}
				code := errorKey(e)
				ca := codes[code]
				if ca == nil {
					ca = &codeAgg{row: triageRow{kind: triageCode, code: code}, stages: map[string]*stageAgg{}}
					codes[code] = ca
				}
				sa := ca.stages[s.key.stageARN]
				if sa == nil {
					sa = &stageAgg{row: triageRow{kind: triageStage, code: code, stage: s.stage}, sessions: map[string]bool{}, parts: map[string]*triageRow{}}
					ca.stages[s.key.stageARN] = sa
				}
				pk := s.key.sessionID + "\x00" + id
				pr := sa.parts[pk]
				if pr == nil {
					pr = &triageRow{kind: triageParticipant, code: code, stage: s.stage, session: s.key.sessionID, pid: id, userID: wp.p.UserID}
					sa.parts[pk] = pr
				}
				sa.sessions[s.key.sessionID] = true
				for _, r := range []*triageRow{&ca.row, &sa.row, pr} {
					r.count++
					if e.Time.After(r.last) {
						r.last = e.Time
					}
				}
			}
		}
	}
	byCount := func(a, b triageRow) int {
		return cmp.Or(cmp.Compare(b.count, a.count), b.last.Compare(a.last), cmp.Compare(a.code+a.stage.Name+a.userID+a.pid, b.code+b.stage.Name+b.userID+b.pid))
	}
	var cs []*codeAgg
	for _, ca := range codes {
		cs = append(cs, ca)
	}
	slices.SortFunc(cs, func(a, b *codeAgg) int { return byCount(a.row, b.row) })
	var out []triageRow
	for _, ca := range cs {
		out = append(out, ca.row)
		var ss []*stageAgg
		for _, sa := range ca.stages {
			sa.row.sessions = len(sa.sessions)
			if len(sa.sessions) == 1 {
				for id := range sa.sessions {
					sa.row.session = id
				}
			}
			ss = append(ss, sa)
		}
		slices.SortFunc(ss, func(a, b *stageAgg) int { return byCount(a.row, b.row) })
		for _, sa := range ss {
			out = append(out, sa.row)
			var ps []triageRow
			for _, pr := range sa.parts {
				ps = append(ps, *pr)
			}
			slices.SortFunc(ps, byCount)
			out = append(out, ps...)
		}
	}
	return out
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
	window := ui.Age(now.Add(-p.w.window), now)
	detail := fmt.Sprintf("%s · %s · %s · last %s", ui.Counted(p.totals.errors, "error"), ui.Counted(p.totals.codes, "code"), ui.Counted(p.totals.participants, "participant"), window)
	title := ui.Header(s, "Error triage", detail, w)
	coverage := p.w.coverage()
	switch {
	case len(p.w.sessions) == 0:
		coverage = s.Muted.Render("no session watched yet")
	case p.w.complete():
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
	if len(p.w.sessions) == 0 {
		empty = "no live session watched yet: the watcher reads the live sessions of the stages on screen"
	} else if p.list.filter != "" {
		empty = "no error matches " + quoteUntrusted(p.list.filter)
	}
	table := ui.RenderTable(s, triageColumns, ui.WithEmpty(p.list.source(func(r triageRow, col int) string {
		switch col {
		case 0:
			switch r.kind {
			case triageCode:
				return s.Bad.Render("✖ " + ui.Sanitize(r.code))
			case triageStage:
				return "  " + s.Bold.Render(ui.Sanitize(displayName(r.stage.Name)))
			}
			who := r.pid
			if r.userID != "" {
				who = ui.SanitizeTrunc(r.userID, 40) + " · " + r.pid
			}
			return "    " + who
		case 1:
			switch {
			case r.kind == triageCode:
				return ""
			case r.session != "":
				return r.session
			}
			return s.Muted.Render(ui.Counted(r.sessions, "session"))
		case 2:
			return ui.Count(r.count)
		case 3:
			return ui.Age(r.last, now) + " ago"
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
	meaning, fix := service.ExplainError(sel.code)
	if strings.HasSuffix(sel.code, "_ERROR") { // an error event without a code
		meaning, fix = "IVS recorded this error event without an error code", "open the participant: the events around it tell what it was doing"
	}
	return ui.ClampBlock(ui.Fields(c.Styles, []ui.Field{
		{Label: ui.Sanitize(sel.code), Value: ui.Sanitize(meaning)},
		{Label: "fix", Value: ui.Sanitize(fix)},
	}, w), w, 4)
}

// complete reports whether every watched session has been read through.
func (w *watcher) complete() bool {
	for _, s := range w.sessions {
		if !s.complete() {
			return false
		}
	}
	return true
}
