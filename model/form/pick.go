package form

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/ui"
)

// PickItem is one option of a pick list.
type PickItem struct {
	Label  string // untrusted (a resource name): sanitised when shown
	Detail string // muted beside the label: the resource id
	Value  string // what the form sends: an ARN, or "" for none
}

// PickLoadedMsg brings a pick list its options.
type PickLoadedMsg struct {
	Field *Pick
	Items []PickItem
	Err   error
}

// pickRows is how many options a focused pick list shows.
const pickRows = 5

// Pick picks one resource from a list loaded by a call (stages, storage
// configurations): ↑/↓ choose, typing filters.
type Pick struct {
	fieldBase
	what     string // "stages", for "loading stages…"
	none     string // the label of choosing nothing; "" when a choice is required
	want     string // the value to select once the options are in
	load     func(ctx context.Context) ([]PickItem, error)
	items    []PickItem
	shown    []int // indices of items passing the filter
	cursor   int   // in shown
	filter   textinput.Model
	loading  bool
	loadErr  string
	hasFocus bool
}

// NewPick makes a pick list of what ("stages") that load fetches when the
// form opens; none labels choosing nothing ("" when a choice is required)
// and want is the value to select once the options are in.
func NewPick(label, what, none, want, hint string, load func(ctx context.Context) ([]PickItem, error)) *Pick {
	in := textinput.New()
	in.Prompt = "filter: "
	in.Placeholder = "type to filter " + what
	in.CharLimit = 128
	p := &Pick{fieldBase: fieldBase{label: label, hint: hint}, what: what, none: none, want: want, load: load, filter: in}
	p.setItems(nil)
	return p
}

func (p *Pick) Init(env Env) tea.Cmd {
	if p.load == nil {
		return nil
	}
	p.loading = true
	load := p.load
	return func() tea.Msg {
		ctx, cancel := env.Call()
		defer cancel()
		items, err := load(ctx)
		return PickLoadedMsg{Field: p, Items: items, Err: err}
	}
}

// Loaded takes the options (or the failure) of the load.
func (p *Pick) Loaded(env Env, items []PickItem, err error) {
	p.loading = false
	if err != nil {
		p.loadErr = "could not list " + p.what + ": " + env.Sentence(err)
		return
	}
	p.loadErr = ""
	if sel, ok := p.Selected(); ok && p.want == "" {
		p.want = sel.Value // keep what the user chose across a reload
	}
	p.setItems(items)
}

// What is what the list holds: "stages".
func (p *Pick) What() string { return p.what }

// Loading says the options have not come yet.
func (p *Pick) Loading() bool { return p.loading }

// Shown is how many options pass the filter.
func (p *Pick) Shown() int { return len(p.shown) }

func (p *Pick) setItems(items []PickItem) {
	p.shown = p.shown[:0] // they index the old items (Loaded keeps the choice in want)
	p.items = p.items[:0]
	if p.none != "" {
		p.items = append(p.items, PickItem{Label: p.none})
	}
	p.items = append(p.items, items...)
	p.refilter()
	for row, i := range p.shown {
		if p.items[i].Value == p.want {
			p.cursor = row
		}
	}
}

func (p *Pick) refilter() {
	var keep string
	if sel, ok := p.Selected(); ok {
		keep = sel.Value
	}
	needle := strings.ToLower(strings.TrimSpace(p.filter.Value()))
	p.shown = p.shown[:0]
	p.cursor = 0
	for i, it := range p.items {
		if needle == "" || strings.Contains(strings.ToLower(it.Label+" "+it.Detail), needle) {
			p.shown = append(p.shown, i)
			if it.Value == keep {
				p.cursor = len(p.shown) - 1
			}
		}
	}
}

// Selected is the option under the cursor; false when none passes the filter.
func (p *Pick) Selected() (PickItem, bool) {
	if p.cursor < 0 || p.cursor >= len(p.shown) {
		return PickItem{}, false
	}
	return p.items[p.shown[p.cursor]], true
}

// Value is the chosen option's value: "" for none or nothing.
func (p *Pick) Value() string {
	it, _ := p.Selected()
	return it.Value
}

func (p *Pick) Focus() tea.Cmd {
	p.hasFocus = true
	return p.filter.Focus()
}

func (p *Pick) Blur() {
	p.hasFocus = false
	p.filter.Blur()
}

func (p *Pick) Keys(env Env) []key.Binding {
	choose := arrowsOnly(env.Keys.Up)
	choose.SetHelp("↑/↓", "choose")
	return []key.Binding{choose}
}

func (p *Pick) Update(env Env, msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		k := env.Keys
		n := len(p.shown)
		switch {
		case key.Matches(km, arrowsOnly(k.Up)):
			p.cursor = max(p.cursor-1, 0)
			return nil
		case key.Matches(km, arrowsOnly(k.Down)):
			p.cursor = max(min(p.cursor+1, n-1), 0)
			return nil
		case key.Matches(km, arrowsOnly(k.PageUp)):
			p.cursor = max(p.cursor-pickRows, 0)
			return nil
		case key.Matches(km, arrowsOnly(k.PageDown)):
			p.cursor = max(min(p.cursor+pickRows, n-1), 0)
			return nil
		}
	}
	before := p.filter.Value()
	var cmd tea.Cmd
	p.filter, cmd = p.filter.Update(msg)
	if p.filter.Value() != before {
		p.refilter()
		p.errText = ""
	}
	return cmd
}

func (p *Pick) Validate() string {
	if _, ok := p.Selected(); ok {
		return ""
	}
	switch {
	case p.loading:
		return p.what + " are still loading"
	case p.loadErr != "":
		return p.loadErr
	case len(p.items) == 0:
		return "there are no " + p.what + " to choose from"
	}
	return "nothing matches the filter: choose one of the " + p.what
}

func (p *Pick) View(env Env, focused bool, width int) string {
	s := env.Styles
	var lines []string
	switch {
	case focused:
		p.filter.SetWidth(max(width-14, 4))
		lines = append(lines, p.filter.View())
		lines = append(lines, p.rows(s, width)...)
	default:
		if it, ok := p.Selected(); ok {
			lines = append(lines, p.itemLine(s, it, width))
		} else {
			lines = append(lines, s.Muted.Render("(none chosen)"))
		}
	}
	if p.loading {
		lines = append(lines, s.Muted.Render("loading "+p.what+"…"))
	}
	if p.loadErr != "" {
		lines = append(lines, s.FormError.Render(ui.Sanitize(p.loadErr)))
	}
	return p.render(s, strings.Join(lines, "\n"), focused, width)
}

// rows are the options on screen around the cursor.
func (p *Pick) rows(s *ui.Styles, width int) []string {
	if len(p.shown) == 0 {
		return []string{s.Muted.Render("  (nothing to choose)")}
	}
	first := max(0, min(p.cursor-pickRows/2, len(p.shown)-pickRows))
	last := min(first+pickRows, len(p.shown))
	var out []string
	for row := first; row < last; row++ {
		it := p.items[p.shown[row]]
		line := p.itemLine(s, it, width-2)
		if row == p.cursor {
			out = append(out, s.FormLabelFocused.Render("▸ ")+line)
		} else {
			out = append(out, "  "+line)
		}
	}
	if more := len(p.shown) - (last - first); more > 0 {
		out = append(out, s.Muted.Render(ui.Count(more)+" more: ↑/↓ or type to filter"))
	}
	return out
}

func (p *Pick) itemLine(s *ui.Styles, it PickItem, width int) string {
	line := ui.SanitizeTrunc(it.Label, max(width-6, 4))
	if it.Detail != "" {
		line += "  " + s.Muted.Render(ui.SanitizeTrunc(it.Detail, 40))
	}
	return line
}

// arrowsOnly keeps the keys of a binding that no text input types (up, not
// k), so a field that takes text still moves with the arrows.
func arrowsOnly(b key.Binding) key.Binding {
	var keys []string
	for _, k := range b.Keys() {
		if len([]rune(k)) > 1 {
			keys = append(keys, k)
		}
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(b.Help().Key, b.Help().Desc))
}
