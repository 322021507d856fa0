package model

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// modelDriver runs the App as Bubble Tea does, without a renderer or a
// terminal: every command on its own goroutine, every message back into
// Update on one goroutine (the test's), batches fanned out and sequences
// run in order. The service client and the emulator behind it are real;
// only the screen is skipped, so a hundred fault cases fit in the time a
// handful of full programs in a virtual terminal would take. A panic in a
// command or in Update fails the test with its stack.
//
// When the App runs on a fakeClock, the driver advances it whenever the
// App is idle: no message waiting and every command still running blocked
// on the clock. Calls to the emulator, the SDK's retries and the budget's
// waits take real time, during which the fake clock stands still; the
// dashboard's own waits (polling, the watcher's spacing, flashes) take none.
// With quiet set, the clock also moves once no message has come for that
// long: time passes while calls hang (a slow API).
type modelDriver struct {
	t      testing.TB
	app    *App
	msgs   chan tea.Msg
	ctx    context.Context
	cancel context.CancelFunc

	clock        *fakeClock // nil: the App runs on the real clock
	execs, dones atomic.Int64
	quiet        time.Duration
	lastMsg      time.Time // when send last ran

	mu     sync.Mutex
	panics []string
}

func newModelDriver(t testing.TB, app *App, width, height int) *modelDriver {
	ctx, cancel := context.WithCancel(context.Background())
	d := &modelDriver{t: t, app: app, msgs: make(chan tea.Msg, 1024), ctx: ctx, cancel: cancel}
	d.clock, _ = app.ctx.Clock.(*fakeClock)
	t.Cleanup(cancel)
	d.send(tea.WindowSizeMsg{Width: width, Height: height})
	d.exec(app.Init())
	return d
}

// exec runs a command on its own goroutine and posts what it returns.
func (d *modelDriver) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	// The text cursor's blink waits on the real clock, forever re-armed:
	// it does not keep the App busy.
	counted := !isCursorBlink(cmd)
	if counted {
		d.execs.Add(1)
	}
	go func() {
		if counted {
			defer d.dones.Add(1)
		}
		defer d.recover()
		d.post(cmd())
	}()
}

// isCursorBlink reports whether cmd is the bubbles cursor's blink.
func isCursorBlink(cmd tea.Cmd) bool {
	fn := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer())
	return fn != nil && strings.HasPrefix(fn.Name(), "charm.land/bubbles/v2/cursor.")
}

func (d *modelDriver) recover() {
	if r := recover(); r != nil {
		d.mu.Lock()
		d.panics = append(d.panics, fmt.Sprintf("%v\n%s", r, debug.Stack()))
		d.mu.Unlock()
	}
}

// post hands a command's result to the loop: batches run concurrently,
// sequences in order, as Bubble Tea's event loop does.
func (d *modelDriver) post(msg tea.Msg) {
	switch m := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range m {
			d.exec(c)
		}
		return
	}
	if cmds, ok := sequenceOf(msg); ok {
		for _, c := range cmds {
			if c != nil {
				d.post(c())
			}
		}
		return
	}
	select {
	case d.msgs <- msg:
	case <-d.ctx.Done():
	}
}

// sequenceOf unpacks tea.Sequence's message, whose type is unexported: a
// slice of commands that is not a BatchMsg.
func sequenceOf(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	cmdSlice := reflect.TypeOf([]tea.Cmd(nil))
	if v.Kind() != reflect.Slice || !v.Type().ConvertibleTo(cmdSlice) {
		return nil, false
	}
	return v.Convert(cmdSlice).Interface().([]tea.Cmd), true
}

// send runs Update with msg on the test's goroutine and executes its command.
func (d *modelDriver) send(msg tea.Msg) {
	d.t.Helper()
	var cmd tea.Cmd
	func() {
		defer func() {
			if r := recover(); r != nil {
				d.t.Fatalf("Update panicked on %T: %v\n%s", msg, r, debug.Stack())
			}
		}()
		_, cmd = d.app.Update(msg)
	}()
	d.lastMsg = time.Now()
	d.checkPanics()
	d.exec(cmd)
}

// press sends key presses by their key map names ("enter", "ctrl+d", "j").
func (d *modelDriver) press(keys ...string) {
	d.t.Helper()
	for _, k := range keys {
		d.send(keyMsg(k))
	}
}

func (d *modelDriver) checkPanics() {
	d.t.Helper()
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.panics) > 0 {
		d.t.Fatalf("a command panicked: %s", d.panics[0])
	}
}

// idle reports whether nothing but the fake clock can move the App on: no
// message waits and every command running is blocked on the clock. The
// counters are read around the clock's so that no command started or
// ended in between.
func (d *modelDriver) idle() bool {
	e1, n1 := d.execs.Load(), d.dones.Load()
	w := d.clock.waiters()
	e2, n2 := d.execs.Load(), d.dones.Load()
	return e1 == e2 && n1 == n2 && e1-n1 == int64(w) && len(d.msgs) == 0
}

// runUntil delivers messages until cond holds (checked after each message
// and every 20 ms) or timeout passes (real time); it reports whether cond
// held. On a fake clock it advances the clock whenever the App is idle.
func (d *modelDriver) runUntil(timeout time.Duration, cond func() bool) bool {
	d.t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	every := 20 * time.Millisecond
	if d.clock != nil {
		every = 2 * time.Millisecond // notice idleness soon
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if cond() {
			return true
		}
		if d.clock != nil && (d.idle() || d.quiet > 0 && len(d.msgs) == 0 && time.Since(d.lastMsg) >= d.quiet) && d.clock.step() {
			d.lastMsg = time.Now()
			continue
		}
		select {
		case msg := <-d.msgs:
			d.send(msg)
		case <-tick.C:
		case <-deadline.C:
			return cond()
		}
	}
}

// settle delivers messages until what a key press set off (a dialog
// opening, a flash, an action's call) has arrived: on a fake clock until
// the App is idle (the clock stays where it is), on the real one until no
// message has come for 30 ms (at most a second).
func (d *modelDriver) settle() {
	d.t.Helper()
	if d.clock != nil {
		d.untilIdle()
		return
	}
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		select {
		case msg := <-d.msgs:
			d.send(msg)
		case <-time.After(30 * time.Millisecond):
			return
		}
	}
}

// untilIdle delivers messages until the App is idle: every command it
// started has ended or waits on the fake clock. A call on its way has
// reached the emulator and its answer the App.
func (d *modelDriver) untilIdle() {
	d.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !d.idle() {
		if time.Now().After(deadline) {
			d.t.Fatalf("the App never became idle:\n%s", d.screen())
		}
		select {
		case msg := <-d.msgs:
			d.send(msg)
		case <-time.After(time.Millisecond):
		}
	}
}

// runUntilClock runs the App on its fake clock until the clock reaches at
// (real time 30 s at most).
func (d *modelDriver) runUntilClock(at time.Time) {
	d.t.Helper()
	if !d.runUntil(30*time.Second, func() bool { return !d.clock.Now().Before(at) }) {
		d.t.Fatalf("the fake clock never reached %v (it is at %v)", at, d.clock.Now())
	}
}

// screen renders the whole screen as plain text.
func (d *modelDriver) screen() string {
	d.t.Helper()
	var out string
	func() {
		defer func() {
			if r := recover(); r != nil {
				d.t.Fatalf("View panicked: %v\n%s", r, debug.Stack())
			}
		}()
		out = ansi.Strip(d.app.render())
	}()
	return out
}

// shows reports whether the screen holds every text.
func (d *modelDriver) shows(texts ...string) bool {
	s := d.screen()
	for _, x := range texts {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

// loaded reports whether the top pane's data came in and its last refresh
// succeeded.
func (d *modelDriver) loaded() bool {
	l := d.app.top().Load()
	return !l.LastOK.IsZero() && l.LastErr == nil
}
