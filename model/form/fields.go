package form

import (
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/ui"
)

// Field is one field of a form: Text, Area, Toggle, Choice or Pick.
type Field interface {
	// Init starts what the field needs (the options of a pick list).
	Init(env Env) tea.Cmd
	Focus() tea.Cmd
	Blur()
	// Update gets the keys the form does not use itself.
	Update(env Env, msg tea.Msg) tea.Cmd
	View(env Env, focused bool, width int) string
	// Keys are the field's own key hints for the footer.
	Keys(env Env) []key.Binding
	// Multiline fields take enter as a newline.
	Multiline() bool
	// Validate checks the value with the API's limits: "" when fine.
	Validate() string
	Err() string
	SetErr(text string)
	// Hidden fields are skipped by tab, not drawn and not checked: the
	// pip fields while the layout is a grid (see ShowWhen).
	Hidden() bool
	Label() string

	base() *fieldBase
}

// fieldBase holds what every field has; its methods are the defaults.
type fieldBase struct {
	label   string
	hint    string // an explanation under the field, always shown
	errText string
	shownIf func() bool // nil: always shown
}

func (b *fieldBase) Init(Env) tea.Cmd       { return nil }
func (b *fieldBase) Focus() tea.Cmd         { return nil }
func (b *fieldBase) Blur()                  {}
func (b *fieldBase) Keys(Env) []key.Binding { return nil }
func (b *fieldBase) Multiline() bool        { return false }
func (b *fieldBase) Err() string            { return b.errText }
func (b *fieldBase) SetErr(text string)     { b.errText = text }
func (b *fieldBase) Hidden() bool           { return b.shownIf != nil && !b.shownIf() }
func (b *fieldBase) Label() string          { return b.label }
func (b *fieldBase) base() *fieldBase       { return b }

// ShowWhen shows fields only while cond holds (another field's value).
func ShowWhen(cond func() bool, fields ...Field) {
	for _, f := range fields {
		f.base().shownIf = cond
	}
}

// render lays out a labelled field: label, input, error, then the hint,
// the last two wrapped to width under the input.
func (b *fieldBase) render(s *ui.Styles, input string, focused bool, width int) string {
	return ui.FormField(s, b.label, input, "", focused) + b.below(s, width)
}

// below is what goes under a field's input: its error, then its hint,
// wrapped to width.
func (b *fieldBase) below(s *ui.Styles, width int) string {
	out := ""
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

// checked is check's verdict on v; nil checks nothing.
func checked[T any](check func(T) string, v T) string {
	if check == nil {
		return ""
	}
	return check(v)
}

// inputWidth is a text input's width: fixed when set, else the field's
// width less the label's indent.
func inputWidth(fixed, width int) int {
	if fixed > 0 {
		return fixed
	}
	return max(width-4, 4)
}

// Text is one line of text.
type Text struct {
	fieldBase
	input textinput.Model
	// Check says what is wrong with the value, "" when fine; nil: anything.
	Check func(string) string
	// Width is the input's; 0: as wide as the form.
	Width int
	// full: the input holds its limit, so a typed key is dropped at once.
	full bool
}

// typedKey reports whether msg is a key that types text (no ctrl or alt):
// what a field at its limit drops without work.
func typedKey(msg tea.Msg) bool {
	k, ok := msg.(tea.KeyPressMsg)
	return ok && k.Text != "" && k.Mod&^tea.ModShift == 0
}

// NewText makes a line of text. The input takes more than the API's limit
// so that a value too long is shown as an error, not silently cut.
func NewText(label, placeholder, value, hint string, limit int, check func(string) string) *Text {
	in := textinput.New()
	in.Placeholder = placeholder
	in.CharLimit = 4 * limit
	in.Prompt = ""
	in.SetValue(value)
	in.CursorEnd()
	t := &Text{fieldBase: fieldBase{label: label, hint: hint}, input: in, Check: check}
	t.measure()
	return t
}

// measure notes whether the input holds its limit.
func (t *Text) measure() {
	t.full = t.input.CharLimit > 0 && utf8.RuneCountInString(t.input.Value()) >= t.input.CharLimit
}

func (t *Text) Value() string { return t.input.Value() }

// SetValue replaces the text (the cursor stays where the input puts it).
func (t *Text) SetValue(v string) { t.input.SetValue(v); t.measure() }

// CursorEnd moves the cursor after the text.
func (t *Text) CursorEnd() { t.input.CursorEnd() }

// SetCharLimit caps how many characters the input takes.
func (t *Text) SetCharLimit(n int) { t.input.CharLimit = n; t.measure() }

func (t *Text) Focus() tea.Cmd { return t.input.Focus() }
func (t *Text) Blur()          { t.input.Blur() }

func (t *Text) Update(_ Env, msg tea.Msg) tea.Cmd {
	if t.full && typedKey(msg) {
		return nil // past the limit: a flood of pasted keys costs nothing
	}
	var cmd tea.Cmd
	t.input, cmd = t.input.Update(msg)
	t.measure()
	return cmd
}

func (t *Text) Validate() string { return checked(t.Check, t.input.Value()) }

func (t *Text) View(env Env, focused bool, width int) string {
	t.input.SetWidth(inputWidth(t.Width, width))
	return t.render(env.Styles, t.input.View(), focused, width)
}

// Area is several lines of text: key=value attributes or tags.
type Area struct {
	fieldBase
	area textarea.Model
	// Check says what is wrong with the value, "" when fine; nil: anything.
	Check func(string) string
	// Width is the input's; 0: as wide as the form.
	Width int
	// full: the area holds its limit, so a typed key is dropped at once.
	full bool
}

// NewArea makes a few lines of text, taking more than limit characters so
// that a value too long is shown as an error.
func NewArea(label, placeholder, hint string, limit int, check func(string) string) *Area {
	a := textarea.New()
	a.Placeholder = placeholder
	a.ShowLineNumbers = false
	a.SetHeight(3)
	a.CharLimit = 4 * limit
	return &Area{fieldBase: fieldBase{label: label, hint: hint}, area: a, Check: check}
}

func (a *Area) Value() string { return a.area.Value() }

// SetValue replaces the text.
func (a *Area) SetValue(v string) { a.area.SetValue(v); a.measure() }

// measure notes whether the area holds its limit.
func (a *Area) measure() {
	a.full = a.area.CharLimit > 0 && a.area.Length() >= a.area.CharLimit
}

func (a *Area) Focus() tea.Cmd  { return a.area.Focus() }
func (a *Area) Blur()           { a.area.Blur() }
func (a *Area) Multiline() bool { return true }

func (a *Area) Keys(env Env) []key.Binding {
	return []key.Binding{env.Keys.SubmitForm}
}

func (a *Area) Update(_ Env, msg tea.Msg) tea.Cmd {
	if a.full && typedKey(msg) {
		return nil // past the limit: a flood of pasted keys costs nothing
	}
	var cmd tea.Cmd
	a.area, cmd = a.area.Update(msg)
	a.measure()
	return cmd
}

func (a *Area) Validate() string { return checked(a.Check, a.area.Value()) }

func (a *Area) View(env Env, focused bool, width int) string {
	a.area.SetWidth(inputWidth(a.Width, width))
	return a.render(env.Styles, a.area.View(), focused, width)
}

// Toggle is a checkbox; space flips it.
type Toggle struct {
	fieldBase
	On bool
	// Check says what is wrong with the value, "" when fine; nil: anything.
	Check func(bool) string
}

func NewToggle(label string, on bool, hint string, check func(bool) string) *Toggle {
	return &Toggle{fieldBase: fieldBase{label: label, hint: hint}, On: on, Check: check}
}

func (t *Toggle) Keys(env Env) []key.Binding { return []key.Binding{env.Keys.Toggle} }

func (t *Toggle) Update(env Env, msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok && key.Matches(km, env.Keys.Toggle) {
		t.On = !t.On
		t.errText = ""
	}
	return nil
}

func (t *Toggle) Validate() string { return checked(t.Check, t.On) }

func (t *Toggle) View(env Env, focused bool, width int) string {
	return ui.Toggle(env.Styles, t.label, t.On, focused) + t.below(env.Styles, width)
}

// Choice is one of a few fixed words (RTMPS or RTMP); space moves to the
// next.
type Choice struct {
	fieldBase
	options []string
	at      int
}

func NewChoice(label string, options []string, at int, hint string) *Choice {
	return &Choice{fieldBase: fieldBase{label: label, hint: hint}, options: options, at: at}
}

func (f *Choice) Value() string              { return f.options[f.at] }
func (f *Choice) Validate() string           { return "" }
func (f *Choice) Keys(env Env) []key.Binding { return []key.Binding{env.Keys.Toggle} }

// SetValue chooses option v; false when it is not one of the options.
func (f *Choice) SetValue(v string) bool {
	for i, o := range f.options {
		if o == v {
			f.at = i
			return true
		}
	}
	return false
}

func (f *Choice) Update(env Env, msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok && key.Matches(km, env.Keys.Toggle) {
		f.at = (f.at + 1) % len(f.options)
		f.errText = ""
	}
	return nil
}

func (f *Choice) View(env Env, focused bool, width int) string {
	parts := make([]string, len(f.options))
	for i, o := range f.options {
		mark := "( )"
		if i == f.at {
			mark = "(•)"
		}
		parts[i] = mark + " " + o
	}
	return f.render(env.Styles, strings.Join(parts, "   "), focused, width)
}
