package keymap

import (
	"fmt"

	"charm.land/bubbles/v2/key"
)

// Pane names a screen, or a modal context with keys of its own. The values
// are the model's pane kinds.
type Pane string

// The panes and the modal contexts.
const (
	PaneStages          Pane = "stages"
	PaneStageDetail     Pane = "stage"
	PaneSessions        Pane = "sessions"
	PaneParticipants    Pane = "participants"
	PaneParticipant     Pane = "participant" // detail and event timeline
	PaneSessionTimeline Pane = "timeline"
	PaneCompositions    Pane = "compositions"
	PaneComposition     Pane = "composition" // composition detail
	PaneIngest          Pane = "ingest"
	PaneEncoders        Pane = "encoders"
	PaneStorage         Pane = "storage"
	PanePublicKeys      Pane = "keys"
	PaneIngestDetail    Pane = "ingest-detail"  // one ingest configuration
	PaneEncoderDetail   Pane = "encoder-detail" // one encoder configuration
	PaneStorageDetail   Pane = "storage-detail" // one storage configuration
	PaneKeyDetail       Pane = "key-detail"     // one public key
	PaneTags            Pane = "tags"           // tags of a selection
	PaneReplicas        Pane = "replicas"       // a participant's replicas
	PaneTriage          Pane = "triage"         // error triage
	PaneBreakdown       Pane = "breakdown"      // a stage's quality breakdown
	PaneQuotas          Pane = "quotas"         // the account's headroom
	PaneContexts        Pane = "ctx"            // profiles and regions to switch to
)

// Group is a titled group of bindings for the full help.
type Group struct {
	Title    string
	Bindings []key.Binding
}

// Help is the key help a pane (or a dialog) declares beside the code that
// handles its keys: its bindings in the groups "navigation", "actions",
// "panes" and "general". It is a bubbles help.KeyMap: ShortHelp is the
// footer, FullHelp the `?` screen. Disabled bindings (read-only) are left
// out, and groups left empty are dropped.
type Help struct {
	Nav, Actions, Panes, General []key.Binding
	// Short, when set, is the footer, in its order; else the footer is
	// drawn from the groups (see ShortHelp).
	Short []key.Binding

	km *KeyMap
}

// As returns a copy of b with another help description, for bindings whose
// effect a pane names precisely (ctrl+d "disconnect" on participants).
func As(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// PaneHelp is what every pane offers: moving, the jump and the triage,
// back, help, the last error in full and quit. Panes add their own keys to it.
func (k *KeyMap) PaneHelp() Help {
	return Help{
		Nav:     []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		Panes:   []key.Binding{k.Jump, k.Triage},
		General: []key.Binding{k.Back, k.Help, k.LastError, k.Quit, k.ForceQuit},
		km:      k,
	}
}

// DetailHelp is the help of a pane that shows one thing: refresh and pause
// polling, then actions.
func (k *KeyMap) DetailHelp(actions ...key.Binding) Help {
	h := k.PaneHelp()
	h.Actions = append([]key.Binding{k.Refresh, k.Pause}, actions...)
	return h
}

// ListHelp is the help of a list: enter opens ("" when nothing opens), /
// filters, refresh, pause and copy, then c creates, extra, and ctrl+d
// deletes, each with the pane's words ("" when the pane has none).
func (k *KeyMap) ListHelp(open, create, del string, extra ...key.Binding) Help {
	h := k.PaneHelp()
	if open != "" {
		h.Nav = append(h.Nav, As(k.Open, open))
	}
	h.Actions = []key.Binding{k.Filter, k.Refresh, k.Pause, k.Copy}
	if create != "" {
		h.Actions = append(h.Actions, As(k.Create, create))
	}
	h.Actions = append(h.Actions, extra...)
	if del != "" {
		h.Actions = append(h.Actions, As(k.Delete, del))
	}
	return h
}

// WithTable adds what a table of the kit offers: the sort keys and the
// mouse.
func (h Help) WithTable() Help {
	h.Nav = append(h.Nav[:len(h.Nav):len(h.Nav)], h.km.Sort, h.km.SortReverse, h.km.Mouse)
	return h
}

// WithTimeline adds what a timeline offers: follow and wrap.
func (h Help) WithTimeline() Help {
	h.Nav = append(h.Nav[:len(h.Nav):len(h.Nav)], h.km.Follow, h.km.Wrap)
	return h
}

// Dialogs: the token view, forms, confirmations and the one-line prompts.

// TokenHelp is the help of a minted token's view.
func (k *KeyMap) TokenHelp() Help {
	return Help{
		Actions: []key.Binding{As(k.Copy, "copy token"), k.Reveal, As(k.Write, "write token to file")},
		General: []key.Binding{As(k.Back, "close"), k.ForceQuit},
		Short:   []key.Binding{As(k.Copy, "copy token"), k.Reveal, k.Write, As(k.Back, "close")},
		km:      k,
	}
}

// FormHelp is the help of a form dialog (token, create).
func (k *KeyMap) FormHelp() Help {
	return Help{
		Actions: []key.Binding{k.NextField, k.PrevField, k.Toggle, k.Submit, k.SubmitForm},
		General: []key.Binding{k.Cancel, k.ForceQuit},
		Short:   []key.Binding{k.NextField, k.Submit, k.Cancel, k.Toggle},
		km:      k,
	}
}

// ConfirmHelp is the help of a confirmation.
func (k *KeyMap) ConfirmHelp() Help {
	return Help{
		Actions: []key.Binding{k.Yes, k.No},
		General: []key.Binding{k.ForceQuit},
		Short:   []key.Binding{k.Yes, k.No},
		km:      k,
	}
}

// PromptHelp is the help of the : jump prompt and the / filter input.
func (k *KeyMap) PromptHelp() Help {
	return Help{
		Actions: []key.Binding{As(k.Submit, "apply"), k.Complete},
		General: []key.Binding{k.Cancel, k.ForceQuit},
		Short:   []key.Binding{As(k.Submit, "apply"), k.Cancel, k.Complete},
		km:      k,
	}
}

// Groups are the titled groups, for ui.FullHelp.
func (h Help) Groups() []Group {
	groups := []Group{
		{"navigation", h.Nav},
		{"actions", h.Actions},
		{"panes", h.Panes},
		{"general", h.General},
	}
	out := groups[:0]
	for _, g := range groups {
		g.Bindings = enabled(g.Bindings)
		if len(g.Bindings) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// Bindings are every enabled binding of the help, in group order.
func (h Help) Bindings() []key.Binding {
	var all []key.Binding
	for _, g := range h.Groups() {
		all = append(all, g.Bindings...)
	}
	return all
}

// FullHelp implements help.KeyMap: one column per group.
func (h Help) FullHelp() [][]key.Binding {
	var cols [][]key.Binding
	for _, g := range h.Groups() {
		cols = append(cols, g.Bindings)
	}
	return cols
}

// ShortHelp implements help.KeyMap: the one-line footer, most useful first
// (the footer cuts from the end). Help first, so the one key that explains
// the rest is never cut; then open and the pane's own actions, back; the
// everyday ones (filter, jump, quit) last, and refresh, pause and copy only
// in the full help.
func (h Help) ShortHelp() []key.Binding {
	if h.Short != nil {
		return enabled(h.Short)
	}
	k := h.km
	bs := []key.Binding{k.Help}
	filter := false
	for _, g := range h.Groups() {
		for _, b := range g.Bindings {
			switch {
			case g.Title == "navigation" && b.Help().Key == k.Open.Help().Key:
				bs = append(bs, b)
			case g.Title != "actions":
			case b.Help().Key == k.Filter.Help().Key:
				filter = true
			case b.Help().Key == k.Refresh.Help().Key, b.Help().Key == k.Pause.Help().Key,
				b.Help().Key == k.Copy.Help().Key:
			default:
				bs = append(bs, b)
			}
		}
	}
	bs = append(bs, k.Back)
	if filter {
		bs = append(bs, k.Filter)
	}
	bs = append(bs, k.Jump, k.Quit)
	return enabled(bs)
}

func enabled(bs []key.Binding) []key.Binding {
	out := make([]key.Binding, 0, len(bs))
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

// Problems lists what is wrong with a help, for the tests of whoever
// declares one: no groups, a key bound twice, no ctrl+c (which quits from
// everywhere), an empty footer, or a footer offering a key the help does
// not bind.
func (h Help) Problems() []string {
	var out []string
	if len(h.Groups()) == 0 {
		out = append(out, "no help groups")
	}
	seen := map[string]string{}
	for _, b := range h.Bindings() {
		for _, k := range b.Keys() {
			if prev, ok := seen[k]; ok {
				out = append(out, fmt.Sprintf("key %q bound to both %q and %q", k, prev, b.Help().Desc))
			}
			seen[k] = b.Help().Desc
		}
	}
	if _, ok := seen["ctrl+c"]; !ok {
		out = append(out, "no ctrl+c")
	}
	short := h.ShortHelp()
	if len(short) == 0 {
		out = append(out, "an empty footer")
	}
	for _, b := range short {
		for _, k := range b.Keys() {
			if _, ok := seen[k]; !ok {
				out = append(out, fmt.Sprintf("the footer offers %q, which is not bound", k))
			}
		}
	}
	if len(h.FullHelp()) != len(h.Groups()) {
		out = append(out, "FullHelp and Groups disagree")
	}
	return out
}
