package model

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// A terminal that does not bracket a paste sends it as one key event per
// character, and Bubble Tea runs Update and View after every event: 100 KB
// pasted into a form took nine minutes to draw, key by key. NewProgram's
// filter gathers such a flood of typed keys and hands them to the App as one
// keyBatchMsg a frame: every key still goes through Update, in order, but the
// screen is drawn once a frame, so the program answers the next key soon
// after the flood ends. Typing at human speed is not delayed: a key that
// comes floodStill after the last one and a frame after the last screen
// goes through at once; a gathered key waits a frame at most. (Keys that
// waited while a screen was drawn arrive just after it: they are the flood,
// however long the screen took, and so are keys a busy machine hands on
// late, unless they are a typist's pace apart.)

// floodFrame is how long typed keys gather before they are handed on: one
// frame of Bubble Tea's default 60 a second.
const floodFrame = time.Second / 60

// floodStill is the pause after a typed key that ends a flood: a typist's
// keys are further apart, a paste's much closer.
const floodStill = 100 * time.Millisecond

// keyBatchMsg is keys (and the message that ended the gathering, if any),
// for the App to run one after another before the screen is drawn again.
type keyBatchMsg []tea.Msg

// floodFlushMsg says a frame has passed since typed keys began to gather.
type floodFlushMsg struct{}

// keyFlood is NewProgram's filter. It runs on Bubble Tea's event loop only;
// its timer goes through send, the program's Send.
type keyFlood struct {
	send    func(tea.Msg)
	now     func() time.Time
	after   func(time.Duration, func())
	pending keyBatchMsg
	armed   bool      // a flush is on its way
	last    time.Time // when the last typed key came
	drawn   time.Time // when the last screen was drawn (floodModel)
}

func newKeyFlood(send func(tea.Msg)) *keyFlood {
	return &keyFlood{
		send:  send,
		now:   time.Now,
		after: func(d time.Duration, f func()) { time.AfterFunc(d, f) },
	}
}

// typed reports whether msg is a key that types text (no ctrl or alt).
func typed(msg tea.Msg) bool {
	k, ok := msg.(tea.KeyPressMsg)
	return ok && k.Text != "" && k.Mod&^tea.ModShift == 0
}

// ordered reports whether msg must reach the App after the keys gathered
// before it: any key (enter, tab, esc...) or paste. Bubble Tea's own
// messages (quit, resize, mouse, clipboard...) must reach its event loop as
// they are, and their order with typed text does not matter.
func ordered(msg tea.Msg) bool {
	switch msg.(type) {
	case tea.KeyMsg, tea.PasteMsg, tea.PasteStartMsg, tea.PasteEndMsg:
		return true
	}
	return false
}

// filter passes a typed key on at once after a still frame and gathers the
// ones that follow it within the frame; a flush, or any other key or a
// paste, hands the gathered keys on first (with the message last), so no key
// is reordered. Other messages pass at once; gathered keys wait for the
// flush.
func (f *keyFlood) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	if _, ok := msg.(floodFlushMsg); ok {
		f.armed = false
		return f.take(nil)
	}
	if !ordered(msg) {
		return msg
	}
	if !typed(msg) {
		return f.take(msg)
	}
	now := f.now()
	still := now.Sub(f.last) >= floodStill && now.Sub(f.drawn) >= floodFrame
	f.last = now
	if len(f.pending) == 0 && still {
		return msg
	}
	f.pending = append(f.pending, msg)
	if !f.armed {
		f.armed = true
		f.after(floodFrame, func() { f.send(floodFlushMsg{}) })
	}
	return nil
}

// take hands on the gathered keys followed by msg; nil when there is
// nothing.
func (f *keyFlood) take(msg tea.Msg) tea.Msg {
	if len(f.pending) == 0 {
		return msg
	}
	batch := f.pending
	if msg != nil {
		batch = append(batch, msg)
	}
	f.pending = nil
	return batch
}

// NewProgram is the dashboard's Bubble Tea program for m (the App, or a
// model that wraps it) with opts, a flood of typed keys drawn once a frame.
func NewProgram(m tea.Model, opts ...tea.ProgramOption) *tea.Program {
	var p *tea.Program
	f := newKeyFlood(func(msg tea.Msg) { p.Send(msg) })
	p = tea.NewProgram(floodModel{Model: m, flood: f}, append(opts, tea.WithFilter(f.filter))...)
	return p
}

// floodModel is m telling the filter when a screen was last drawn. Bubble
// Tea calls View and the filter on its event loop only.
type floodModel struct {
	tea.Model
	flood *keyFlood
}

func (m floodModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := m.Model.Update(msg)
	m.Model = next
	return m, cmd
}

func (m floodModel) View() tea.View {
	v := m.Model.View()
	m.flood.drawn = m.flood.now()
	return v
}

// updateBatch runs Update with each message of a batch, in order.
func (a *App) updateBatch(batch keyBatchMsg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(batch))
	for _, msg := range batch {
		_, cmd := a.Update(msg)
		if cmd != nil {
			cmds = append(cmds, cmd)
		}
	}
	return tea.Batch(cmds...)
}
