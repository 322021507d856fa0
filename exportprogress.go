package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ivsdash/ivsdash/service/report"
)

// exportProgress shows an export's progress on stderr: a bar redrawn in
// place when stderr is a terminal, a plain line every few seconds when it
// is not (a log, a CI job), so a long export is never silent.
type exportProgress struct {
	w     io.Writer
	tty   bool
	every time.Duration // between two redraws (bar) or lines (plain)
	last  time.Time     // of the last redraw or line; zero: none yet
	now   func() time.Time
	shown report.Progress
}

// plainEvery is how often a plain progress line is written.
const plainEvery = 5 * time.Second

func newExportProgress(w io.Writer) *exportProgress {
	p := &exportProgress{w: w, tty: isTerminal(w), every: plainEvery, now: time.Now}
	if p.tty {
		p.every = 100 * time.Millisecond
	}
	return p
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// update is report.Options.Progress: it shows pr when its turn has come.
func (p *exportProgress) update(pr report.Progress) {
	p.shown = pr
	if now := p.now(); p.last.IsZero() || now.Sub(p.last) >= p.every {
		p.last = now
		p.draw()
	}
}

// finish shows the last state and ends the bar's line.
func (p *exportProgress) finish() {
	if p.last.IsZero() {
		return // nothing was listed: nothing to say
	}
	p.draw()
	if p.tty {
		fmt.Fprintln(p.w)
	}
}

func (p *exportProgress) draw() {
	if p.tty {
		// \r and erase-line redraw the bar in place.
		fmt.Fprintf(p.w, "\r%s %s\x1b[K", bar(p.shown.Percent(), barWidth), p.shown)
		return
	}
	fmt.Fprintf(p.w, "ivsdash export: %s\n", p.shown)
}

// barWidth is the progress bar's width in cells.
const barWidth = 30

// bar draws a fraction in [0, 1] as a bar of width cells.
func bar(fraction float64, width int) string {
	full := int(min(max(fraction, 0), 1) * float64(width))
	return strings.Repeat("█", full) + strings.Repeat("░", width-full)
}
