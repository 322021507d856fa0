package model

import (
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/ui"
)

// The key help every pane declares (Pane.Help), checked pane by pane: the
// checks the key map made of its per-pane table before the panes declared
// their own help.

// paneHelps builds every pane once and returns its help, by kind.
func paneHelps(t *testing.T, km *keymap.KeyMap) map[string]keymap.Help {
	t.Helper()
	a := newTestApp(120, 40)
	out := map[string]keymap.Help{}
	for _, r := range everyRoute() {
		p := panes.Panes.Open(a.ctx, r.r)
		if p == nil {
			t.Fatalf("no pane for %T", r.r)
		}
		out[p.Kind()] = p.Help(km)
	}
	return out
}

func helpKeys(bs []key.Binding) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Keys()...)
	}
	return out
}

func TestEveryPaneHasHelpAndBack(t *testing.T) {
	km := keymap.Default()
	for kind, h := range paneHelps(t, &km) {
		for _, problem := range h.Problems() {
			t.Errorf("pane %s: %s", kind, problem)
		}
		keys := helpKeys(h.Bindings())
		for _, want := range []string{"esc", "?", "q"} {
			if !slices.Contains(keys, want) {
				t.Errorf("pane %s lacks %q: %v", kind, want, keys)
			}
		}
		// y never confirms by accident in lists: Yes lives only in
		// confirmations.
		for _, b := range h.Bindings() {
			if b.Help() == km.Yes.Help() {
				t.Errorf("pane %s offers the confirmation's yes", kind)
			}
		}
	}
}

func TestReadOnlyHelpOffersNoMutation(t *testing.T) {
	km := keymap.Default()
	km.SetReadOnly(true)
	helps := paneHelps(t, &km)
	mutatingHelp := []string{"t", "c", "ctrl+d", "a"}
	for kind, h := range helps {
		for _, b := range append(h.Bindings(), h.ShortHelp()...) {
			if slices.Contains(mutatingHelp, b.Help().Key) {
				t.Errorf("read-only pane %s still offers %q (%s)", kind, b.Help().Key, b.Help().Desc)
			}
			if b.Help().Key == "e" && kind != string(keymap.PaneSessionTimeline) {
				t.Errorf("read-only pane %s still offers e (%s)", kind, b.Help().Desc)
			}
		}
	}
	if !slices.Contains(helpKeys(helps[string(keymap.PaneSessionTimeline)].Bindings()), "e") {
		t.Errorf("export must stay in the session timeline")
	}
}

func TestPaneSpecificHelp(t *testing.T) {
	km := keymap.Default()
	helps := paneHelps(t, &km)
	desc := func(p keymap.Pane, k string) string {
		for _, b := range helps[string(p)].Bindings() {
			if slices.Contains(b.Keys(), k) {
				return b.Help().Desc
			}
		}
		return ""
	}
	for _, c := range []struct {
		p         keymap.Pane
		k, wanted string
	}{
		{keymap.PaneParticipants, "ctrl+d", "disconnect"},
		{keymap.PaneCompositions, "ctrl+d", "stop composition"},
		{keymap.PaneIngest, "ctrl+d", "delete (force)"},
		{keymap.PaneStages, "c", "create stage"},
		{keymap.PanePublicKeys, "c", "import public key"},
		{keymap.PaneSessionTimeline, "e", "export timeline"},
		{keymap.PaneStages, "e", "rename"},
		{keymap.PaneStages, "ctrl+d", "delete stage"},
		{keymap.PaneStageDetail, "e", "edit name & recording"},
		{keymap.PaneStageDetail, "c", "start composition"},
		{keymap.PaneStageDetail, "ctrl+d", "delete stage"},
		{keymap.PaneSessions, "c", "start composition"},
		{keymap.PaneCompositions, "c", "start composition"},
		{keymap.PaneParticipant, "R", "replicas & replication"},
		{keymap.PaneReplicas, "c", "replicate to a stage"},
		{keymap.PaneReplicas, "ctrl+d", "stop replication"},
		{keymap.PaneTags, "e", "edit value"},
		{keymap.PaneIngestDetail, "y", "copy stream key"},
		{keymap.PaneKeyDetail, "y", "copy ARN"},
	} {
		if got := desc(c.p, c.k); got != c.wanted {
			t.Errorf("%s %s: %q, want %q", c.p, c.k, got, c.wanted)
		}
	}
	if len(helps) != len(everyRoute()) {
		t.Errorf("%d kinds of panes for %d routes: two panes share a kind", len(helps), len(everyRoute()))
	}
}

// Every pane's help fits the screen it is given, however small.
func TestEveryPaneHelpFits(t *testing.T) {
	km := keymap.Default()
	st := ui.NewStyles()
	for kind, h := range paneHelps(t, &km) {
		for w := 1; w <= 200; w += 7 {
			for _, height := range []int{1, 5, 20, 50} {
				out := ui.FullHelp(st, h.Groups(), w, height)
				lines := strings.Split(out, "\n")
				if out != "" && len(lines) > height {
					t.Fatalf("%s help at %dx%d: %d lines", kind, w, height, len(lines))
				}
				for i, l := range lines {
					if cw := ansi.StringWidth(l); cw > w {
						t.Fatalf("%s help at %dx%d: line %d is %d cells wide", kind, w, height, i, cw)
					}
				}
			}
			if cw := ansi.StringWidth(ui.ShortHelp(st, h.ShortHelp(), w)); cw > w {
				t.Fatalf("%s footer at width %d is %d cells wide", kind, w, cw)
			}
		}
	}
}
