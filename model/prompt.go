package model

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/ui"
)

type promptKind int

const (
	promptNone   promptKind = iota
	promptJump              // `:` jump to a resource
	promptFilter            // `/` filter the current list
)

// prompt is the one-line input at the bottom for `:` and `/`, as in k9s.
// The `:` prompt completes the target as it is typed (tab accepts, ctrl+n
// and ctrl+p cycle) and recalls earlier jumps with up and down, as a shell.
type prompt struct {
	kind  promptKind
	input textinput.Model

	history []string // earlier jumps, oldest first
	recall  int      // index into history while up/down browse it; len(history) when not
	draft   string   // what was typed before up began browsing
}

func (p *prompt) active() bool { return p.kind != promptNone }

func (p *prompt) open(kind promptKind, value string, suggestions []string) tea.Cmd {
	in := textinput.New()
	in.CharLimit = 256
	if kind == promptJump {
		in.Prompt = ":"
		in.Placeholder = strings.Join(suggestions, ", ")
		in.ShowSuggestions = true
		in.SetSuggestions(suggestions)
		// up and down are the history's; the suggestions cycle with ctrl+n/p.
		in.KeyMap.NextSuggestion = key.NewBinding(key.WithKeys("ctrl+n"))
		in.KeyMap.PrevSuggestion = key.NewBinding(key.WithKeys("ctrl+p"))
	} else {
		in.Prompt = "/"
		in.Placeholder = "filter"
	}
	in.SetValue(value)
	in.CursorEnd()
	p.kind, p.input = kind, in
	p.recall, p.draft = len(p.history), ""
	return p.input.Focus()
}

func (p *prompt) close() {
	p.kind = promptNone
	p.input.Blur()
}

func (p *prompt) value() string { return p.input.Value() }

// remember adds a jump to the history; a repeat moves to the end.
func (p *prompt) remember(target string) {
	for i, h := range p.history {
		if h == target {
			p.history = append(p.history[:i], p.history[i+1:]...)
			break
		}
	}
	p.history = append(p.history, target)
	if len(p.history) > 50 {
		p.history = p.history[1:]
	}
}

func (p *prompt) update(_ *kit.Context, msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok && p.kind == promptJump {
		switch km.String() {
		case "up":
			p.browse(-1)
			return nil
		case "down":
			p.browse(+1)
			return nil
		}
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	return cmd
}

// browse moves through the history; past the newest entry is the draft.
func (p *prompt) browse(step int) {
	if p.recall == len(p.history) {
		p.draft = p.input.Value()
	}
	p.recall = min(max(p.recall+step, 0), len(p.history))
	v := p.draft
	if p.recall < len(p.history) {
		v = p.history[p.recall]
	}
	p.input.SetValue(v)
	p.input.CursorEnd()
}

func (p *prompt) view(s *ui.Styles, width int) string {
	// Several targets match what is typed: name them all, not only the
	// one completed inline.
	hint := ""
	if m := p.input.MatchedSuggestions(); p.kind == promptJump && len(m) > 1 {
		hint = "  " + s.Muted.Render(strings.Join(m, " · ")+"  (tab completes, ctrl+n next)")
	}
	p.input.SetWidth(max(1, width-2-ansi.StringWidth(hint)))
	return p.input.View() + hint
}
