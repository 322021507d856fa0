package keymap

import (
	"reflect"
	"slices"
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
	// y never confirms by accident in lists: Yes lives only in confirmations.
	for _, p := range Panes() {
		if p == PaneConfirm {
			continue
		}
		for _, b := range km.ForPane(p) {
			if b.Help() == km.Yes.Help() {
				t.Errorf("pane %s offers the confirmation's yes", p)
			}
		}
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

func TestNoDuplicateKeysPerPane(t *testing.T) {
	km := Default()
	for _, p := range Panes() {
		seen := map[string]string{}
		for _, b := range km.ForPane(p) {
			for _, k := range b.Keys() {
				if prev, ok := seen[k]; ok {
					t.Errorf("pane %s: key %q bound to both %q and %q", p, k, prev, b.Help().Desc)
				}
				seen[k] = b.Help().Desc
			}
		}
		if len(seen) == 0 {
			t.Errorf("pane %s has no bindings", p)
		}
	}
}

func TestEveryPaneHasHelpAndBack(t *testing.T) {
	km := Default()
	for _, p := range Panes() {
		groups := km.Groups(p)
		if len(groups) == 0 {
			t.Fatalf("pane %s: no help groups", p)
		}
		keys := keysOf(km.ForPane(p))
		switch p {
		case PaneForm, PanePrompt:
			if !slices.Contains(keys, "esc") || !slices.Contains(keys, "enter") {
				t.Errorf("pane %s must offer enter and esc: %v", p, keys)
			}
		case PaneConfirm:
			if !slices.Contains(keys, "y") || !slices.Contains(keys, "enter") {
				t.Errorf("confirm must offer y and enter: %v", keys)
			}
		case PaneToken: // a dialog: closes with esc
			if !slices.Contains(keys, "esc") || !slices.Contains(keys, "y") {
				t.Errorf("token view must offer esc and y: %v", keys)
			}
		default:
			for _, want := range []string{"esc", "?", "q"} {
				if !slices.Contains(keys, want) {
					t.Errorf("pane %s lacks %q: %v", p, want, keys)
				}
			}
		}
		// ctrl+c quits from everywhere, whatever has the focus.
		if !slices.Contains(keys, "ctrl+c") {
			t.Errorf("pane %s lacks ctrl+c", p)
		}
		short := km.HelpFor(p).ShortHelp()
		if len(short) == 0 {
			t.Errorf("pane %s: empty short help", p)
		}
		// The footer never offers a key the pane does not handle.
		for _, b := range short {
			for _, k := range b.Keys() {
				if !slices.Contains(keys, k) {
					t.Errorf("pane %s: short help offers %q, which is not bound there", p, k)
				}
			}
		}
		if !reflect.DeepEqual(len(km.HelpFor(p).FullHelp()), len(groups)) {
			t.Errorf("pane %s: FullHelp and Groups disagree", p)
		}
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
	mutatingHelp := []string{"t", "c", "ctrl+d", "a"}
	for _, p := range Panes() {
		for _, b := range km.ForPane(p) {
			if slices.Contains(mutatingHelp, b.Help().Key) {
				t.Errorf("read-only pane %s still offers %q (%s)", p, b.Help().Key, b.Help().Desc)
			}
			if b.Help().Key == "e" && p != PaneSessionTimeline {
				t.Errorf("read-only pane %s still offers e (%s)", p, b.Help().Desc)
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
	if !slices.Contains(keysOf(km.ForPane(PaneSessionTimeline)), "e") {
		t.Errorf("export must stay in the session timeline")
	}
	km.SetReadOnly(false)
	if !key.Matches(press('d', tea.ModCtrl, ""), km.Delete) || !key.Matches(ch('t'), km.Token) {
		t.Errorf("SetReadOnly(false) did not restore the mutating bindings")
	}
}

func TestPaneSpecificHelp(t *testing.T) {
	km := Default()
	desc := func(p Pane, k string) string {
		for _, b := range km.ForPane(p) {
			if slices.Contains(b.Keys(), k) {
				return b.Help().Desc
			}
		}
		return ""
	}
	for _, c := range []struct {
		p         Pane
		k, wanted string
	}{
		{PaneParticipants, "ctrl+d", "disconnect"},
		{PaneCompositions, "ctrl+d", "stop composition"},
		{PaneIngest, "ctrl+d", "delete (force)"},
		{PaneStages, "c", "create stage"},
		{PanePublicKeys, "c", "import public key"},
		{PaneSessionTimeline, "e", "export timeline"},
		{PaneStages, "e", "rename"},
		{PaneStages, "ctrl+d", "delete stage"},
		{PaneStageDetail, "e", "edit name & recording"},
		{PaneStageDetail, "c", "start composition"},
		{PaneStageDetail, "ctrl+d", "delete stage"},
		{PaneSessions, "c", "start composition"},
		{PaneCompositions, "c", "start composition"},
		{PaneParticipant, "R", "replicas & replication"},
		{PaneReplicas, "c", "replicate to a stage"},
		{PaneReplicas, "ctrl+d", "stop replication"},
	} {
		if got := desc(c.p, c.k); got != c.wanted {
			t.Errorf("%s %s: %q, want %q", c.p, c.k, got, c.wanted)
		}
	}
	// The copies with pane texts do not change the key map's own help.
	if km.Delete.Help().Desc != "delete" {
		t.Errorf("km.Delete help changed to %q", km.Delete.Help().Desc)
	}
	if len(km.HelpGroups("participants")) != len(km.Groups(PaneParticipants)) {
		t.Errorf("HelpGroups by kind string")
	}
}
