package panes

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/service/report"
	"github.com/ivsdash/ivsdash/ui"
)

// exportFormats describe report.Formats for the chooser.
var exportFormats = map[string]string{
	"md":   "Markdown, ready to paste into a ticket",
	"json": "JSON, for scripts",
	"csv":  "CSV, one row per event, for a spreadsheet",
}

// ExportDialog chooses the format of a session export.
type ExportDialog struct {
	kit.Closer
	stage    service.Stage
	session  string
	choice   int
	onChoose func(format string) tea.Cmd
}

func NewExportDialog(stage service.Stage, session string, onChoose func(string) tea.Cmd) *ExportDialog {
	return &ExportDialog{stage: stage, session: session, onChoose: onChoose}
}

func (d *ExportDialog) Init(*kit.Context) tea.Cmd { return nil }

func (d *ExportDialog) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := c.Keys
	n := len(report.Formats)
	switch {
	case key.Matches(km, k.Back):
		d.Close()
		return nil
	case key.Matches(km, k.Up), key.Matches(km, k.PrevField):
		d.choice = (d.choice + n - 1) % n
	case key.Matches(km, k.Down), key.Matches(km, k.NextField):
		d.choice = (d.choice + 1) % n
	case key.Matches(km, k.Submit):
		d.Close()
		return d.onChoose(report.Formats[d.choice])
	}
	return nil
}

func (d *ExportDialog) View(c *kit.Context, w, h int) string {
	s := c.Styles
	var rows []string
	for i, f := range report.Formats {
		mark := "( )"
		line := fmt.Sprintf("%s %-4s  %s", mark, f, exportFormats[f])
		if i == d.choice {
			line = s.ButtonFocused.Render(fmt.Sprintf("(•) %-4s  %s", f, exportFormats[f]))
		}
		rows = append(rows, line)
	}
	name := report.FileName(report.Report{Stage: service.Stage{ID: cmpID(d.stage)}, Session: service.Session{ID: d.session}}, report.Formats[d.choice])
	rows = append(rows, "",
		s.Muted.Render("Writes "+name+" in "+cmpDir(c.ExportDir)+" (a suffix is added rather than overwrite)."),
		s.Muted.Render("Participants and events as read so far; no tokens."))
	return ui.Dialog(s, "Export the session "+d.session, strings.Join(rows, "\n"), "↑/↓ or tab choose · enter export · esc cancel", w, h)
}

func cmpID(st service.Stage) string {
	if st.ID != "" {
		return st.ID
	}
	return kit.ResourceID(st.ARN)
}

// exportProgress is shared between the export command (which stores) and
// the pane's View (which loads): atomics, no lock.
type exportProgress struct {
	format             string
	done, total, calls atomic.Int64
	left               atomic.Int64 // estimated time left, in nanoseconds
}

func (p *exportProgress) store(pr report.Progress) {
	p.total.Store(int64(pr.Listed))
	p.done.Store(int64(pr.Done))
	p.calls.Store(int64(pr.Calls))
	p.left.Store(int64(pr.Left))
}

// String says how far the export has got, as the command line does:
// "exporting md… 120 of 414 participants · 131 calls · about 1m5s left".
func (p *exportProgress) String() string {
	s := fmt.Sprintf("exporting %s… %s of %s participants", p.format, ui.Count(int(p.done.Load())), ui.Count(int(p.total.Load())))
	if n := int(p.calls.Load()); n > 0 {
		s += " · " + ui.Count(n) + " call" + plural(n)
	}
	if left := time.Duration(p.left.Load()); left > 0 {
		s += " · about " + left.Round(time.Second).String() + " left"
	}
	return s
}

// exportDoneMsg reports an export written (or not).
type exportDoneMsg struct {
	path                 string
	partial              bool
	note                 string
	events, participants int
	err                  error
}

// exportToFile collects the session and writes it to a new file in the
// export directory, reporting to pane `to`.
func exportToFile(c *kit.Context, to kit.PaneID, src report.Source, stage service.Stage, sessionID, format string, prog *exportProgress) tea.Cmd {
	dir, base := c.ExportDir, c.Lifetime()
	rate := exportRate(c.Client)
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(base, exportDeadline)
		defer cancel()
		r, err := report.CollectWith(ctx, src, stage.ARN, sessionID, report.Options{Progress: prog.store, Rate: rate})
		if err != nil && r.Session.ID == "" {
			return kit.PaneMsg{To: to, Msg: exportDoneMsg{err: err}}
		}
		// An interrupted collection still writes what it has, marked partial.
		path, werr := writeExportFile(dir, r, format)
		return kit.PaneMsg{To: to, Msg: exportDoneMsg{
			path: path, partial: r.Partial, note: r.Note, err: werr,
			events: len(r.Events), participants: len(r.Participants),
		}}
	}
}

// exportRate is the calls a second an export may expect of each operation:
// what the budget allows, less the error watcher's share, which it keeps
// while an export runs (the budget serves an export's calls last; the
// watcher steps back to EventsShareBesideBulk meanwhile).
func exportRate(client *service.Client) float64 {
	if client == nil {
		return 0
	}
	u := client.Usage()
	if u.Unlimited {
		return 0
	}
	for _, g := range u.Groups {
		if g.Group == ivs.GroupOf(watch.OpEvents) {
			return g.AllowedPerMinute / 60 * (1 - watch.EventsShareBesideBulk)
		}
	}
	return 0
}

// writeExportFile writes r to a new file named by report.FileName in dir,
// adding "-1", "-2"... rather than overwrite an earlier report. The file is
// its owner's only: reports hold user ids and attributes.
func writeExportFile(dir string, r report.Report, format string) (string, error) {
	name := report.FileName(r, format)
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := range 1000 {
		cand := name
		if i > 0 {
			cand = fmt.Sprintf("%s-%d%s", stem, i, ext)
		}
		path := filepath.Join(dir, cand)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("creating the export file: %w", err)
		}
		werr := report.Write(f, r, format)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			_ = os.Remove(path)
			return "", werr
		}
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
		return path, nil
	}
	return "", fmt.Errorf("%s and 999 numbered variants already exist in %s: clean up old exports", name, cmpDir(dir))
}

func cmpDir(dir string) string {
	if dir == "" {
		return "the current directory"
	}
	return dir
}

// exportFlash says where the export went, or why it did not.
func exportFlash(m exportDoneMsg) tea.Cmd {
	if m.err != nil {
		return kit.Flash(kit.FlashError, "export failed: "+kit.ErrorSentence(m.err))
	}
	text := fmt.Sprintf("exported %s events of %s participants to %s", ui.Count(m.events), ui.Count(m.participants), ui.Sanitize(m.path))
	if m.partial {
		text += " (partial: " + ui.Sanitize(m.note) + ")"
		return kit.Flash(kit.FlashError, text)
	}
	return kit.Flash(kit.FlashSuccess, text)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
