package model

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/localtoken"
	"github.com/ivsdash/ivsdash/service/metrics"
	"github.com/ivsdash/ivsdash/ui"
)

// Config is what main gives the dashboard.
type Config struct {
	Client   *service.Client
	Interval time.Duration // polling; default 5s
	ReadOnly bool
	Mode     string // shown in the status bar: "demo", "profile prod", ...
	Endpoint string
	Now      func() time.Time // fixes the time (golden tests); default: Clock's
	// Clock times every wait: polling, the 1-second clock, the error
	// watcher's schedule and so the flashes' expiry. Default: the real one.
	Clock kit.Clock
	// Start is the first pane: "stages" (default), "compositions", ...
	Start string
	// Context ends every call in flight when the program stops.
	Context context.Context
	// CallTimeout bounds one call (default 15s).
	CallTimeout time.Duration
	// ErrorWindow is how far back error counts go (default 15m); Bell rings
	// the terminal bell on error alerts; Signer mints tokens locally;
	// ExportDir is where exports go (default: the current directory).
	ErrorWindow time.Duration
	Bell        bool
	Signer      *localtoken.Signer
	ExportDir   string
	// NoMouse leaves the mouse to the terminal (--no-mouse): no wheel
	// scrolling, no clicking rows.
	NoMouse bool
	// Logger, when set, records actions and their outcomes (--log). It
	// never receives a token or a stream key: only what the status bar says.
	Logger *slog.Logger
	// Metrics reads the broadcast health from CloudWatch; nil (--no-metrics)
	// shows no charts and makes no CloudWatch call.
	Metrics *metrics.Client
	// Viewers, when set, counts the dashboards sharing Client (ivsdash
	// serve): the status bar shows it beside the shared budget, and the
	// error watcher takes its share of the budget divided among them.
	Viewers func() int
	// FilesHost names the machine files written with w land on when it is
	// not the viewer's (ivsdash serve: the server); relative paths then go
	// under ExportDir, and the flash names the host. "": this machine.
	FilesHost string
	// Events, when set, is the queue of the events IVS pushes to
	// EventBridge (--events-queue), its reader already started; nil: off.
	// EventsStop stops it (at :ctx, for the next profile's queue).
	Events     EventFeed
	EventsStop func()
	// EventsFor starts the feed of a profile switched to with :ctx (the
	// configuration file's queue for it), reading until ctx ends; a nil
	// feed and no error: that profile has none. nil: no feed after :ctx.
	EventsFor func(ctx context.Context, profile string, client *service.Client) (EventFeed, error)
	// Favorites are stage names pinned at the top of the stages pane;
	// Theme is one of ui.Themes ("": dark). Both from the configuration
	// file.
	Favorites []string
	Theme     string
	// Profile is the AWS profile of Client ("": the default chain's);
	// Connect builds a client for another profile and region, for :ctx
	// (nil: --demo and --endpoint-url, which have no contexts).
	Profile string
	Connect ConnectFunc
	// ReadOnlyFor says whether a profile switched to is read-only (the
	// configuration file's per-profile setting); nil: ReadOnly stays.
	ReadOnlyFor func(profile string) bool
}

// App is the root model. It owns the pane stack (navigation), the dialog
// stack (the top dialog gets the keys), the prompt for `:` and `/`, polling
// and the status bar, and routes every message to the one that needs it.
type App struct {
	ctx     *kit.Context
	stack   []kit.Pane
	dialogs []kit.Dialog
	prompt  prompt
	status  status

	paused  bool
	pollGen uint64
	help    bool
	quit    bool

	noMouse   bool
	lastClick click // for double-clicks

	feed      EventFeed // pushed events; nil: none
	feedStop  func()    // stops feed; nil: not ours to stop
	feedGen   uint64    // bumps with each feed, so a stopped one's batches are dropped
	eventsFor func(ctx context.Context, profile string, client *service.Client) (EventFeed, error)
	failures  []string // pushed failures' alerts not flashed yet
	connect   ConnectFunc
	readOnly  func(profile string) bool
}

// New builds the dashboard.
func New(cfg Config) *App {
	keys := keymap.Default()
	keys.SetReadOnly(cfg.ReadOnly)
	keys.SetMouse(!cfg.NoMouse)
	interval := cfg.Interval
	if interval <= 0 {
		interval = 5 * time.Second
	}
	c := &kit.Context{
		Client:   cfg.Client,
		Styles:   ui.ThemeStyles(cfg.Theme),
		Keys:     &keys,
		Now:      cfg.Now,
		Interval: interval,
		ReadOnly: cfg.ReadOnly,
		Mode:     cfg.Mode,
		Endpoint: cfg.Endpoint,
		Base:     cfg.Context,
		Log:      cfg.Logger,
		Clock:    cfg.Clock,

		CallTimeout: cfg.CallTimeout,

		ErrorWindow: cfg.ErrorWindow,
		Bell:        cfg.Bell,
		Signer:      cfg.Signer,
		ExportDir:   cfg.ExportDir,
		Viewers:     cfg.Viewers,
		FilesHost:   cfg.FilesHost,
		Watch:       watch.New(cfg.ErrorWindow, interval),
		Spin:        kit.NewSpinner(),
		Metrics:     cfg.Metrics,
		Favorites:   cfg.Favorites,
		Profile:     cfg.Profile,
	}
	a := &App{ctx: c, noMouse: cfg.NoMouse, feed: cfg.Events, feedStop: cfg.EventsStop, eventsFor: cfg.EventsFor,
		connect: cfg.Connect, readOnly: cfg.ReadOnlyFor}
	c.Top = func() kit.PaneID { return a.top().ID() }
	first := a.rootPane(cfg.Start)
	if first == nil {
		first = a.rootPane("stages")
	}
	a.stack = []kit.Pane{first}
	return a
}

// Init loads the first pane and starts its polling and the clock.
func (a *App) Init() tea.Cmd {
	a.syncPushed()
	return tea.Batch(a.top().Init(a.ctx), a.restartPolling(), a.clock(), a.watchSync(), a.awaitPushed())
}

func (a *App) top() kit.Pane { return a.stack[len(a.stack)-1] }

// push opens p over the top pane.
func (a *App) push(p kit.Pane) tea.Cmd {
	a.stack = append(a.stack, p)
	return tea.Batch(p.Init(a.ctx), a.restartPolling(), a.watchSync())
}

func (a *App) clock() tea.Cmd {
	return a.ctx.Tick(time.Second, func(t time.Time) tea.Msg { return kit.ClockMsg(t) })
}

// restartPolling begins a new polling generation for the top pane; ticks of
// older generations are dropped when they arrive.
func (a *App) restartPolling() tea.Cmd {
	a.pollGen++
	if a.paused {
		return nil
	}
	return a.pollAfter(a.top().ID(), a.pollGen)
}

func (a *App) pollAfter(id kit.PaneID, gen uint64) tea.Cmd {
	return a.ctx.Tick(a.ctx.Interval, func(time.Time) tea.Msg { return kit.PollMsg{Pane: id, Gen: gen} })
}

// Update routes a message (see route), and keeps the spinner turning
// while the top pane's first page loads.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := a.route(msg)
	if spin := a.ctx.Spin.Run(a.ctx, msg, a.firstLoad()); spin != nil {
		cmd = tea.Batch(cmd, spin)
	}
	return m, cmd
}

// firstLoad reports whether the top pane shows the spinner: it is loading
// and has shown nothing yet.
func (a *App) firstLoad() bool {
	if _, ok := a.top().(kit.Spinning); !ok {
		return false
	}
	l := a.top().Load()
	return l.Loading && l.LastOK.IsZero() && l.LastErr == nil
}

// route routes a message: results to their pane, keys to the top dialog,
// the prompt, the global bindings or the top pane, in that order.
func (a *App) route(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.ctx.Width, a.ctx.Height = msg.Width, msg.Height
		return a, nil

	case kit.ClockMsg:
		a.status.expire(time.Time(msg))
		a.syncPushed()
		return a, tea.Batch(a.clock(), a.flashFailure(time.Time(msg)), a.watchSync())

	case kit.PollMsg:
		if msg.Gen != a.pollGen || a.paused || msg.Pane != a.top().ID() {
			return a, nil
		}
		return a, tea.Batch(a.top().Refresh(a.ctx), a.pollAfter(msg.Pane, msg.Gen))

	case kit.PaneMsg:
		p := a.find(msg.To)
		if p == nil {
			return a, nil // the pane was closed: a late answer
		}
		a.watchObserve(p, msg.Msg) // share listed participants
		return a, p.Update(a.ctx, msg.Msg)

	case watchDoneMsg, watchWakeMsg, kit.WatchPokeMsg:
		return a, a.watchUpdate(msg)

	case pushedMsg, pushedClosedMsg:
		return a, a.pushedUpdate(msg)

	case feedStartedMsg:
		return a, a.feedStarted(msg)

	case kit.PushPaneMsg:
		return a, a.push(msg.Pane)

	case kit.OpenMsg:
		return a, a.openPane(msg.To)

	case kit.PopPaneMsg:
		return a, a.back()

	case kit.JumpMsg:
		return a, a.jump(msg.Target)

	case kit.SwitchContextMsg:
		return a, a.switchContext(msg)

	case contextSwitchedMsg:
		return a, a.contextSwitched(msg)

	case kit.OpenDialogMsg:
		a.dialogs = append(a.dialogs, msg.Dialog)
		return a, msg.Dialog.Init(a.ctx)

	case kit.CloseDialog:
		if len(a.dialogs) > 0 {
			a.dialogs = a.dialogs[:len(a.dialogs)-1]
		}
		return a, nil

	case kit.FlashMsg:
		a.status.flash(msg.Level, msg.Text, a.ctx.CurrentTime())
		return a, nil

	case kit.ActionDoneMsg:
		a.ctx.LogAction(msg)
		if msg.Err != nil {
			a.status.flash(kit.FlashError, kit.ErrorSentence(msg.Err), a.ctx.CurrentTime())
		} else if msg.What != "" {
			a.status.flash(kit.FlashSuccess, msg.What, a.ctx.CurrentTime())
		}
		if p := a.find(msg.Pane); p != nil {
			return a, p.Update(a.ctx, msg)
		}
		return a, nil

	case tea.KeyPressMsg:
		return a, a.key(msg)

	case tea.MouseWheelMsg:
		return a, a.wheel(msg)

	case tea.MouseClickMsg:
		return a, a.click(msg)

	case keyBatchMsg:
		return a, a.updateBatch(msg)
	}

	// Anything else (cursor blinks, paste) goes to whoever has the focus.
	if len(a.dialogs) > 0 {
		return a, a.updateDialog(msg)
	}
	if a.prompt.active() {
		return a, a.prompt.update(a.ctx, msg)
	}
	return a, nil
}

func (a *App) key(msg tea.KeyPressMsg) tea.Cmd {
	k := a.ctx.Keys
	// Read-only is enforced here and only here: the key map disables the
	// mutating bindings, which then neither match a key nor show in help,
	// so no pane checks it. Applied at every key, from the one switch.
	k.SetReadOnly(a.ctx.ReadOnly)
	if key.Matches(msg, k.ForceQuit) { // quits from anywhere, even a form
		a.quit = true
		return tea.Quit
	}
	if len(a.dialogs) > 0 {
		return a.updateDialog(msg)
	}
	if a.help {
		if key.Matches(msg, k.Back, k.Help, k.Quit) {
			a.help = false
		}
		return nil
	}
	if a.prompt.active() {
		return a.promptKey(msg)
	}
	switch {
	case key.Matches(msg, k.Quit):
		a.quit = true
		return tea.Quit
	case key.Matches(msg, k.Help):
		a.help = true
		return nil
	case key.Matches(msg, k.LastError):
		return a.showLastError()
	case key.Matches(msg, k.Triage):
		if _, on := a.top().(*panes.TriagePane); on {
			a.status.flash(kit.FlashInfo, "this is the error triage: esc goes back", a.ctx.CurrentTime())
			return nil
		}
		return kit.OpenRoute(route.Triage{})
	case key.Matches(msg, k.Jump):
		return a.prompt.open(promptJump, "", promptTargets)
	case key.Matches(msg, k.Filter):
		if f, ok := a.top().(kit.Filterable); ok {
			return a.prompt.open(promptFilter, f.Filter(), nil)
		}
		return nil
	case key.Matches(msg, k.Back):
		if f, ok := a.top().(kit.Filterable); ok && f.Filter() != "" {
			f.SetFilter("")
			return nil
		}
		return a.back()
	case key.Matches(msg, k.Refresh):
		a.status.flash(kit.FlashInfo, "refreshing", a.ctx.CurrentTime())
		return tea.Batch(a.top().Refresh(a.ctx), a.restartPolling())
	case key.Matches(msg, k.Pause):
		a.paused = !a.paused
		if a.paused {
			a.pollGen++
			a.status.flash(kit.FlashInfo, "polling paused: p resumes, r refreshes once", a.ctx.CurrentTime())
			return nil
		}
		a.status.flash(kit.FlashInfo, "polling resumed", a.ctx.CurrentTime())
		return tea.Batch(a.top().Refresh(a.ctx), a.restartPolling())
	case key.Matches(msg, k.Token):
		if s, ok := a.currentStage(); ok {
			return kit.Send(kit.OpenDialogMsg{Dialog: panes.NewTokenForm(a.ctx, s)})
		}
		a.status.flash(kit.FlashInfo, "select a stage first: t mints a token for the selected stage", a.ctx.CurrentTime())
		return nil
	}
	if key.Matches(msg, k.Console) {
		if l, ok := a.top().(kit.ConsoleLinked); ok {
			if t, ok := l.ConsoleTarget(); ok {
				return kit.CopyConsoleURL(a.ctx, t)
			}
		}
		a.status.flash(kit.FlashInfo, "no AWS console page here: C works on stages, sessions, participants and compositions", a.ctx.CurrentTime())
		return nil
	}
	cmd := a.top().Update(a.ctx, msg)
	if what := k.Blocked(msg); cmd == nil && what != "" {
		// The pane had no use for the key: it is one read-only switched off.
		a.status.flash(kit.FlashInfo, "read-only: "+what+" is off", a.ctx.CurrentTime())
	}
	return cmd
}

// currentStage is the stage a token would be minted for: the selected one
// in the stages pane, or the one a deeper pane belongs to.
func (a *App) currentStage() (service.Stage, bool) {
	if s, ok := a.top().(kit.StageScoped); ok {
		return s.CurrentStage()
	}
	return service.Stage{}, false
}

func (a *App) promptKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.ctx.Keys
	switch {
	case key.Matches(msg, k.Back):
		if a.prompt.kind == promptFilter {
			if f, ok := a.top().(kit.Filterable); ok {
				f.SetFilter("")
			}
		}
		a.prompt.close()
		return nil
	case key.Matches(msg, k.Submit):
		text := strings.TrimSpace(a.prompt.value())
		kind := a.prompt.kind
		a.prompt.close()
		if kind == promptJump {
			return a.jump(text)
		}
		return nil
	}
	cmd := a.prompt.update(a.ctx, msg)
	if a.prompt.kind == promptFilter {
		if f, ok := a.top().(kit.Filterable); ok {
			f.SetFilter(a.prompt.value()) // incremental: every keystroke filters
		}
	}
	return cmd
}

// back pops one pane; the pane below refreshes at once if it is due.
func (a *App) back() tea.Cmd {
	if len(a.stack) == 1 {
		return nil
	}
	a.stack = a.stack[:len(a.stack)-1]
	return tea.Batch(a.top().Refresh(a.ctx), a.restartPolling(), a.watchSync())
}

func (a *App) jump(target string) tea.Cmd {
	target = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(target)), ":")
	if target == "" {
		return nil
	}
	if target == "ctx" {
		return a.openPane(route.Contexts{})
	}
	for _, t := range jumpTargets {
		if strings.HasPrefix(t, target) {
			p := a.rootPane(t)
			if p == nil {
				a.status.flash(kit.FlashError, ":"+t+" is not available yet", a.ctx.CurrentTime())
				return nil
			}
			a.stack = []kit.Pane{p}
			a.prompt.remember(t)
			if a.status.level == kit.FlashError {
				a.status.text = "" // an earlier failure, a typo say, is over
			}
			return tea.Batch(p.Init(a.ctx), a.restartPolling(), a.watchSync())
		}
	}
	msg := "no resource called " + kit.QuoteUntrusted(target)
	if near, ok := closestJump(target); ok {
		msg += ": did you mean :" + near + "?"
	}
	a.status.flash(kit.FlashError, msg+" (all: "+strings.Join(promptTargets, ", ")+")", a.ctx.CurrentTime())
	return nil
}

func (a *App) find(id kit.PaneID) kit.Pane {
	for _, p := range a.stack {
		if p.ID() == id {
			return p
		}
	}
	return nil
}

// updateDialog gives msg to the top dialog and removes the dialog at once if
// it closed itself, so the next key already goes to what is under it.
func (a *App) updateDialog(msg tea.Msg) tea.Cmd {
	d := a.dialogs[len(a.dialogs)-1]
	cmd := d.Update(a.ctx, msg)
	if c, ok := d.(kit.Closable); ok && c.Finished() {
		for i := len(a.dialogs) - 1; i >= 0; i-- {
			if a.dialogs[i] == d {
				a.dialogs = append(a.dialogs[:i], a.dialogs[i+1:]...)
				break
			}
		}
	}
	return cmd
}
