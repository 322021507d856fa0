package kit

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/localtoken"
	"github.com/ivsdash/ivsdash/service/metrics"
	"github.com/ivsdash/ivsdash/ui"
)

// Context is what the root shares with every pane and dialog (gh-dash's
// program context): the client, styles, keys, clock and configuration. Panes
// read it; only the root changes the size.
type Context struct {
	Client      *service.Client
	Styles      *ui.Styles
	Keys        *keymap.KeyMap
	Now         func() time.Time // fixes the time (golden tests); nil: the clock's
	Interval    time.Duration
	CallTimeout time.Duration
	ReadOnly    bool
	Mode        string // "demo", or the profile and region
	Profile     string // the AWS profile in use ("": the default chain's), for :ctx
	Endpoint    string

	// The error watcher's settings (--error-window, --bell), the local
	// token signer (--signing-key, --public-key-arn; nil without them) and
	// where exports are written ("" = the current directory).
	ErrorWindow time.Duration
	Bell        bool
	Signer      *localtoken.Signer
	ExportDir   string
	Watch       *watch.Watcher // the root's; panes only read it
	Spin        *Spinner       // the root's; panes only show it
	// Timelines is the follow and wrap last chosen in a timeline: the
	// next one opens the same way.
	Timelines TimelineMode
	// Metrics reads CloudWatch (nil: --no-metrics); MetricsDenied is set
	// once a call was refused for want of permission (health.go).
	Metrics       *metrics.Client
	MetricsDenied bool
	Viewers       func() int // dashboards sharing Client; nil: this one alone
	FilesHost     string     // where written files land when not the viewer's machine

	// Favorites are stage names the stages pane pins at its top (the
	// configuration file's).
	Favorites []string

	Width, Height int

	// Top is the root's top pane (nil when no App runs: unit tests of a
	// pane alone), so panes stop background work while covered.
	Top func() PaneID

	Base       context.Context
	StageNames map[string]string // only touched from Update and View
	// ConfigNames are encoder and storage configurations' names by ARN,
	// for the composition detail (only touched from Update and View).
	ConfigNames map[string]string
	// ParticipantDetails are the GetParticipant answers read so far (the
	// client: protocol, browser, OS, SDK), by session and participant id,
	// for the participants list, whose ListParticipants does not return
	// them (only touched from Update and View).
	ParticipantDetails map[string]service.Participant
	Log                *slog.Logger
	Clock              Clock // every timed wait; nil: the real one
	reqSeq             atomic.Uint64
	paneSeq            atomic.Uint64
}

// nextReq hands out request ids: a result whose id is not the latest one a
// pane asked for is stale and dropped.
func (c *Context) nextReq() uint64 { return c.reqSeq.Add(1) }

func (c *Context) NextPaneID() PaneID { return PaneID(c.paneSeq.Add(1)) }

// Lifetime is the program's lifetime (Base), or a context that never
// ends when there is none (a pane tested alone).
func (c *Context) Lifetime() context.Context {
	if c.Base == nil {
		return context.Background()
	}
	return c.Base
}

// callContext bounds one API call: the program's lifetime and a timeout.
func (c *Context) callContext() (context.Context, context.CancelFunc) {
	t := c.CallTimeout
	if t <= 0 {
		t = 15 * time.Second
	}
	return context.WithTimeout(c.Lifetime(), t)
}

func (c *Context) CurrentTime() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return c.clockOrReal().Now()
}

// Tick is a command that returns fn's message once d has passed on the
// dashboard's clock.
func (c *Context) Tick(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return c.clockOrReal().Tick(d, fn)
}

func (c *Context) clockOrReal() Clock {
	if c.Clock == nil {
		return realClock{}
	}
	return c.Clock
}

// Clock is the dashboard's time: what time it is, and a command that
// answers after a while (polling, the status bar's clock, the error
// watcher's schedule, flash expiry all wait through it). The real one is
// the default; tests give one they advance.
type Clock interface {
	Now() time.Time
	// Tick returns a command that waits d, counted from the call to Tick
	// (as tea.Tick does), and then returns fn of the time it fired.
	Tick(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd
}

// realClock is the wall clock and Bubble Tea's timers.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Tick(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return tea.Tick(d, fn)
}

// SharedBy is how many dashboards share Client and its budget (1 alone).
func (c *Context) SharedBy() int {
	if c.Viewers == nil {
		return 1
	}
	return max(1, c.Viewers())
}

// FilePath is where a path typed for a file to write goes: as typed, or,
// on a server (FilesHost), a relative one under ExportDir.
func (c *Context) FilePath(typed string) string {
	p := strings.TrimSpace(typed)
	if c.FilesHost == "" || p == "" || filepath.IsAbs(p) || strings.HasPrefix(p, "~/") {
		return typed
	}
	return filepath.Join(c.ExportDir, p)
}

// FileWhere says where a file was written, for the status bar: its path,
// and on a server the host too, so nobody looks for it on their laptop.
func (c *Context) FileWhere(path string) string {
	if c.FilesHost == "" {
		return ui.Sanitize(path)
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return ui.Sanitize(path) + " on " + ui.Sanitize(c.FilesHost)
}

// RememberStage keeps a stage's name for panes that only see its ARN.
func (c *Context) RememberStage(s service.Stage) {
	if c.StageNames == nil {
		c.StageNames = map[string]string{}
	}
	c.StageNames[s.ARN] = s.Name
}

// RememberConfig keeps a configuration's name for panes that only see its ARN.
func (c *Context) RememberConfig(arn, name string) {
	if c.ConfigNames == nil {
		c.ConfigNames = map[string]string{}
	}
	c.ConfigNames[arn] = name
}

// RememberParticipant keeps a GetParticipant answer for the list of its
// session.
func (c *Context) RememberParticipant(sessionID string, p service.Participant) {
	if c.ParticipantDetails == nil {
		c.ParticipantDetails = map[string]service.Participant{}
	}
	c.ParticipantDetails[sessionID+"/"+p.ID] = p
}

// StageName is the stage's name if known, else its id.
func (c *Context) StageName(arn string) string {
	if n := c.StageNames[arn]; n != "" {
		return n
	}
	return ResourceID(arn)
}

// LogAction records an action's outcome in the debug log, in the words the
// status bar uses (which never include secrets).
func (c *Context) LogAction(m ActionDoneMsg) {
	if c.Log == nil {
		return
	}
	if m.Err != nil {
		c.Log.Warn("action failed", "error", ErrorSentence(m.Err))
		return
	}
	c.Log.Info("action done", "what", m.What)
}
