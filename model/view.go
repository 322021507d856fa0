package model

import (
	"errors"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// Below these sizes the dashboard shows a "too small" message instead.
const (
	minWidth  = 40
	minHeight = 10
)

// View renders the header, the top pane, the status bar and the footer, with
// the help screen or the top dialog over them.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.WindowTitle = "ivsdash"
	if !a.noMouse {
		v.MouseMode = tea.MouseModeCellMotion // clicks and the wheel; no motion events
	}
	return v
}

func (a *App) render() string {
	c := a.ctx
	w, h := c.Width, c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	if w < minWidth || h < minHeight {
		return ui.TooSmall(w, h)
	}
	header := ui.Breadcrumb(c.Styles, a.crumbs(), w)
	statusBar := ui.RenderStatus(c.Styles, a.statusInfo(), w)
	footer := a.footer(w)
	bodyH := h - kit.Lines(header) - kit.Lines(statusBar) - kit.Lines(footer)
	if bodyH < 1 {
		return ui.TooSmall(w, h)
	}
	var body string
	if a.help {
		kind := a.top().Kind()
		body = ui.Header(c.Styles, "Keys of the "+kind+" pane", "esc, ? or q closes", w)
		if bodyH > 1 {
			body += "\n" + ui.FullHelp(c.Styles, a.top().Help(c.Keys).Groups(), w, bodyH-1)
		}
	} else {
		body = a.top().View(c, w, bodyH)
	}
	body = ui.Fit(body, w, bodyH)
	screen := strings.Join([]string{header, body, statusBar, footer}, "\n")
	if len(a.dialogs) > 0 {
		d := a.dialogs[len(a.dialogs)-1].View(c, w, h)
		screen = ui.Overlay(screen, d, w, h)
	}
	return screen
}

func (a *App) crumbs() []string {
	out := make([]string, 0, len(a.stack))
	for _, p := range a.stack {
		out = append(out, p.Crumb())
	}
	return out
}

func (a *App) footer(w int) string {
	if a.prompt.active() {
		// What was typed or pasted is shown as typed, less controls and
		// bidi marks (a paste can carry them).
		return ui.Fit(ui.SanitizeStyled(a.prompt.view(a.ctx.Styles, w)), w, 1)
	}
	if f, ok := a.top().(kit.Filterable); ok && f.Filter() != "" {
		return ui.Fit(a.ctx.Styles.Muted.Render("filter: ")+ui.Sanitize(f.Filter())+a.ctx.Styles.Muted.Render("  (esc clears)"), w, 1)
	}
	return ui.ShortHelp(a.ctx.Styles, a.top().Help(a.ctx.Keys).ShortHelp(), w)
}

func (a *App) statusInfo() ui.StatusInfo {
	c := a.ctx
	l := a.top().Load()
	info := ui.StatusInfo{
		Mode:        c.Mode,
		Endpoint:    c.Endpoint,
		ReadOnly:    c.ReadOnly,
		Interval:    c.Interval,
		Paused:      a.paused,
		LastRefresh: l.LastOK,
		Loading:     l.Loading,
		Stale:       l.Stale(),
		Progress:    l.Progress,
		Now:         c.CurrentTime(),
	}
	if s, ok := a.top().(kit.Settled); ok {
		info.Settled = s.Settled(c)
	}
	if l.LastErr != nil {
		info.LastError = kit.ErrorSentence(l.LastErr)
	}
	if bg := l.Background; bg.Err != nil {
		info.Failing = readName(bg.What, bg.Err)
		if info.LastError == "" {
			info.LastError = bg.What + ": " + kit.ErrorSentence(bg.Err)
		}
	} else if _, watched := a.top().(watchSource); watched && l.LastErr == nil && c.Watch != nil {
		// The error counts on screen come from the watcher's reads: while
		// they fail, the counts are the last known ones, and the status
		// bar says so.
		if h := c.Watch.Health(); h.LastErr != nil {
			info.Failing = readName("error watcher", h.LastErr)
		}
	}
	info.Pushed, info.PushedDown = a.pushedStatus()
	if a.status.text != "" {
		info.Flash = a.status.text
		info.FlashLevel = a.status.uiLevel()
	}
	if c.Client != nil {
		u := c.Client.Usage()
		// Quotas are per operation: the busiest one is the one near its limit.
		info.CallsPerMin = u.BusiestCalls
		info.AllowedPerMin = int(u.AllowedPerMinute)
		info.BudgetOp = u.Busiest
		for _, g := range u.Groups {
			if u.Busiest != "" && g.Group == ivs.GroupOf(u.Busiest) {
				info.ConfiguredPerMin = int(g.ConfiguredPerMinute)
			}
		}
		info.Throttled = u.Throttled
		if c.Viewers != nil {
			info.Viewers = c.SharedBy()
		}
		info.SlowOp, info.SlowLatency = u.Slow, u.SlowLatency
		if u.BackingOff {
			// The service keeps the wall clock: its backoff ends after
			// what is left of it on that clock, counted on the dashboard's.
			info.BackoffUntil = info.Now.Add(time.Until(u.BackoffUntil))
			// A refresh held back by the backoff leaves data older than
			// polling promises: say it is stale, with its age.
			if !l.LastOK.IsZero() && info.Now.Sub(l.LastOK) > 2*c.Interval {
				info.Stale = true
			}
		}
	}
	return info
}

// readName names a failing background read with its operation: "live
// figures (GetStageSession)".
func readName(what string, err error) string {
	var se *service.Error
	if errors.As(err, &se) && se.Op != "" {
		return what + " (" + se.Op + ")"
	}
	return what
}
