package model

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
)

// The filter passes a typed key at once after a pause, gathers the keys
// that follow closer together, and hands them on in order before any other
// key or when the frame ends.
func TestKeyFloodGathersTypedKeysInOrder(t *testing.T) {
	now := time.Unix(0, 0)
	var flushes int
	f := newKeyFlood(nil)
	f.now = func() time.Time { return now }
	f.after = func(time.Duration, func()) { flushes++ }
	key := func(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

	if got := f.filter(nil, key('a')); got != key('a') {
		t.Fatalf("the first key after a pause: %v; want it at once", got)
	}
	for _, r := range "bcd" {
		if got := f.filter(nil, key(r)); got != nil {
			t.Fatalf("key %c within the frame: %v; want it gathered", r, got)
		}
	}
	if flushes != 1 {
		t.Fatalf("%d flushes armed; want 1", flushes)
	}
	enter := keyMsg("enter")
	got, ok := f.filter(nil, enter).(keyBatchMsg)
	if !ok || len(got) != 4 || got[0] != key('b') || got[2] != key('d') || got[3] != enter {
		t.Fatalf("enter after gathered keys: %v; want b c d enter", got)
	}
	f.filter(nil, key('e'))
	for _, m := range []tea.Msg{tea.QuitMsg{}, tea.WindowSizeMsg{Width: 80, Height: 24}} {
		if got := f.filter(nil, m); got != m {
			t.Fatalf("%T while keys are gathered: %v; want it at once, to Bubble Tea's loop", m, got)
		}
	}
	if got, ok := f.filter(nil, floodFlushMsg{}).(keyBatchMsg); !ok || len(got) != 1 || got[0] != key('e') {
		t.Fatalf("the frame's end: %v; want the gathered e", got)
	}
	if got := f.filter(nil, floodFlushMsg{}); got != nil {
		t.Fatalf("a flush with nothing gathered: %v; want nothing", got)
	}
	if got := f.filter(nil, keyMsg("ctrl+c")); got != keyMsg("ctrl+c") {
		t.Fatalf("ctrl+c: %v; want it at once", got)
	}
	now = now.Add(floodStill / 2) // a busy machine, not a typist
	if got := f.filter(nil, key('f')); got != nil {
		t.Fatalf("a key %v after the last: %v; want it gathered", floodStill/2, got)
	}
	f.filter(nil, floodFlushMsg{})
	now = now.Add(floodStill)
	if got := f.filter(nil, key('g')); got != key('g') {
		t.Fatalf("a key %v after the last: %v; want it at once", floodStill, got)
	}
	// A key that waited while a slow screen was drawn is part of a flood.
	now = now.Add(time.Second)
	f.drawn = now
	if got := f.filter(nil, key('h')); got != nil {
		t.Fatalf("a key just after a screen: %v; want it gathered", got)
	}
}

// viewCounter is the App under a real program, counting the screens drawn
// and telling when a tab (the key after the flood) has been handled.
type viewCounter struct {
	*App
	mu    sync.Mutex
	views int
	tab   chan struct{}
}

func (v *viewCounter) Init() tea.Cmd { return nil } // no client: nothing to load

func (v *viewCounter) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := v.App.Update(msg)
	msgs := []tea.Msg{msg}
	if b, ok := msg.(keyBatchMsg); ok {
		msgs = b
	}
	for _, m := range msgs {
		if k, ok := m.(tea.KeyPressMsg); ok && k.Code == tea.KeyTab {
			close(v.tab)
		}
	}
	return v, cmd
}

func (v *viewCounter) View() tea.View {
	v.mu.Lock()
	v.views++
	v.mu.Unlock()
	return v.App.View()
}

// pasteUnbracketed runs the dashboard's program with a form open, writes
// text to its input as a terminal without bracketed paste would (a key
// event per character), then a tab. It returns the form's first field, the
// screens drawn, and how long the tab took to be handled after the last
// byte of the paste was read.
func pasteUnbracketed(tb testing.TB, text string) (field string, views int, answer time.Duration) {
	tb.Helper()
	a := newTestApp(120, 40)
	f := panes.NewTokenForm(a.ctx, stageFixture()[0])
	v := &viewCounter{App: a, tab: make(chan struct{})}
	in, input := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := NewProgram(v, tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(io.Discard),
		tea.WithWindowSize(120, 40), tea.WithoutSignalHandler())
	done := make(chan struct{})
	go func() { defer close(done); _, _ = p.Run() }()
	p.Send(kit.OpenDialogMsg{Dialog: f})
	if _, err := io.WriteString(input, text); err != nil {
		tb.Fatal(err)
	}
	flooded := time.Now()
	if _, err := io.WriteString(input, "\t"); err != nil {
		tb.Fatal(err)
	}
	select {
	case <-v.tab:
	case <-time.After(time.Minute):
		tb.Fatal("the tab after the paste was not handled within a minute")
	}
	answer = time.Since(flooded)
	p.Quit()
	<-done
	_ = input.Close()
	v.mu.Lock()
	defer v.mu.Unlock()
	return f.Fields()[0].(*form.Text).Value(), v.views, answer
}

// An unbracketed paste runs every key through Update, in order, and draws
// the screen at most once a frame rather than once a key: before, 100 KB
// took nine minutes to draw key by key (3,000 keys: 3,532 screens in
// 12.3 s). How many keys a frame gathers depends on how fast the machine
// hands them on; that it draws no more than a screen a frame (and a few
// for the cursor's blink) does not. (BenchmarkPasteUnbracketed times it.)
func TestUnbracketedPasteIsDrawnOncePerFrame(t *testing.T) {
	const keys = 3000
	text := strings.Repeat("k", keys)
	start := time.Now()
	field, views, _ := pasteUnbracketed(t, text)
	frames := int(time.Since(start) / floodFrame)
	if want := strings.Repeat("k", len(field)); len(field) == 0 || field != want || len(field) > keys {
		t.Fatalf("the user id holds %q; want the paste, cut at its limit", field)
	}
	if limit := frames + 20; views > limit || views >= keys {
		t.Errorf("%d screens drawn for a paste of %d keys in %d frames; want at most one a frame (%d)", views, keys, frames, limit)
	}
	t.Logf("%d screens drawn for a paste of %d keys in %d frames", views, keys, frames)
}

// pasteKB is the size of the pastes measured: 100 KB, a key event each.
const pasteKB = 100

// BenchmarkPasteFlood is a 100 KB unbracketed paste into the token form's
// user id as the program hands it to the App once gathered: 102,400 key
// events through Update, then one screen.
func BenchmarkPasteFlood(b *testing.B) {
	batch := make(keyBatchMsg, pasteKB*1024)
	for i := range batch {
		batch[i] = tea.KeyPressMsg{Code: 'k', Text: "k"}
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		a := newTestApp(120, 40)
		a.Update(kit.OpenDialogMsg{Dialog: panes.NewTokenForm(a.ctx, stageFixture()[0])})
		b.StartTimer()
		a.Update(batch)
		_ = a.View()
	}
}

// BenchmarkPasteUnbracketed is the same paste through the dashboard's real
// program, fed as bytes on its input: ms/paste from the first byte to the
// tab after it handled, ms-after from the paste's last byte read to the tab
// handled, and the screens drawn.
func BenchmarkPasteUnbracketed(b *testing.B) {
	text := strings.Repeat("k", pasteKB*1024)
	var total, after time.Duration
	var views int
	for b.Loop() {
		start := time.Now()
		_, v, answer := pasteUnbracketed(b, text)
		total += time.Since(start)
		after += answer
		views += v
	}
	n := float64(b.N)
	b.ReportMetric(total.Seconds()*1000/n, "ms/paste")
	b.ReportMetric(after.Seconds()*1000/n, "ms-after")
	b.ReportMetric(float64(views)/n, "screens/paste")
}
