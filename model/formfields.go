package model

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/ui"
)

// formField is one field of a form: a line of text, key=value lines, a
// checkbox, a choice among a few words, or a pick from a list of resources.
type formField interface {
	// init starts what the field needs (the options of a pick list).
	init(c *Context) tea.Cmd
	focus() tea.Cmd
	blur()
	// update gets the keys the form does not use itself.
	update(c *Context, msg tea.Msg) tea.Cmd
	view(c *Context, focused bool, width int) string
	// keys are the field's own key hints for the footer.
	keys(c *Context) []key.Binding
	// multiline fields take enter as a newline.
	multiline() bool
	// validate checks the value with the API's limits: "" when fine.
	validate() string
	err() string
	setErr(text string)
	// hidden fields are skipped by tab, not drawn and not checked: the
	// pip fields while the layout is a grid (see showWhen).
	hidden() bool
}

// fieldBase holds what every field has; its methods are the defaults.
type fieldBase struct {
	label   string
	hint    string // an explanation under the field, always shown
	errText string
	shownIf func() bool // nil: always shown
}

func (b *fieldBase) init(*Context) tea.Cmd       { return nil }
func (b *fieldBase) focus() tea.Cmd              { return nil }
func (b *fieldBase) blur()                       {}
func (b *fieldBase) keys(*Context) []key.Binding { return nil }
func (b *fieldBase) multiline() bool             { return false }
func (b *fieldBase) err() string                 { return b.errText }
func (b *fieldBase) setErr(text string)          { b.errText = text }
func (b *fieldBase) hidden() bool                { return b.shownIf != nil && !b.shownIf() }

// showWhen shows fields only while cond holds (another field's value).
func showWhen(cond func() bool, fields ...interface{ base() *fieldBase }) {
	for _, f := range fields {
		f.base().shownIf = cond
	}
}

func (b *fieldBase) base() *fieldBase { return b }

// render lays out a labelled field: label, input, error, then the hint,
// the last two wrapped to width under the input.
func (b *fieldBase) render(s *ui.Styles, input string, focused bool, width int) string {
	out := ui.FormField(s, b.label, input, "", focused)
	if b.errText != "" {
		out += "\n" + s.FormError.Render(wrapIndented("✖ "+ui.Sanitize(b.errText), width, "  "))
	}
	if b.hint != "" {
		out += "\n" + s.Muted.Render(wrapIndented(b.hint, width, "  "))
	}
	return out
}

// wrapIndented wraps plain text to width, every line indented.
func wrapIndented(text string, width int, indent string) string {
	w := max(width-ansi.StringWidth(indent), 8)
	lines := strings.Split(lipgloss.Wrap(text, w, " "), "\n")
	for i, l := range lines {
		lines[i] = indent + l
	}
	return strings.Join(lines, "\n")
}

// inputWidth is a text input's width: fixed when set, else the field's
// width less the label's indent.
func inputWidth(fixed, width int) int {
	if fixed > 0 {
		return fixed
	}
	return max(width-4, 4)
}

// textField is one line of text.
type textField struct {
	fieldBase
	input textinput.Model
	check func(string) string
	width int // of the input; 0: as wide as the form
}

// newTextField makes a line of text. The input takes more than the API's
// limit so that a value too long is shown as an error, not silently cut.
func newTextField(label, placeholder, value, hint string, limit int, check func(string) string) *textField {
	in := textinput.New()
	in.Placeholder = placeholder
	in.CharLimit = 4 * limit
	in.Prompt = ""
	in.SetValue(value)
	in.CursorEnd()
	return &textField{fieldBase: fieldBase{label: label, hint: hint}, input: in, check: check}
}

func (t *textField) value() string  { return t.input.Value() }
func (t *textField) focus() tea.Cmd { return t.input.Focus() }
func (t *textField) blur()          { t.input.Blur() }

func (t *textField) update(_ *Context, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	t.input, cmd = t.input.Update(msg)
	return cmd
}

func (t *textField) validate() string {
	if t.check == nil {
		return ""
	}
	return t.check(t.input.Value())
}

func (t *textField) view(c *Context, focused bool, width int) string {
	t.input.SetWidth(inputWidth(t.width, width))
	return t.render(c.Styles, t.input.View(), focused, width)
}

// areaField is several lines of text: key=value attributes or tags.
type areaField struct {
	fieldBase
	area  textarea.Model
	check func(string) string
	width int // of the input; 0: as wide as the form
}

func newAreaField(label, placeholder, hint string, limit int, check func(string) string) *areaField {
	a := textarea.New()
	a.Placeholder = placeholder
	a.ShowLineNumbers = false
	a.SetHeight(3)
	a.CharLimit = 4 * limit
	return &areaField{fieldBase: fieldBase{label: label, hint: hint}, area: a, check: check}
}

func (a *areaField) value() string   { return a.area.Value() }
func (a *areaField) focus() tea.Cmd  { return a.area.Focus() }
func (a *areaField) blur()           { a.area.Blur() }
func (a *areaField) multiline() bool { return true }

func (a *areaField) keys(c *Context) []key.Binding {
	return []key.Binding{c.Keys.SubmitForm}
}

func (a *areaField) update(_ *Context, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	a.area, cmd = a.area.Update(msg)
	return cmd
}

func (a *areaField) validate() string {
	if a.check == nil {
		return ""
	}
	return a.check(a.area.Value())
}

func (a *areaField) view(c *Context, focused bool, width int) string {
	a.area.SetWidth(inputWidth(a.width, width))
	return a.render(c.Styles, a.area.View(), focused, width)
}

// toggleField is a checkbox; space flips it.
type toggleField struct {
	fieldBase
	on    bool
	check func(bool) string
}

func newToggleField(label string, on bool, hint string, check func(bool) string) *toggleField {
	return &toggleField{fieldBase: fieldBase{label: label, hint: hint}, on: on, check: check}
}

func (t *toggleField) keys(c *Context) []key.Binding { return []key.Binding{c.Keys.Toggle} }

func (t *toggleField) update(c *Context, msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok && key.Matches(km, c.Keys.Toggle) {
		t.on = !t.on
		t.errText = ""
	}
	return nil
}

func (t *toggleField) validate() string {
	if t.check == nil {
		return ""
	}
	return t.check(t.on)
}

func (t *toggleField) view(c *Context, focused bool, width int) string {
	s := c.Styles
	out := ui.Toggle(s, t.label, t.on, focused)
	if t.errText != "" {
		out += "\n" + s.FormError.Render(wrapIndented("✖ "+ui.Sanitize(t.errText), width, "  "))
	}
	if t.hint != "" {
		out += "\n" + s.Muted.Render(wrapIndented(t.hint, width, "  "))
	}
	return out
}

// choiceField is one of a few fixed words (RTMPS or RTMP); space moves to
// the next.
type choiceField struct {
	fieldBase
	options []string
	at      int
}

func newChoiceField(label string, options []string, at int, hint string) *choiceField {
	return &choiceField{fieldBase: fieldBase{label: label, hint: hint}, options: options, at: at}
}

func (f *choiceField) value() string                 { return f.options[f.at] }
func (f *choiceField) validate() string              { return "" }
func (f *choiceField) keys(c *Context) []key.Binding { return []key.Binding{c.Keys.Toggle} }

func (f *choiceField) update(c *Context, msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok && key.Matches(km, c.Keys.Toggle) {
		f.at = (f.at + 1) % len(f.options)
		f.errText = ""
	}
	return nil
}

func (f *choiceField) view(c *Context, focused bool, width int) string {
	parts := make([]string, len(f.options))
	for i, o := range f.options {
		mark := "( )"
		if i == f.at {
			mark = "(•)"
		}
		parts[i] = mark + " " + o
	}
	return f.render(c.Styles, strings.Join(parts, "   "), focused, width)
}

// pickItem is one option of a pick list.
type pickItem struct {
	label  string // untrusted (a resource name): sanitised when shown
	detail string // muted beside the label: the resource id
	value  string // what the form sends: an ARN, or "" for none
}

// pickLoadedMsg brings a pick list its options.
type pickLoadedMsg struct {
	field *pickField
	items []pickItem
	err   error
}

// pickRows is how many options a focused pick list shows.
const pickRows = 5

// pickField picks one resource from a list loaded by a call (stages,
// storage configurations): ↑/↓ choose, typing filters.
type pickField struct {
	fieldBase
	what     string // "stages", for "loading stages…"
	none     string // the label of choosing nothing; "" when a choice is required
	want     string // the value to select once the options are in
	load     func(ctx context.Context) ([]pickItem, error)
	items    []pickItem
	shown    []int // indices of items passing the filter
	cursor   int   // in shown
	filter   textinput.Model
	loading  bool
	loadErr  string
	hasFocus bool
}

func newPickField(label, what, none, want, hint string, load func(ctx context.Context) ([]pickItem, error)) *pickField {
	in := textinput.New()
	in.Prompt = "filter: "
	in.Placeholder = "type to filter " + what
	in.CharLimit = 128
	p := &pickField{fieldBase: fieldBase{label: label, hint: hint}, what: what, none: none, want: want, load: load, filter: in}
	p.setItems(nil)
	return p
}

func (p *pickField) init(c *Context) tea.Cmd {
	if p.load == nil {
		return nil
	}
	p.loading = true
	load := p.load
	return func() tea.Msg {
		ctx, cancel := c.callContext()
		defer cancel()
		items, err := load(ctx)
		return pickLoadedMsg{field: p, items: items, err: err}
	}
}

func (p *pickField) loaded(_ *Context, items []pickItem, err error) {
	p.loading = false
	if err != nil {
		p.loadErr = "could not list " + p.what + ": " + errorSentence(err)
		return
	}
	p.loadErr = ""
	if sel, ok := p.selected(); ok && p.want == "" {
		p.want = sel.value // keep what the user chose across a reload
	}
	p.setItems(items)
}

func (p *pickField) setItems(items []pickItem) {
	p.shown = p.shown[:0] // they index the old items (loaded keeps the choice in want)
	p.items = p.items[:0]
	if p.none != "" {
		p.items = append(p.items, pickItem{label: p.none})
	}
	p.items = append(p.items, items...)
	p.refilter()
	for row, i := range p.shown {
		if p.items[i].value == p.want {
			p.cursor = row
		}
	}
}

func (p *pickField) refilter() {
	var keep string
	if sel, ok := p.selected(); ok {
		keep = sel.value
	}
	needle := strings.ToLower(strings.TrimSpace(p.filter.Value()))
	p.shown = p.shown[:0]
	p.cursor = 0
	for i, it := range p.items {
		if needle == "" || strings.Contains(strings.ToLower(it.label+" "+it.detail), needle) {
			p.shown = append(p.shown, i)
			if it.value == keep {
				p.cursor = len(p.shown) - 1
			}
		}
	}
}

func (p *pickField) selected() (pickItem, bool) {
	if p.cursor < 0 || p.cursor >= len(p.shown) {
		return pickItem{}, false
	}
	return p.items[p.shown[p.cursor]], true
}

// value is the chosen option's value: "" for none or nothing.
func (p *pickField) value() string {
	it, _ := p.selected()
	return it.value
}

func (p *pickField) focus() tea.Cmd {
	p.hasFocus = true
	return p.filter.Focus()
}

func (p *pickField) blur() {
	p.hasFocus = false
	p.filter.Blur()
}

func (p *pickField) keys(c *Context) []key.Binding {
	choose := arrowsOnly(c.Keys.Up)
	choose.SetHelp("↑/↓", "choose")
	return []key.Binding{choose}
}

func (p *pickField) update(c *Context, msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		k := c.Keys
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

func (p *pickField) validate() string {
	if _, ok := p.selected(); ok {
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

func (p *pickField) view(c *Context, focused bool, width int) string {
	s := c.Styles
	var lines []string
	switch {
	case focused:
		p.filter.SetWidth(max(width-14, 4))
		lines = append(lines, p.filter.View())
		lines = append(lines, p.rows(s, width)...)
	default:
		if it, ok := p.selected(); ok {
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
func (p *pickField) rows(s *ui.Styles, width int) []string {
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

func (p *pickField) itemLine(s *ui.Styles, it pickItem, width int) string {
	line := ui.SanitizeTrunc(it.label, max(width-6, 4))
	if it.detail != "" {
		line += "  " + s.Muted.Render(ui.SanitizeTrunc(it.detail, 40))
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
