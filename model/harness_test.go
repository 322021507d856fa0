package model

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/vt"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// The end-to-end harness runs the dashboard's Bubble Tea program
// (NewProgram), with its real renderer, writing into a virtual terminal
// (charmbracelet/x/vt), against the
// emulator over loopback through the real service client and SDK. Keys go in
// with Program.Send; the screen is read back from the virtual terminal.

// vterm is a virtual terminal safe for the renderer to write while a test
// reads the screen.
type vterm struct {
	mu  sync.Mutex
	emu *vt.Emulator
}

func newVterm(w, h int) *vterm {
	t := &vterm{emu: vt.NewEmulator(w, h)}
	// The emulator answers terminal queries on a pipe: drain it, or a
	// query from the program would block the renderer.
	go func() { _, _ = io.Copy(io.Discard, t.emu) }()
	return t
}

func (t *vterm) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	// Output that is not a TTY gets bare LFs, which a real terminal's line
	// discipline (ONLCR) turns into CR LF; do the same.
	if _, err := t.emu.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (t *vterm) screen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.emu.String()
}

type harness struct {
	t    *testing.T
	app  *App
	prog *tea.Program
	term *vterm
	done chan struct{}
	// clock is the program's fake clock (nil: the real one). The harness
	// moves it while a test waits for the screen, a step to its next timer
	// each time the screen has been still for harnessQuiet.
	clock *fakeClock
}

// harnessQuiet is how long the screen stays still before the harness moves
// a fake clock on: what a key press or an answer set off shows first.
const harnessQuiet = 100 * time.Millisecond

type harnessOpts struct {
	width, height int
	readOnly      bool
	start         string
	interval      time.Duration
	// fakeClock runs the program on a fake clock that moves while the
	// test waits (see harness.clock).
	fakeClock bool
	// clock is a fake clock made beforehand (one the emulator runs on
	// too); it implies fakeClock.
	clock *fakeClock
	// config adjusts the dashboard's configuration (signer, export
	// directory, bell, another client) before it starts.
	config func(*Config)
	// tee also receives every byte the program writes to the terminal.
	tee io.Writer
}

// newEmulator starts an emulator on loopback for one test.
func newEmulator(t *testing.T, o emulator.Options) *emulator.Emulator {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	e, err := emulator.Start(ctx, "127.0.0.1:0", o)
	if err != nil {
		cancel()
		t.Fatalf("start emulator: %v", err)
	}
	t.Cleanup(func() { _ = e.Close(); cancel() })
	return e
}

// testClient is a service client for an emulator with a budget generous
// enough that tests do not wait on it.
func testClient(e *emulator.Emulator) *service.Client {
	return service.NewForEndpoint(e.URL(), "us-east-1", budget.Config{Fraction: 1})
}

func startHarness(t *testing.T, e *emulator.Emulator, o harnessOpts) *harness {
	t.Helper()
	if o.width == 0 {
		o.width, o.height = 120, 40
	}
	if o.interval == 0 {
		o.interval = time.Second
	}
	ctx, cancel := context.WithCancel(context.Background())
	cfg := Config{
		Client:   testClient(e),
		Interval: o.interval,
		ReadOnly: o.readOnly,
		Mode:     "test",
		Endpoint: e.URL(),
		Start:    o.start,
		Context:  ctx,
	}
	clock := o.clock
	if clock == nil && o.fakeClock {
		clock = newFakeClock(t)
	}
	if clock != nil {
		cfg.Clock = clock
	}
	if o.config != nil {
		o.config(&cfg)
	}
	app := New(cfg)
	term := newVterm(o.width, o.height)
	var out io.Writer = term
	if o.tee != nil {
		out = io.MultiWriter(term, o.tee)
	}
	prog := NewProgram(app,
		tea.WithContext(ctx),
		tea.WithInput(nil),
		tea.WithOutput(out),
		tea.WithWindowSize(o.width, o.height),
		tea.WithColorProfile(colorprofile.Ascii),
		tea.WithoutSignalHandler(),
		tea.WithEnvironment([]string{"TERM=xterm-256color"}),
	)
	h := &harness{t: t, app: app, prog: prog, term: term, done: make(chan struct{}), clock: clock}
	go func() {
		defer close(h.done)
		_, _ = prog.Run()
	}()
	t.Cleanup(func() {
		prog.Quit()
		select {
		case <-h.done:
		case <-time.After(5 * time.Second):
			prog.Kill()
			<-h.done
		}
		cancel()
	})
	return h
}

// keyMsg turns a key name of the key map ("enter", "ctrl+d", "j", ":") into
// the message a terminal would produce.
func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	}
	if strings.HasPrefix(k, "ctrl+") && len(k) == 6 {
		return tea.KeyPressMsg{Code: rune(k[5]), Mod: tea.ModCtrl}
	}
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// press sends keys one by one.
func (h *harness) press(keys ...string) {
	for _, k := range keys {
		h.prog.Send(keyMsg(k))
	}
}

// typeText types text into whatever has the focus.
func (h *harness) typeText(s string) {
	for _, r := range s {
		h.prog.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// waitFor waits until the screen contains every one of the texts.
func (h *harness) waitFor(texts ...string) string {
	h.t.Helper()
	return h.waitScreen(fmt.Sprintf("%q", texts), func(screen string) bool { return containsAll(screen, texts) })
}

// waitScreen waits until the virtual terminal's screen satisfies ok,
// moving a fake clock on while the screen is still.
func (h *harness) waitScreen(what string, ok func(screen string) bool) string {
	h.t.Helper()
	return h.waitStepping(what, ok, harnessQuiet)
}

// waitStepping is waitScreen with the stillness that moves the clock.
func (h *harness) waitStepping(what string, ok func(screen string) bool, quiet time.Duration) string {
	h.t.Helper()
	deadline := time.Now().Add(30 * time.Second) // generous: CI runs packages side by side on 2 cores
	var last string
	still := time.Now()
	for time.Now().Before(deadline) {
		screen := h.term.screen()
		if ok(screen) {
			return screen
		}
		if screen != last {
			last, still = screen, time.Now()
		} else if h.clock != nil && time.Since(still) >= quiet {
			h.clock.step()
			still = time.Now()
		}
		time.Sleep(min(quiet/2, 20*time.Millisecond))
	}
	h.t.Fatalf("the screen never showed %s; last screen:\n%s", what, last)
	return ""
}

// waitClock runs the program until its fake clock reaches at. Nothing on
// screen is awaited, so a shorter stillness moves the clock.
func (h *harness) waitClock(at time.Time) {
	h.t.Helper()
	h.waitStepping("the clock at "+at.Format(time.TimeOnly), func(string) bool { return !h.clock.Now().Before(at) }, harnessQuiet/3)
}

// waitUntil polls a condition (on the emulator's state, say).
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second) // generous: CI runs packages side by side on 2 cores
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}
