package keymap

import (
	"charm.land/bubbles/v2/key"
)

// Pane names a screen (or a modal context) for the bindings relevant to it.
type Pane int

// The panes of design.md, plus the modal contexts with keys of their own.
const (
	PaneStages Pane = iota
	PaneStageDetail
	PaneSessions
	PaneParticipants
	PaneParticipant // participant detail and event timeline
	PaneSessionTimeline
	PaneCompositions
	PaneComposition // composition detail
	PaneIngest
	PaneEncoders
	PaneStorage
	PanePublicKeys
	PaneTags   // tags of a selection
	PaneTriage // error triage
	PaneToken  // a minted token
	PaneForm   // a form dialog (token, create)
	PaneConfirm
	PanePrompt // the : jump prompt or the / filter input
)

var paneNames = [...]string{
	"stages", "stage", "sessions", "participants", "participant", "session timeline",
	"compositions", "composition", "ingest configurations", "encoder configurations",
	"storage configurations", "public keys", "tags", "error triage", "token", "form",
	"confirm", "prompt",
}

// String is the pane's name as help titles show it.
func (p Pane) String() string {
	if p < 0 || int(p) >= len(paneNames) {
		return "pane"
	}
	return paneNames[p]
}

// Panes lists every pane and context, for tests and help.
func Panes() []Pane {
	ps := make([]Pane, len(paneNames))
	for i := range ps {
		ps[i] = Pane(i)
	}
	return ps
}

// Group is a titled group of bindings for the full help.
type Group struct {
	Title    string
	Bindings []key.Binding
}

// withDesc returns a copy of b with another help description, for bindings
// whose effect a pane names precisely (ctrl+d "disconnect" on participants).
func withDesc(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// Groups returns the bindings relevant to pane p in the help groups
// navigation, actions, panes and general. Disabled bindings (read-only) are
// left out, and groups left empty are dropped.
func (k *KeyMap) Groups(p Pane) []Group {
	nav := []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}
	general := []key.Binding{k.Back, k.Help, k.Quit}
	panes := []key.Binding{k.Jump, k.Triage}
	var actions []key.Binding

	refresh := []key.Binding{k.Refresh, k.Pause}
	list := func(create, del string, extra ...key.Binding) {
		nav = append(nav, k.Open)
		actions = append(actions, k.Filter)
		actions = append(actions, refresh...)
		actions = append(actions, k.Copy)
		if create != "" {
			actions = append(actions, withDesc(k.Create, create))
		}
		actions = append(actions, extra...)
		if del != "" {
			actions = append(actions, withDesc(k.Delete, del))
		}
	}

	switch p {
	case PaneStages:
		list("create stage", "delete stage", k.Token, withDesc(k.Edit, "rename"))
		panes = append(panes, k.Describe, k.Tags)
	case PaneStageDetail:
		actions = append(actions, refresh...)
		actions = append(actions, k.Copy, k.Token, withDesc(k.Edit, "edit stage"))
		panes = append(panes, k.Tags)
	case PaneSessions:
		list("", "", k.Token)
		panes = append(panes, k.SessionTimeline)
	case PaneParticipants:
		list("", "disconnect", k.CycleFilter, k.Token)
		nav[len(nav)-1] = withDesc(k.Open, "details & events")
		panes = append(panes, k.Describe, k.SessionTimeline)
	case PaneParticipant:
		actions = append(actions, refresh...)
		actions = append(actions, k.Copy, k.ErrorsOnly, withDesc(k.Delete, "disconnect"))
		panes = append(panes, k.SessionTimeline)
	case PaneSessionTimeline:
		actions = append(actions, k.Filter)
		actions = append(actions, refresh...)
		actions = append(actions, k.Copy, k.ErrorsOnly, withDesc(k.Export, "export timeline"))
		nav = append(nav, withDesc(k.Open, "open participant"))
	case PaneCompositions:
		list("start composition", "stop composition")
		panes = append(panes, k.Describe, k.Tags)
	case PaneComposition:
		actions = append(actions, refresh...)
		actions = append(actions, k.Copy, withDesc(k.Delete, "stop composition"))
		panes = append(panes, k.Tags)
	case PaneIngest:
		list("create ingest", "delete (force)", k.Reveal, withDesc(k.Edit, "edit ingest"), k.Attach)
		panes = append(panes, k.Describe, k.Tags)
	case PaneEncoders:
		list("create encoder config", "delete encoder config")
		panes = append(panes, k.Describe, k.Tags)
	case PaneStorage:
		list("create storage config", "delete storage config")
		panes = append(panes, k.Describe, k.Tags)
	case PanePublicKeys:
		list("import public key", "delete public key")
		panes = append(panes, k.Describe, k.Tags)
	case PaneTags:
		actions = append(actions, k.Copy, withDesc(k.Create, "add tag"),
			withDesc(k.Edit, "edit value"), withDesc(k.Delete, "remove tag"))
	case PaneTriage:
		actions = append(actions, refresh...)
		actions = append(actions, k.Copy)
		nav = append(nav, withDesc(k.Open, "open participant"))
	case PaneToken:
		nav, panes = nil, nil
		actions = append(actions, withDesc(k.Copy, "copy token"), k.Reveal, k.WriteToken)
		general = []key.Binding{withDesc(k.Back, "close"), k.Quit}
	case PaneForm:
		nav, panes = nil, nil
		actions = []key.Binding{k.Form.Next, k.Form.Prev, k.Form.Toggle, k.Form.Submit}
		general = []key.Binding{k.Form.Cancel}
	case PaneConfirm:
		nav, panes = nil, nil
		actions = []key.Binding{k.Confirm.Yes, k.Confirm.No}
		general = nil
	case PanePrompt:
		nav, panes = nil, nil
		actions = []key.Binding{k.Prompt.Accept, k.Prompt.Complete}
		general = []key.Binding{k.Prompt.Cancel}
	}

	groups := []Group{
		{"navigation", nav},
		{"actions", actions},
		{"panes", panes},
		{"general", general},
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

// ForPane returns every enabled binding relevant to pane p, with the pane's
// own help descriptions.
func (k *KeyMap) ForPane(p Pane) []key.Binding {
	var all []key.Binding
	for _, g := range k.Groups(p) {
		all = append(all, g.Bindings...)
	}
	return all
}

// shortHelp returns, per pane, the bindings worth a place in the one-line footer,
// most useful first; the footer cuts from the end.
func (k *KeyMap) shortHelp(p Pane) []key.Binding {
	var bs []key.Binding
	switch p {
	case PaneForm:
		bs = []key.Binding{k.Form.Next, k.Form.Submit, k.Form.Cancel, k.Form.Toggle}
	case PaneConfirm:
		bs = []key.Binding{k.Confirm.Yes, k.Confirm.No}
	case PanePrompt:
		bs = []key.Binding{k.Prompt.Accept, k.Prompt.Cancel, k.Prompt.Complete}
	case PaneToken:
		bs = []key.Binding{withDesc(k.Copy, "copy token"), k.Reveal, k.WriteToken, withDesc(k.Back, "close")}
	default:
		// Help first, so the one key that explains the rest is never cut;
		// then the pane's own actions; the everyday ones (filter, refresh,
		// pause, copy) are in the full help.
		bs = []key.Binding{k.Help}
		if p != PaneStageDetail && p != PaneParticipant && p != PaneComposition && p != PaneTags {
			bs = append(bs, k.Open)
		}
		bs = append(bs, k.Back)
		filter := false
		for _, g := range k.Groups(p) {
			if g.Title != "actions" {
				continue
			}
			for _, b := range g.Bindings {
				switch b.Help().Key {
				case k.Filter.Help().Key:
					filter = true
					continue
				case k.Refresh.Help().Key, k.Pause.Help().Key, k.Copy.Help().Key:
					continue
				}
				bs = append(bs, b)
			}
		}
		if filter {
			bs = append(bs, k.Filter)
		}
		bs = append(bs, k.Jump, k.Quit)
	}
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

// PaneHelp adapts the key map to bubbles' help.KeyMap for one pane.
type PaneHelp struct {
	km   *KeyMap
	pane Pane
}

// HelpFor returns the help adapter for pane p.
func (k *KeyMap) HelpFor(p Pane) PaneHelp { return PaneHelp{km: k, pane: p} }

// ShortHelp implements help.KeyMap: the one-line footer.
func (h PaneHelp) ShortHelp() []key.Binding { return h.km.shortHelp(h.pane) }

// FullHelp implements help.KeyMap: one column per group.
func (h PaneHelp) FullHelp() [][]key.Binding {
	var cols [][]key.Binding
	for _, g := range h.km.Groups(h.pane) {
		cols = append(cols, g.Bindings)
	}
	return cols
}

// Groups returns the titled groups of the pane, for ui.FullHelp.
func (h PaneHelp) Groups() []Group { return h.km.Groups(h.pane) }
