package keymap

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// press builds the key message Bubble Tea delivers, so the test checks the
// strings the program really sees.
func press(code rune, mod tea.KeyMod, text string) tea.KeyPressMsg {
	return tea.KeyPressMsg{Code: code, Mod: mod, Text: text}
}

func ch(r rune) tea.KeyPressMsg { return press(r, 0, string(r)) }

func TestContractKeys(t *testing.T) {
	km := Default()
	cases := []struct {
		name string
		msg  tea.KeyPressMsg
		b    key.Binding
	}{
		{"up", press(tea.KeyUp, 0, ""), km.Up},
		{"k", ch('k'), km.Up},
		{"down", press(tea.KeyDown, 0, ""), km.Down},
		{"j", ch('j'), km.Down},
		{"pgup", press(tea.KeyPgUp, 0, ""), km.PageUp},
		{"pgdown", press(tea.KeyPgDown, 0, ""), km.PageDown},
		{"home", press(tea.KeyHome, 0, ""), km.Home},
		{"g", ch('g'), km.Home},
		{"end", press(tea.KeyEnd, 0, ""), km.End},
		{"G", press('g', tea.ModShift, "G"), km.End},
		{"enter", press(tea.KeyEnter, 0, ""), km.Open},
		{"esc", press(tea.KeyEscape, 0, ""), km.Back},
		{":", ch(':'), km.Jump},
		{"/", ch('/'), km.Filter},
		{"r", ch('r'), km.Refresh},
		{"p", ch('p'), km.Pause},
		{"t", ch('t'), km.Token},
		{"y", ch('y'), km.Copy},
		{"c", ch('c'), km.Create},
		{"e", ch('e'), km.Edit},
		{"e export", ch('e'), km.Export},
		{"ctrl+d", press('d', tea.ModCtrl, ""), km.Delete},
		{"?", ch('?'), km.Help},
		{"q", ch('q'), km.Quit},
		{"ctrl+c", press('c', tea.ModCtrl, ""), km.ForceQuit},
		{"d", ch('d'), km.Details},
		{"f", ch('f'), km.FilterCycle},
		{"s", ch('s'), km.SessionTimeline},
		{"x", ch('x'), km.ErrorsOnly},
		{"v", ch('v'), km.Reveal},
		{"w", ch('w'), km.Write},
		{"T", press('t', tea.ModShift, "T"), km.Tags},
		{"R", press('r', tea.ModShift, "R"), km.Replicas},
		{"a", ch('a'), km.Attach},
		{"!", ch('!'), km.Triage},
		{"o", ch('o'), km.Sort},
		{"F", press('f', tea.ModShift, "F"), km.Follow},
		{"w wrap", ch('w'), km.Wrap},
		{"O", press('o', tea.ModShift, "O"), km.SortReverse},
		{"tab", press(tea.KeyTab, 0, ""), km.NextField},
		{"shift+tab", press(tea.KeyTab, tea.ModShift, ""), km.PrevField},
		{"enter submits", press(tea.KeyEnter, 0, ""), km.Submit},
		{"esc cancels", press(tea.KeyEscape, 0, ""), km.Cancel},
		{"space", press(tea.KeySpace, 0, " "), km.Toggle},
		{"y yes", ch('y'), km.Yes},
		{"enter no", press(tea.KeyEnter, 0, ""), km.No},
		{"n no", ch('n'), km.No},
		{"esc no", press(tea.KeyEscape, 0, ""), km.No},
	}
	for _, c := range cases {
		if !key.Matches(c.msg, c.b) {
			t.Errorf("%s: %q does not match binding %v", c.name, c.msg.String(), c.b.Keys())
		}
	}
	// ctrl+d is not a page key here (as it is in vim): it destroys things.
	if key.Matches(press('d', tea.ModCtrl, ""), km.PageDown, km.Down) {
		t.Errorf("ctrl+d must not move")
	}
}

func TestEveryBindingHasHelp(t *testing.T) {
	km := Default()
	all := km.All()
	// All must list every key.Binding field, so a new binding cannot escape
	// this test.
	n := 0
	v := reflect.ValueOf(km)
	for i := range v.NumField() {
		if v.Field(i).Type() == reflect.TypeOf(key.Binding{}) {
			n++
		}
	}
	if n != len(all) {
		t.Fatalf("All returns %d bindings, KeyMap has %d", len(all), n)
	}
	for _, b := range all {
		if len(b.Keys()) == 0 || b.Help().Key == "" || b.Help().Desc == "" {
			t.Errorf("binding %v lacks keys or help: %+v", b.Keys(), b.Help())
		}
	}
}

// dialogs are the helps the key map declares itself: the dialogs'. The
// panes' helps, which the panes declare, are checked in the model.
func dialogs(km *KeyMap) map[string]Help {
	return map[string]Help{"token": km.TokenHelp(), "form": km.FormHelp(), "confirm": km.ConfirmHelp(), "prompt": km.PromptHelp()}
}

func TestEveryDialogHasHelpAndWayOut(t *testing.T) {
	km := Default()
	for name, h := range dialogs(&km) {
		for _, problem := range h.Problems() {
			t.Errorf("%s: %s", name, problem)
		}
		keys := keysOf(h.Bindings())
		switch name {
		case "form", "prompt":
			if !slices.Contains(keys, "esc") || !slices.Contains(keys, "enter") {
				t.Errorf("%s must offer enter and esc: %v", name, keys)
			}
		case "confirm":
			if !slices.Contains(keys, "y") || !slices.Contains(keys, "enter") {
				t.Errorf("confirm must offer y and enter: %v", keys)
			}
		case "token": // a dialog: closes with esc
			if !slices.Contains(keys, "esc") || !slices.Contains(keys, "y") {
				t.Errorf("token view must offer esc and y: %v", keys)
			}
		}
		if name != "confirm" && slices.ContainsFunc(h.Bindings(), func(b key.Binding) bool { return b.Help() == km.Yes.Help() }) {
			t.Errorf("%s offers the confirmation's yes", name)
		}
	}
}

// Problems finds each fault it names.
func TestHelpProblems(t *testing.T) {
	km := Default()
	for _, c := range []struct {
		h    Help
		want string
	}{
		{Help{km: &km}, "no help groups"},
		{Help{Actions: []key.Binding{km.Copy, km.Yes}, General: []key.Binding{km.ForceQuit}, km: &km}, "key \"y\" bound to both"},
		{Help{Actions: []key.Binding{km.Copy}, km: &km}, "no ctrl+c"},
		{Help{General: []key.Binding{km.ForceQuit}, Short: []key.Binding{km.Copy}, km: &km}, "the footer offers \"y\""},
	} {
		got := strings.Join(c.h.Problems(), "; ")
		if !strings.Contains(got, c.want) {
			t.Errorf("problems %q lack %q", got, c.want)
		}
	}
	if p := km.ListHelp("open", "create", "delete").Problems(); len(p) != 0 {
		t.Errorf("a sound list help has problems: %q", p)
	}
}

// The help of a list: the pane's words on c, ctrl+d and enter, extras
// before ctrl+d, refresh, pause and copy only in the full help, and ? first
// in the footer.
func TestListHelp(t *testing.T) {
	km := Default()
	h := km.ListHelp("sessions", "create stage", "delete stage", km.Token, As(km.Edit, "rename"))
	var actions []string
	for _, b := range h.Actions {
		actions = append(actions, b.Help().Key+" "+b.Help().Desc)
	}
	want := []string{"/ filter", "r refresh", "p pause/resume polling", "y copy", "c create stage", "t mint token", "e rename", "ctrl+d delete stage"}
	if !reflect.DeepEqual(actions, want) {
		t.Errorf("actions %q, want %q", actions, want)
	}
	var short []string
	for _, b := range h.ShortHelp() {
		short = append(short, b.Help().Key)
	}
	if want := []string{"?", "enter", "c", "t", "e", "ctrl+d", "esc", "/", ":", "q"}; !reflect.DeepEqual(short, want) {
		t.Errorf("short help %q, want %q", short, want)
	}
	if none := km.ListHelp("", "", ""); slices.Contains(keysOf(none.Bindings()), "enter") || slices.Contains(keysOf(none.Bindings()), "c") {
		t.Errorf("a list that opens and creates nothing offers enter or c")
	}
}

func keysOf(bs []key.Binding) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Keys()...)
	}
	return out
}

func TestReadOnly(t *testing.T) {
	km := Default()
	km.SetReadOnly(true)
	if !km.ReadOnly() {
		t.Fatal("ReadOnly() false after SetReadOnly(true)")
	}
	for _, c := range []struct {
		msg tea.KeyPressMsg
		b   key.Binding
	}{
		{ch('t'), km.Token}, {ch('c'), km.Create}, {ch('e'), km.Edit},
		{press('d', tea.ModCtrl, ""), km.Delete}, {ch('a'), km.Attach},
	} {
		if key.Matches(c.msg, c.b) {
			t.Errorf("read-only: %q still matches", c.msg.String())
		}
	}
	mutatingHelp := []string{"t", "c", "e", "ctrl+d", "a"}
	lists := map[string]Help{
		"list":   km.ListHelp("open", "create", "delete", km.Token, km.Edit, km.Attach),
		"detail": km.DetailHelp(km.Copy, km.Token, km.Edit, km.Create, km.Delete, km.Attach),
	}
	for name, h := range lists {
		for _, b := range append(h.Bindings(), h.ShortHelp()...) {
			if slices.Contains(mutatingHelp, b.Help().Key) {
				t.Errorf("read-only %s help still offers %q (%s)", name, b.Help().Key, b.Help().Desc)
			}
		}
	}
	// Reading stays: export, copy, tags (view), filters.
	for _, b := range []key.Binding{km.Export, km.Copy, km.Tags, km.Filter, km.Reveal, km.Refresh} {
		if !b.Enabled() {
			t.Errorf("read-only disabled a reading binding %v", b.Keys())
		}
	}
	if km.Tags.Help().Desc != "view tags" {
		t.Errorf("tags help in read-only: %q", km.Tags.Help().Desc)
	}
	if !slices.Contains(keysOf(km.ListHelp("", "", "", As(km.Export, "export timeline")).Bindings()), "e") {
		t.Errorf("export must stay in read-only")
	}
	km.SetReadOnly(false)
	if !key.Matches(press('d', tea.ModCtrl, ""), km.Delete) || !key.Matches(ch('t'), km.Token) {
		t.Errorf("SetReadOnly(false) did not restore the mutating bindings")
	}
}

// As gives a pane's words to a copy: the key map's own help stays.
func TestAsCopies(t *testing.T) {
	km := Default()
	b := As(km.Delete, "disconnect")
	if b.Help().Desc != "disconnect" || b.Help().Key != "ctrl+d" || !slices.Equal(b.Keys(), km.Delete.Keys()) {
		t.Errorf("As: %+v %v", b.Help(), b.Keys())
	}
	if km.Delete.Help().Desc != "delete" {
		t.Errorf("km.Delete help changed to %q", km.Delete.Help().Desc)
	}
}
