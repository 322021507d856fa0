package keymap

import (
	"charm.land/bubbles/v2/key"
)

// Pane names a screen, or a modal context with keys of its own, for the
// bindings relevant to it. The values are the model's pane kinds, so
// Groups(Pane(pane.Kind())) works directly.
type Pane string

// The panes of design.md and the modal contexts.
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
	PaneToken           Pane = "token"          // a minted token
	PaneForm            Pane = "form"           // a form dialog (token, create)
	PaneConfirm         Pane = "confirm"
	PanePrompt          Pane = "prompt" // the : jump prompt or the / filter input
)

// Panes lists every pane and context, for tests and help.
func Panes() []Pane {
	return []Pane{
		PaneStages, PaneStageDetail, PaneSessions, PaneParticipants, PaneParticipant,
		PaneSessionTimeline, PaneCompositions, PaneComposition, PaneIngest, PaneEncoders,
		PaneStorage, PanePublicKeys, PaneIngestDetail, PaneEncoderDetail, PaneStorageDetail,
		PaneKeyDetail, PaneTags, PaneReplicas, PaneTriage, PaneToken, PaneForm, PaneConfirm,
		PanePrompt,
	}
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
// "navigation", "actions", "panes" and "general". Disabled bindings
// (read-only) are left out, and groups left empty are dropped. An unknown
// pane gets the bindings every list has.
func (k *KeyMap) Groups(p Pane) []Group {
	nav := []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}
	general := []key.Binding{k.Back, k.Help, k.Quit, k.ForceQuit}
	panes := []key.Binding{k.Jump, k.Triage}
	var actions []key.Binding

	refresh := []key.Binding{k.Refresh, k.Pause}
	list := func(open, create, del string, extra ...key.Binding) {
		nav = append(nav, withDesc(k.Open, open))
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
		list("sessions", "create stage", "delete stage", k.Token, withDesc(k.Edit, "rename"))
		panes = append(panes, withDesc(k.Details, "stage details"), k.Tags)
	case PaneStageDetail:
		actions = append(actions, refresh...)
		actions = append(actions, k.Copy, k.Token, withDesc(k.Edit, "edit name & recording"),
			withDesc(k.Create, "start composition"), withDesc(k.Delete, "delete stage"))
		nav = append(nav, withDesc(k.Open, "sessions"))
		panes = append(panes, k.Tags)
	case PaneSessions:
		list("participants", "start composition", "", k.Token)
		panes = append(panes, k.SessionTimeline)
	case PaneParticipants:
		list("details & events", "", "disconnect", k.FilterCycle, k.FilterUser, k.Token)
		panes = append(panes, k.Details, k.SessionTimeline)
	case PaneParticipant:
		actions = append(actions, refresh...)
		actions = append(actions, k.Copy, k.ErrorsOnly, k.Token, withDesc(k.Delete, "disconnect"))
		panes = append(panes, k.SessionTimeline, withDesc(k.Replicas, "replicas & replication"))
	case PaneSessionTimeline:
		actions = append(actions, k.Filter)
		actions = append(actions, refresh...)
		actions = append(actions, k.Copy, k.ErrorsOnly, withDesc(k.Export, "export timeline"))
		nav = append(nav, withDesc(k.Open, "open participant"))
	case PaneCompositions:
		list("details", "start composition", "stop composition")
		panes = append(panes, k.Details, k.Tags)
	case PaneComposition:
		actions = append(actions, refresh...)
		actions = append(actions, k.Copy, withDesc(k.Delete, "stop composition"))
		panes = append(panes, k.Tags)
	case PaneIngest:
		list("details", "create ingest", "delete (force)", withDesc(k.FilterCycle, "all/active/inactive/stage"), k.Attach)
		panes = append(panes, k.Details, k.Tags)
	case PaneIngestDetail:
		actions = append(actions, refresh...)
		actions = append(actions, withDesc(k.Copy, "copy stream key"), withDesc(k.Reveal, "reveal/mask stream key"),
			k.Attach, withDesc(k.Delete, "delete (force)"))
		panes = append(panes, k.Tags)
	case PaneEncoderDetail, PaneStorageDetail, PaneKeyDetail:
		actions = append(actions, refresh...)
		actions = append(actions, withDesc(k.Copy, "copy ARN"), withDesc(k.Delete, "delete"))
		panes = append(panes, k.Tags)
	case PaneEncoders:
		list("details", "create encoder config", "delete encoder config")
		panes = append(panes, k.Details, k.Tags)
	case PaneStorage:
		list("details", "create storage config", "delete storage config")
		panes = append(panes, k.Details, k.Tags)
	case PanePublicKeys:
		list("details", "import public key", "delete public key")
		panes = append(panes, k.Details, k.Tags)
	case PaneTags:
		actions = append(actions, k.Filter)
		actions = append(actions, refresh...)
		actions = append(actions, k.Copy, withDesc(k.Create, "add tag"),
			withDesc(k.Edit, "edit value"), withDesc(k.Delete, "remove tag"))
	case PaneReplicas:
		list("destination stage's sessions", "replicate to a stage", "stop replication")
	case PaneTriage:
		actions = append(actions, refresh...)
		actions = append(actions, k.Copy)
		nav = append(nav, withDesc(k.Open, "open participant"))
	case PaneToken:
		nav, panes = nil, nil
		actions = append(actions, withDesc(k.Copy, "copy token"), k.Reveal, withDesc(k.Write, "write token to file"))
		general = []key.Binding{withDesc(k.Back, "close"), k.ForceQuit}
	case PaneForm:
		nav, panes = nil, nil
		actions = []key.Binding{k.NextField, k.PrevField, k.Toggle, k.Submit, k.SubmitForm}
		general = []key.Binding{k.Cancel, k.ForceQuit}
	case PaneConfirm:
		nav, panes = nil, nil
		actions = []key.Binding{k.Yes, k.No}
		general = []key.Binding{k.ForceQuit}
	case PanePrompt:
		nav, panes = nil, nil
		actions = []key.Binding{withDesc(k.Submit, "apply"), k.Complete}
		general = []key.Binding{k.Cancel, k.ForceQuit}
	default:
		list("open", "", "")
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

// HelpGroups is Groups for a pane named by the model's kind string.
func (k *KeyMap) HelpGroups(kind string) []Group { return k.Groups(Pane(kind)) }

// ForPane returns every enabled binding relevant to pane p, with the pane's
// own help descriptions.
func (k *KeyMap) ForPane(p Pane) []key.Binding {
	var all []key.Binding
	for _, g := range k.Groups(p) {
		all = append(all, g.Bindings...)
	}
	return all
}

// shortHelp returns, per pane, the bindings worth a place in the one-line
// footer, most useful first; the footer cuts from the end.
func (k *KeyMap) shortHelp(p Pane) []key.Binding {
	var bs []key.Binding
	switch p {
	case PaneForm:
		bs = []key.Binding{k.NextField, k.Submit, k.Cancel, k.Toggle}
	case PaneConfirm:
		bs = []key.Binding{k.Yes, k.No}
	case PanePrompt:
		bs = []key.Binding{withDesc(k.Submit, "apply"), k.Cancel, k.Complete}
	case PaneToken:
		bs = []key.Binding{withDesc(k.Copy, "copy token"), k.Reveal, k.Write, withDesc(k.Back, "close")}
	default:
		// Help first, so the one key that explains the rest is never cut;
		// then open and back, the pane's own actions; the everyday ones
		// (filter, refresh, pause, copy) last or in the full help.
		bs = []key.Binding{k.Help}
		filter := false
		for _, g := range k.Groups(p) {
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
