package panes

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// TimelinePane is a session's timeline: every participant's events merged
// in time order, errors first-class (code, meaning, usual fix). It makes no
// calls of its own: the error watcher reads the session, this one first
// while it is on screen, and the pane says how far it has got.
type TimelinePane struct {
	kit.BasePane
	w       *watch.Watcher
	stage   service.Stage
	session service.Session

	ErrorsOnly bool
	filter     string // `/`: matches event name, error code, user and participant ids

	// Derived from the watcher, rebuilt when its session or the filters change.
	BuiltVer uint64
	builtKey string
	shown    []service.Event
	Total    int // events before filtering
	errors   int
	users    map[string]string

	table  ui.TableState
	mode   kit.TimelineMode // follow and wrap
	width  int
	height int // of the timeline at the last render

	export     *exportProgress // an export in progress, or nil
	lastExport string          // where the last export went: an alert may hide the flash
}

func NewTimelinePane(c *kit.Context, stage service.Stage, session service.Session) *TimelinePane {
	p := &TimelinePane{w: c.Watch, stage: stage, session: session, mode: c.Timelines}
	p.PaneID = c.NextPaneID()
	return p
}

func (p *TimelinePane) key() watch.Key {
	return watch.Key{StageARN: p.stage.ARN, SessionID: p.session.ID}
}

func (p *TimelinePane) Kind() string  { return "timeline" }
func (p *TimelinePane) Crumb() string { return "timeline" }

// WatchTargets: the session is open.
func (p *TimelinePane) WatchTargets() []watch.Target {
	return []watch.Target{{Stage: p.stage, Session: p.session.ID, Opened: true}}
}

// Init asks the root to watch this session at once, first in line.
func (p *TimelinePane) Init(*kit.Context) tea.Cmd { return kit.Send(kit.WatchPokeMsg{}) }

// Refresh asks the watcher to schedule now. It runs on every polling tick
// as well as on r, so it does not reset anyone's turn: the session on
// screen is re-read every interval anyway, oldest read first.
func (p *TimelinePane) Refresh(*kit.Context) tea.Cmd { return kit.Send(kit.WatchPokeMsg{}) }

// Load mirrors the watcher's state of the session for the status bar.
func (p *TimelinePane) Load() *kit.LoadState {
	s := p.w.Session(p.key())
	if s == nil {
		p.LoadState = kit.LoadState{Loading: true}
		return &p.LoadState
	}
	h, cov := s.Health(), s.Coverage()
	p.LoadState = kit.LoadState{LastOK: h.LastOK, LastErr: h.LastErr, ErrAt: h.ErrAt, Loading: cov.Read == 0 && h.LastErr == nil}
	if !cov.Complete() {
		p.LoadState.Progress = kit.SessionProgress(cov)
	}
	return &p.LoadState
}

// Help declares the keys of Update.
func (p *TimelinePane) Help(k *keymap.KeyMap) keymap.Help {
	return k.ListHelp("open participant", "", "", k.ErrorsOnly, keymap.As(k.Export, "export timeline")).WithTimeline()
}

func (p *TimelinePane) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case exportStartMsg:
		return p.startExport(c, string(msg))
	case exportDoneMsg:
		p.export = nil
		if msg.err == nil {
			p.lastExport = msg.path
		}
		return exportFlash(msg)
	case tea.KeyPressMsg:
		return p.keyPress(c, msg)
	}
	return nil
}

func (p *TimelinePane) keyPress(c *kit.Context, msg tea.KeyPressMsg) tea.Cmd {
	p.Rebuild()
	if kit.MoveTable(c, msg, &p.table, len(p.shown), max(ui.TableBodyHeight(p.height), 1)) {
		ui.FitTimeline(&p.table, p.shown, p.options(c), p.width, p.height)
		return p.mode.Moved(c, p.table.Cursor, len(p.shown))
	}
	if cmd, ok := p.mode.Key(c, msg); ok {
		p.mode.Apply(&p.table, len(p.shown))
		return cmd
	}
	k := c.Keys
	switch {
	case key.Matches(msg, k.ErrorsOnly):
		p.ErrorsOnly = !p.ErrorsOnly
		p.Rebuild()
		if p.ErrorsOnly {
			return kit.Flash(kit.FlashInfo, "showing error events only: x shows all")
		}
		return kit.Flash(kit.FlashInfo, "showing every event")
	case key.Matches(msg, k.Export):
		if p.export != nil {
			return kit.Flash(kit.FlashInfo, "an export is already running")
		}
		return kit.Send(kit.OpenDialogMsg{Dialog: NewExportDialog(p.stage, p.session.ID, func(format string) tea.Cmd {
			return kit.Send(kit.PaneMsg{To: p.PaneID, Msg: exportStartMsg(format)})
		})})
	}
	ev, ok := p.selected()
	if !ok {
		return nil
	}
	switch {
	case key.Matches(msg, k.Open):
		part := p.w.Participant(p.key(), ev.ParticipantID)
		return kit.OpenRoute(route.Participant{Stage: p.stage, Session: p.session, Participant: part})
	case key.Matches(msg, k.Copy):
		return kit.CopyValue(ev.ParticipantID, "participant id")
	}
	return nil
}

// exportStartMsg is the export dialog's choice of format.
type exportStartMsg string

func (p *TimelinePane) selected() (service.Event, bool) {
	if p.table.Cursor < 0 || p.table.Cursor >= len(p.shown) {
		return service.Event{}, false
	}
	return p.shown[p.table.Cursor], true
}

func (p *TimelinePane) SetFilter(f string) { p.filter = f; p.Rebuild() }
func (p *TimelinePane) Filter() string     { return p.filter }

func (p *TimelinePane) CurrentStage() (service.Stage, bool) { return p.stage, true }

// Rebuild derives the merged, filtered timeline when the watcher's data or
// the filters changed, keeping the cursor on the same event (or on the
// last one, following the live tail).
func (p *TimelinePane) Rebuild() {
	s := p.w.Session(p.key())
	var ver uint64
	if s != nil {
		ver = s.Version()
	}
	keyNow := fmt.Sprint(p.ErrorsOnly, "\x00", p.filter)
	if ver == p.BuiltVer && keyNow == p.builtKey && p.users != nil {
		return
	}
	sel, hadSel := p.selected()
	atEnd := hadSel && p.table.Cursor == len(p.shown)-1
	p.BuiltVer, p.builtKey = ver, keyNow
	p.users = map[string]string{}
	var all []service.Event
	if s != nil {
		p.users, all = s.UserIDs(), s.Events()
	}
	p.Total, p.errors = len(all), 0
	needle := strings.ToLower(strings.TrimSpace(p.filter))
	p.shown = p.shown[:0]
	for _, e := range all {
		if e.IsError() {
			p.errors++
		}
		if p.ErrorsOnly && !e.IsError() {
			continue
		}
		if needle != "" && !strings.Contains(p.eventText(e), needle) {
			continue
		}
		p.shown = append(p.shown, e)
	}
	switch {
	case atEnd:
		p.table.Cursor = len(p.shown) - 1
	case hadSel:
		p.table.Cursor = indexOfEvent(p.shown, sel, p.table.Cursor)
	}
	p.table.Fit(len(p.shown), max(ui.TableBodyHeight(p.height), 1))
}

// eventText is what the `/` filter matches, lower-cased.
func (p *TimelinePane) eventText(e service.Event) string {
	return strings.ToLower(strings.Join([]string{
		e.Name, e.ErrorCode, e.ParticipantID, p.users[e.ParticipantID], e.RemoteParticipantID, p.users[e.RemoteParticipantID],
	}, " "))
}

// indexOfEvent finds ev in events (in time order), or the nearest row.
func indexOfEvent(events []service.Event, ev service.Event, fallback int) int {
	for i, e := range events {
		if e.Time.Equal(ev.Time) && e.ParticipantID == ev.ParticipantID && e.Name == ev.Name {
			return i
		}
		if e.Time.After(ev.Time) {
			return i
		}
	}
	return min(fallback, max(len(events)-1, 0))
}

func (p *TimelinePane) options(c *kit.Context) ui.TimelineOptions {
	empty := "no events read yet: the watcher reads this session first"
	switch {
	case p.ErrorsOnly && p.filter != "":
		empty = "no error event matches " + kit.QuoteUntrusted(p.filter)
	case p.ErrorsOnly:
		empty = "no error events so far (x shows every event)"
	case p.filter != "":
		empty = "no event matches " + kit.QuoteUntrusted(p.filter)
	}
	return ui.TimelineOptions{Merged: true, UserIDs: p.users, Explain: ivs.ExplainErrorCode, Now: c.CurrentTime(), EmptyText: empty, Wrap: p.mode.Wrap}
}

func (p *TimelinePane) View(c *kit.Context, w, h int) string {
	s := c.Styles
	p.Rebuild()
	counts := ui.Counted(p.Total, "event") + " · " + ui.Counted(p.errors, "error")
	if p.ErrorsOnly || p.filter != "" {
		counts = fmt.Sprintf("%s of %s", ui.Count(len(p.shown)), ui.Counted(p.Total, "event")) + " · " + ui.Counted(p.errors, "error")
	}
	name := "Timeline · " + ui.SanitizeTrunc(kit.DisplayName(p.stage.Name), 40)
	detail := p.session.ID + " · " + counts
	if ansi.StringWidth(name+detail)+14 > w { // " ivsdash " and the gaps: the counts matter more
		detail = counts
	}
	title := ui.Header(s, name, detail, w)
	status := ui.Fit(p.statusLine(c), w, 1)
	th := max(h-2, 0)
	p.width, p.height = w, th
	opts := p.options(c)
	p.mode.Apply(&p.table, len(p.shown))
	ui.FitTimeline(&p.table, p.shown, opts, w, th)
	return title + "\n" + status + "\n" + ui.RenderTimeline(s, p.shown, opts, p.table, w, th)
}

// statusLine says how complete the view is, which filters apply, and an
// export's progress.
func (p *TimelinePane) statusLine(c *kit.Context) string {
	s := c.Styles
	var parts []string
	ws := p.w.Session(p.key())
	var cov watch.Coverage
	if ws != nil {
		cov = ws.Coverage()
	}
	switch {
	case ws == nil || (cov.Read == 0 && cov.Listing):
		parts = append(parts, s.Warn.Render("◐ partial: listing participants…"))
	case !cov.Complete():
		parts = append(parts, s.Warn.Render("◐ partial: "+kit.SessionProgress(cov)))
	default:
		parts = append(parts, s.Good.Render("● "+kit.SessionProgress(cov)))
	}
	if ws != nil && ws.Ended() {
		parts = append(parts, s.Muted.Render("session over: everyone left"))
	}
	if p.ErrorsOnly {
		parts = append(parts, s.Bad.Render("✖ errors only"))
	}
	if p.filter != "" {
		parts = append(parts, "filter "+kit.QuoteUntrusted(p.filter))
	}
	if n := p.mode.Note(); n != "" {
		parts = append(parts, s.Info.Render(n))
	}
	if e := p.export; e != nil {
		parts = append(parts, s.Info.Render(e.String()))
	} else if p.lastExport != "" {
		parts = append(parts, "exported to "+ui.Sanitize(p.lastExport))
	}
	return strings.Join(parts, s.Muted.Render(" · "))
}

// startExport runs an export of this session: what the watcher has read is
// reused, the rest is fetched within the budget.
func (p *TimelinePane) startExport(c *kit.Context, format string) tea.Cmd {
	prog := &exportProgress{format: format}
	p.export = prog
	src := newExportSource(c, p.key(), c.CurrentTime())
	return exportToFile(c, p.PaneID, src, p.stage, p.session.ID, format, prog)
}

// exportDeadline bounds an export from the dashboard: a large session read
// within the budget takes minutes, not hours.
const exportDeadline = 30 * time.Minute
