// Package keymap holds every key binding of ivsdash, with its help text, and
// Help, the shape of the key help a pane declares beside the code that
// handles its keys (the builders ListHelp and DetailHelp give the keys
// every list and detail shares); the dialogs' helps are declared here.
package keymap

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
)

// KeyMap is every binding of the program. Build it with Default; the model
// matches key presses with key.Matches(msg, km.Up) and so on. A disabled
// binding (see SetReadOnly) neither matches nor shows in help. Some keys are
// bound twice for different contexts (enter is Open in lists, Submit in
// forms, No in confirmations; e is Edit in lists, Export in the session
// timeline): each pane's Help says which apply where.
type KeyMap struct {
	// Navigation.
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	Home, End        key.Binding
	Open             key.Binding // enter: drill into the selection
	Back             key.Binding // esc: one level up

	// Moving between panes.
	Jump            key.Binding // : jump to a resource kind
	Details         key.Binding // d: details (describe) of the selection
	SessionTimeline key.Binding // s: merged timeline of the current session
	Triage          key.Binding // !: error triage
	Tags            key.Binding // T: tags of the selection
	Replicas        key.Binding // R: a participant's replicas (replication to other stages)
	Breakdown       key.Binding // b: a stage's quality by platform, SDK version, country
	Health          key.Binding // m: a participant's metrics charts instead of its events

	// Actions.
	Filter      key.Binding // /: filter the list
	FilterCycle key.Binding // f: all → connected → publishing → user id → recording state
	FilterUser  key.Binding // u: filter participants by user id
	ErrorsOnly  key.Binding // x: errors only, in timelines
	Refresh     key.Binding // r
	Sort        key.Binding // o: sort by the next column (k9s users sort every table)
	SortReverse key.Binding // O: reverse the sort
	Follow      key.Binding // F in timelines: follow the newest event (less's F, k9s's autoscroll)
	Wrap        key.Binding // w in timelines: wrap the error notes (k9s's logs' w)
	// Mouse is for the help only (no key press is "mouse"): the wheel
	// moves, a click selects, a double-click opens. SetMouse turns it off.
	Mouse key.Binding
	Pause key.Binding // p: pause or resume polling
	Copy  key.Binding // y: copy the most useful value
	// Console copies and shows the AWS console URL of the selection.
	Console key.Binding // C
	Reveal  key.Binding // v: reveal or mask a secret
	Write   key.Binding // w: write the token to a file
	Export  key.Binding // e in the session timeline: export it
	Token   key.Binding // t: mint a participant token (mutating)
	Create  key.Binding // c (mutating)
	Edit    key.Binding // e (mutating)
	Delete  key.Binding // ctrl+d: destructive, behind a confirmation (mutating)
	Attach  key.Binding // a: attach an ingest configuration to a stage (mutating)

	// General.
	Help      key.Binding
	LastError key.Binding // L: the last error, whole (the status bar cuts it)
	Quit      key.Binding // q, where no text input has the focus
	ForceQuit key.Binding // ctrl+c, everywhere (forms and prompts too)

	// Forms (token, create) and one-line prompts (: jump, / filter). The
	// text inputs get every other key.
	NextField  key.Binding // tab
	PrevField  key.Binding // shift+tab
	Submit     key.Binding // enter: submit the form or the prompt
	SubmitForm key.Binding // ctrl+s: submit from a multi-line field, where enter is a newline
	Cancel     key.Binding // esc: close the form or prompt (and clear the filter)
	Toggle     key.Binding // space, on a checkbox
	Complete   key.Binding // tab in the : prompt: complete a resource name

	// Confirmations: only y confirms; enter, n and esc all mean No, so a
	// reflexive enter never destroys anything.
	Yes key.Binding
	No  key.Binding

	readOnly bool
}

func bind(keys []string, helpKey, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
}

// Default returns the key map: a contract the end-to-end tests drive (the README's key table).
func Default() KeyMap {
	return KeyMap{
		Up:       bind([]string{"up", "k"}, "↑/k", "up"),
		Down:     bind([]string{"down", "j"}, "↓/j", "down"),
		PageUp:   bind([]string{"pgup"}, "pgup", "page up"),
		PageDown: bind([]string{"pgdown"}, "pgdn", "page down"),
		Home:     bind([]string{"home", "g"}, "home/g", "first"),
		End:      bind([]string{"end", "G"}, "end/G", "last"),
		Open:     bind([]string{"enter"}, "enter", "open"),
		Back:     bind([]string{"esc"}, "esc", "back"),

		Jump:            bind([]string{":"}, ":", "jump to…"),
		Details:         bind([]string{"d"}, "d", "details"),
		SessionTimeline: bind([]string{"s"}, "s", "session timeline"),
		Triage:          bind([]string{"!"}, "!", "error triage"),
		Tags:            bind([]string{"T"}, "T", "tags"),
		Replicas:        bind([]string{"R"}, "R", "replicas"),
		Breakdown:       bind([]string{"b"}, "b", "quality breakdown"),
		Health:          bind([]string{"m"}, "m", "metrics/events"),

		Filter:      bind([]string{"/"}, "/", "filter"),
		FilterCycle: bind([]string{"f"}, "f", "cycle filter"),
		FilterUser:  bind([]string{"u"}, "u", "filter by user id"),
		ErrorsOnly:  bind([]string{"x"}, "x", "errors only"),
		Refresh:     bind([]string{"r"}, "r", "refresh"),
		Sort:        bind([]string{"o"}, "o", "sort by next column"),
		SortReverse: bind([]string{"O"}, "O", "reverse sort"),
		Follow:      bind([]string{"F"}, "F", "follow newest"),
		Wrap:        bind([]string{"w"}, "w", "wrap notes"),
		Mouse:       bind([]string{"mouse"}, "wheel/click", "scroll/select, 2× opens"),
		Pause:       bind([]string{"p"}, "p", "pause/resume polling"),
		Copy:        bind([]string{"y"}, "y", "copy"),
		Console:     bind([]string{"C"}, "C", "AWS console URL"),
		Reveal:      bind([]string{"v"}, "v", "reveal/mask"),
		Write:       bind([]string{"w"}, "w", "write to file"),
		Export:      bind([]string{"e"}, "e", "export"),
		Token:       bind([]string{"t"}, "t", "mint token"),
		Create:      bind([]string{"c"}, "c", "create"),
		Edit:        bind([]string{"e"}, "e", "edit"),
		Delete:      bind([]string{"ctrl+d"}, "ctrl+d", "delete"),
		Attach:      bind([]string{"a"}, "a", "attach to stage"),

		Help:      bind([]string{"?"}, "?", "help"),
		LastError: bind([]string{"L"}, "L", "last error in full"),
		Quit:      bind([]string{"q"}, "q", "quit"),
		ForceQuit: bind([]string{"ctrl+c"}, "ctrl+c", "quit from anywhere"),

		NextField:  bind([]string{"tab"}, "tab", "next field"),
		PrevField:  bind([]string{"shift+tab"}, "shift+tab", "previous field"),
		Submit:     bind([]string{"enter"}, "enter", "submit"),
		SubmitForm: bind([]string{"ctrl+s"}, "ctrl+s", "submit from any field"),
		Cancel:     bind([]string{"esc"}, "esc", "cancel"),
		Toggle:     bind([]string{"space"}, "space", "toggle"),
		Complete:   bind([]string{"tab"}, "tab", "complete"),

		Yes: bind([]string{"y"}, "y", "yes"),
		No:  bind([]string{"enter", "n", "esc"}, "enter/n/esc", "no"),
	}
}

// SetReadOnly disables (ro) or re-enables every binding that changes
// anything in AWS: t (mint token), c (create), e (edit), ctrl+d (delete,
// disconnect, stop) and a (attach). Disabled bindings neither match a key
// press nor show in help, so this is the whole of --read-only for keys: no
// handler checks it again. T stays, as "view tags": reading tags is
// harmless, and adding, editing and removing them go through c, e and
// ctrl+d.
func (k *KeyMap) SetReadOnly(ro bool) {
	k.readOnly = ro
	for _, b := range k.mutating() {
		b.SetEnabled(!ro)
	}
	if ro {
		k.Tags.SetHelp("T", "view tags")
	} else {
		k.Tags.SetHelp("T", "tags")
	}
}

// SetMouse says whether the mouse works (not with --no-mouse), for the
// help.
func (k *KeyMap) SetMouse(on bool) { k.Mouse.SetEnabled(on) }

// ReadOnly reports whether SetReadOnly(true) is in force.
func (k *KeyMap) ReadOnly() bool { return k.readOnly }

// Blocked names the action a key press would have started had read-only
// not switched its binding off ("create", "delete"), or "" when it would
// have started none: the root says so rather than ignore the key.
func (k *KeyMap) Blocked(press fmt.Stringer) string {
	if !k.readOnly {
		return ""
	}
	for _, b := range k.mutating() {
		if slices.Contains(b.Keys(), press.String()) {
			return b.Help().Desc
		}
	}
	return ""
}

func (k *KeyMap) mutating() []*key.Binding {
	return []*key.Binding{&k.Token, &k.Create, &k.Edit, &k.Delete, &k.Attach}
}

// Global returns the bindings that work on every pane, for the footer.
func (k *KeyMap) Global() []key.Binding {
	return enabled([]key.Binding{k.Jump, k.Help, k.Quit})
}

// All returns every binding, for tests and for checks such as "every binding
// has help".
func (k *KeyMap) All() []key.Binding {
	return []key.Binding{
		k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End, k.Open, k.Back,
		k.Jump, k.Details, k.SessionTimeline, k.Triage, k.Tags, k.Replicas, k.Breakdown, k.Health,
		k.Filter, k.FilterCycle, k.FilterUser, k.ErrorsOnly, k.Refresh, k.Sort, k.SortReverse, k.Follow, k.Wrap, k.Mouse, k.Pause, k.Copy, k.Console, k.Reveal,
		k.Write, k.Export, k.Token, k.Create, k.Edit, k.Delete, k.Attach,
		k.Help, k.LastError, k.Quit, k.ForceQuit,
		k.NextField, k.PrevField, k.Submit, k.SubmitForm, k.Cancel, k.Toggle, k.Complete,
		k.Yes, k.No,
	}
}
