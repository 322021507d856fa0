package form

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/ui"
)

func testEnv() Env {
	km := keymap.Default()
	return Env{
		Styles: ui.NewStyles(),
		Keys:   &km,
		Call: func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), time.Second)
		},
		Sentence: func(err error) string {
			return "in words: " + err.Error()
		},
	}
}

// keys are the key presses the tests make, by name.
var keys = map[string]tea.KeyPressMsg{
	"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
	"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "space": {Code: tea.KeySpace, Text: " "},
	"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "backspace": {Code: tea.KeyBackspace},
	"ctrl+s": {Code: 's', Mod: tea.ModCtrl},
}

// press is the key named k, or the letter k typed.
func press(k string) tea.KeyPressMsg {
	if m, ok := keys[k]; ok {
		return m
	}
	return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
}

func typeText(env Env, f *Form, text string) {
	for _, r := range text {
		f.Update(env, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// sample is a form of every kind of field but the pick list: a required
// name, a hidden-unless-on number, a checkbox and notes.
func sample() (*Form, *Text, *Toggle, *Text, *Area) {
	name := NewText("Name", "", "", "", 8, func(v string) string {
		if v == "" {
			return "the name is required"
		}
		return ""
	})
	on := NewToggle("limit", false, "", nil)
	limit := NewText("Limit", "", "5", "", 4, func(v string) string {
		if v != "5" {
			return "the limit is 5"
		}
		return ""
	})
	notes := NewArea("Notes", "", "", 64, nil)
	ShowWhen(func() bool { return on.On }, limit)
	return New("Sample", "Save", "Saving…", name, on, limit, notes), name, on, limit, notes
}

func TestFormKeysMoveToggleAndCancel(t *testing.T) {
	env := testEnv()
	f, name, on, limit, notes := sample()
	f.Init(env)
	f.Update(env, press("shift+tab"))
	if f.Focused() != nil {
		t.Fatalf("shift+tab from the first field: focus on %q, want the button", f.Focused().Label())
	}
	f.Update(env, press("tab"))
	f.Update(env, press("tab"))
	f.Update(env, press("tab")) // the limit is hidden: straight to the notes
	if f.Focused() != notes {
		t.Fatalf("tab went to %v, not past the hidden field to the notes", f.Focused())
	}
	f.Update(env, press("shift+tab"))
	f.Update(env, press("space"))
	if !on.On {
		t.Fatal("space did not toggle")
	}
	f.Update(env, press("tab"))
	if f.Focused() != limit {
		t.Fatal("the field shown once the toggle is on was skipped")
	}
	// enter in a multi-line field is a newline, not a submit.
	f.FocusOn(notes)
	typeText(env, f, "a")
	f.Update(env, press("enter"))
	typeText(env, f, "b")
	if f.Busy() || notes.Value() != "a\nb" {
		t.Fatalf("enter in the notes submitted or was lost: %q", notes.Value())
	}
	// ctrl+s submits from it: the empty name is refused and focused.
	if cmd := f.Update(env, press("ctrl+s")); cmd != nil && f.Busy() {
		t.Fatal("an empty name was submitted")
	}
	if f.Focused() != name || !strings.Contains(name.Err(), "required") {
		t.Fatalf("focus %v, name error %q", f.Focused(), name.Err())
	}
	if !strings.Contains(f.View(env, 80, 24), "✖ the name is required") {
		t.Fatalf("the error is not under the field:\n%s", f.View(env, 80, 24))
	}
	f.Update(env, press("esc"))
	if !f.Closed() {
		t.Fatal("esc did not close the form")
	}
}

func TestFormCallFailureKeepsInputAndSuccessCloses(t *testing.T) {
	env := testEnv()
	f, name, _, _, _ := sample()
	var calls int
	f.Prepare = func() Call {
		v := name.Value()
		return func(context.Context) (string, error) { calls++; return "saved " + v, nil }
	}
	f.Init(env)
	typeText(env, f, "box")
	cmd := f.Update(env, press("enter"))
	if cmd == nil || !f.Busy() || f.ButtonLabel() != "Saving…" {
		t.Fatalf("a valid form did not start its call (busy %v)", f.Busy())
	}
	if f.Update(env, press("enter")) != nil {
		t.Fatal("a second enter started a second call")
	}
	done, ok := cmd().(DoneMsg)
	if !ok || done.What != "saved box" || calls != 1 {
		t.Fatalf("the call gave %+v after %d calls", done, calls)
	}
	// A failure keeps what was typed and says why.
	f.Update(env, DoneMsg{Form: f, Err: errors.New("denied")})
	if f.Closed() || f.Busy() || f.CallErr() != "in words: denied" || name.Value() != "box" {
		t.Fatalf("closed %v busy %v error %q name %q", f.Closed(), f.Busy(), f.CallErr(), name.Value())
	}
	// A failure of one field goes under it and focuses it.
	f.FocusAt(3)
	f.Update(env, DoneMsg{Form: f, Err: fmt.Errorf("reading: %w", &FieldError{Field: name, Text: "taken"})})
	if name.Err() != "taken" || f.Focused() != name {
		t.Fatalf("field error %q, focus %v", name.Err(), f.Focused())
	}
	// Another form's outcome changes nothing; its own success closes it.
	other, _, _, _, _ := sample()
	f.Update(env, DoneMsg{Form: other, What: "x"})
	if f.Closed() {
		t.Fatal("another form's outcome closed this one")
	}
	f.Update(env, done)
	if !f.Closed() {
		t.Fatal("success did not close the form")
	}
}

func TestFormRefusesInReadOnlyMode(t *testing.T) {
	env := testEnv()
	env.ReadOnly = true
	f, name, _, _, _ := sample()
	f.ReadOnly = "read-only: no saving"
	f.Prepare = func() Call { return func(context.Context) (string, error) { return "", nil } }
	name.SetValue("box")
	if cmd := f.Submit(env); cmd != nil || f.Busy() || f.CallErr() != "read-only: no saving" {
		t.Fatalf("read-only submit: busy %v, error %q", f.Busy(), f.CallErr())
	}
}

func TestPickFieldFiltersAndMoves(t *testing.T) {
	env := testEnv()
	p := NewPick("Stage", "stages", "no stage", "", "", nil)
	p.Loaded(env, []PickItem{
		{Label: "alpha", Value: "arn:a"}, {Label: "bravo", Value: "arn:b"}, {Label: "charlie", Value: "arn:c"},
	}, nil)
	if p.Value() != "" {
		t.Fatalf("the first option should be none, got %q", p.Value())
	}
	p.Focus()
	p.Update(env, press("down"))
	p.Update(env, press("down"))
	if p.Value() != "arn:b" {
		t.Fatalf("down down = %q", p.Value())
	}
	// j and k are letters to filter with, not moves.
	p.Update(env, press("j"))
	if p.Shown() != 0 || p.Validate() == "" {
		t.Fatalf("j should filter to nothing: %d shown, validate %q", p.Shown(), p.Validate())
	}
	p.Update(env, press("backspace"))
	for _, r := range "char" {
		p.Update(env, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	if p.Value() != "arn:c" || p.Validate() != "" {
		t.Fatalf("filter char = %q", p.Value())
	}
	// A failed load says so, and a required pick refuses.
	q := NewPick("Storage", "storage configurations", "", "", "", nil)
	q.Loaded(env, nil, errors.New("boom"))
	if !strings.Contains(q.Validate(), "could not list storage configurations") {
		t.Fatalf("validate after a failed load = %q", q.Validate())
	}
	// The wanted value is selected once loaded.
	r := NewPick("Stage", "stages", "none", "arn:c", "", nil)
	r.Loaded(env, []PickItem{{Label: "a", Value: "arn:a"}, {Label: "c", Value: "arn:c"}}, nil)
	if r.Value() != "arn:c" {
		t.Fatalf("want arn:c selected, got %q", r.Value())
	}
}

func TestPickLoadsWithTheCallDeadline(t *testing.T) {
	env := testEnv()
	var hadDeadline bool
	p := NewPick("Stage", "stages", "", "", "", func(ctx context.Context) ([]PickItem, error) {
		_, hadDeadline = ctx.Deadline()
		return []PickItem{{Label: "a", Value: "arn:a"}}, nil
	})
	f := New("Pick", "Go", "Going…", p)
	cmd := f.Init(env)
	if !p.Loading() || p.Validate() != "stages are still loading" {
		t.Fatalf("loading %v, validate %q", p.Loading(), p.Validate())
	}
	for _, m := range batch(cmd) {
		f.Update(env, m)
	}
	if !hadDeadline || p.Loading() || p.Value() != "arn:a" {
		t.Fatalf("deadline %v, loading %v, value %q", hadDeadline, p.Loading(), p.Value())
	}
}

// batch runs a command and the commands of a batch, returning their
// messages.
func batch(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	b, ok := msg.(tea.BatchMsg)
	if !ok {
		return []tea.Msg{msg}
	}
	var out []tea.Msg
	for _, c := range b {
		out = append(out, batch(c)...)
	}
	return out
}

func TestScrollLinesKeepsTheFocusedField(t *testing.T) {
	s := ui.NewStyles()
	var lines []string
	for i := range 40 {
		lines = append(lines, fmt.Sprint("line ", i))
	}
	for _, tc := range []struct{ from, to, budget int }{{0, 3, 10}, {20, 24, 10}, {36, 40, 10}, {5, 15, 8}} {
		out := scrollLines(s, lines, tc.from, tc.to, tc.budget)
		if len(out) > tc.budget {
			t.Errorf("%+v: %d lines", tc, len(out))
		}
		joined := strings.Join(out, "\n")
		if !strings.Contains(joined, fmt.Sprint("line ", tc.from)+"\n") && tc.to-tc.from <= tc.budget-2 {
			t.Errorf("%+v: the focused field's first line is hidden:\n%s", tc, joined)
		}
	}
}

// A key typed into a field that holds its limit is dropped without work: an
// unbracketed paste of 100 KB is 102,400 such keys.
func TestKeysPastTheLimitCostNothing(t *testing.T) {
	env := testEnv()
	text := NewText("Name", "", "", "", 2, nil) // takes 4 × 2 characters
	area := NewArea("Notes", "", "", 2, nil)
	f := New("Sample", "Save", "Saving", text, area)
	f.FocusAt(0)
	typeText(env, f, strings.Repeat("x", 20))
	f.FocusAt(1)
	typeText(env, f, strings.Repeat("y", 20))
	if text.Value() != "xxxxxxxx" || area.Value() != "yyyyyyyy" {
		t.Fatalf("values %q, %q: want each cut at 8 characters", text.Value(), area.Value())
	}
	var key tea.Msg = tea.KeyPressMsg{Code: 'z', Text: "z"}
	for _, fl := range []Field{text, area} {
		fl.Focus()
		if n := testing.AllocsPerRun(100, func() { fl.Update(env, key) }); n != 0 {
			t.Errorf("%s: a key past the limit allocates %.0f times; want nothing done", fl.Label(), n)
		}
	}
	if text.Value() != "xxxxxxxx" || area.Value() != "yyyyyyyy" {
		t.Errorf("values %q, %q after keys past the limit: want unchanged", text.Value(), area.Value())
	}
}
