package model

import (
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/ivsdash/ivsdash/model/kit"
)

type promptKind int

const (
	promptNone   promptKind = iota
	promptJump              // `:` jump to a resource
	promptFilter            // `/` filter the current list
)

// prompt is the one-line input at the bottom for `:` and `/`, as in k9s.
type prompt struct {
	kind  promptKind
	input textinput.Model
}

func (p *prompt) active() bool { return p.kind != promptNone }

func (p *prompt) open(kind promptKind, value string, suggestions []string) tea.Cmd {
	in := textinput.New()
	in.CharLimit = 256
	if kind == promptJump {
		in.Prompt = ":"
		in.Placeholder = "stages, compositions, ingest, encoders, storage, keys"
		in.ShowSuggestions = true
		in.SetSuggestions(suggestions)
	} else {
		in.Prompt = "/"
		in.Placeholder = "filter"
	}
	in.SetValue(value)
	in.CursorEnd()
	p.kind, p.input = kind, in
	return p.input.Focus()
}

func (p *prompt) close() {
	p.kind = promptNone
	p.input.Blur()
}

func (p *prompt) value() string { return p.input.Value() }

func (p *prompt) update(_ *kit.Context, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	return cmd
}

func (p *prompt) view(width int) string {
	p.input.SetWidth(max(1, width-2))
	return p.input.View()
}
