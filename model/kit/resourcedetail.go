package kit

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// ResourceDetail is the detail pane of the kit: one resource (a stage, a
// composition, ingest, encoder and storage configurations, public keys).
// It gets the resource on every refresh, says "deleted" after a 404 and
// stops polling, and offers y (the ARN), T (tags) and ctrl+d (delete), as
// its spec says. A pane with keys or state of its own embeds it.
type ResourceDetail[T any] struct {
	BasePane
	spec *DetailSpec[T]
	X    T
	Gone bool
}

// DetailSpec describes one kind of resource to resourceDetail.
type DetailSpec[T any] struct {
	Kind  keymap.Pane
	Crumb func(x T) string // the breadcrumb's part; nil: the name, or the id
	Title string           // "Storage configuration"
	ARN   func(T) string
	Name  func(T) string
	What  func(T) string // "storage configuration recordings", for tags
	// CopyWhat names the ARN that y copies; "": "ARN". copyHelp and
	// removeHelp say what y and ctrl+d do in the help.
	CopyWhat   string
	CopyHelp   string
	RemoveHelp string
	// FetchKind names the get's request; "": detailKind.
	FetchKind string
	Get       func(client *service.Client, arn string) func(ctx context.Context) (T, error)
	// NotFound says what a 404 leaves: the resource as it is now and
	// whether it is gone (nil: as it was, gone). Not gone: an error.
	NotFound func(x T) (T, bool)
	// Loaded runs after each successful get (fetches of its own).
	Loaded func(c *Context, x T) tea.Cmd
	// Header is the title and its right side; nil: the title and the
	// name, and the id.
	Header func(x T) (title, detail string)
	// Lead are the first fields; nil: name, ARN and, once gone, its state.
	Lead func(c *Context, x T, gone bool) []ui.Field
	// Fields are the labelled values after lead; after is drawn under
	// them (a PEM).
	Fields func(c *Context, x T) []ui.Field
	After  func(c *Context, x T, w int) string
	Remove func(c *Context, pane PaneID, x T) tea.Cmd
	// Console is the resource's AWS console page, for C; nil: none.
	Console func(x T) ivs.ConsoleTarget
}

const DetailKind = "detail"

func NewResourceDetail[T any](c *Context, spec *DetailSpec[T], x T) *ResourceDetail[T] {
	p := &ResourceDetail[T]{spec: spec, X: x}
	p.PaneID = c.NextPaneID()
	return p
}

func (p *ResourceDetail[T]) Kind() string { return string(p.spec.Kind) }
func (p *ResourceDetail[T]) Crumb() string {
	if p.spec.Crumb != nil {
		return p.spec.Crumb(p.X)
	}
	return NameOr(p.spec.Name(p.X), p.spec.ARN(p.X))
}

func (p *ResourceDetail[T]) Init(c *Context) tea.Cmd {
	p.LoadState.Loading = true
	return p.Refresh(c)
}

func (p *ResourceDetail[T]) Refresh(c *Context) tea.Cmd {
	if p.Gone {
		return nil
	}
	kind := p.spec.FetchKind
	if kind == "" {
		kind = DetailKind
	}
	return FetchFor(c, &p.BasePane, kind, false, p.spec.Get(c.Client, p.spec.ARN(p.X)))
}

func (p *ResourceDetail[T]) Update(c *Context, msg tea.Msg) tea.Cmd {
	cmd, _ := p.Handle(c, msg)
	return cmd
}

// Handle is Update for panes that add to it; it reports whether it used msg.
func (p *ResourceDetail[T]) Handle(c *Context, msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case Fetched[T]:
		if !p.Reqs.Done(msg.Kind, msg.Req) {
			return nil, true
		}
		if service.IsNotFound(msg.Err) {
			x, gone := p.X, true
			if p.spec.NotFound != nil {
				x, gone = p.spec.NotFound(x)
			}
			if gone {
				p.X, p.Gone = x, true
				p.LoadState.OK(msg.At)
				return nil, true
			}
		}
		if msg.Err != nil {
			p.LoadState.Fail(msg.Err, msg.At)
			return nil, true
		}
		p.X = msg.Val
		p.LoadState.OK(msg.At)
		if p.spec.Loaded != nil {
			return p.spec.Loaded(c, p.X), true
		}
		return nil, true
	case ActionDoneMsg:
		return p.Refresh(c), true
	case tea.KeyPressMsg:
		k := c.Keys
		switch {
		case key.Matches(msg, k.Copy):
			return CopyValue(p.spec.ARN(p.X), OrDefault(p.spec.CopyWhat, "ARN")), true
		case key.Matches(msg, k.Tags):
			return OpenTags(c, p.spec.ARN(p.X), p.spec.What(p.X)), true
		case key.Matches(msg, k.Delete) && p.spec.Remove != nil:
			if p.Gone {
				return Flash(FlashInfo, "it is deleted already"), true
			}
			return p.spec.Remove(c, p.PaneID, p.X), true
		}
	}
	return nil, false
}

// Help declares the keys handle handles.
func (p *ResourceDetail[T]) Help(k *keymap.KeyMap) keymap.Help {
	cp := k.Copy
	if p.spec.CopyHelp != "" {
		cp = keymap.As(k.Copy, p.spec.CopyHelp)
	}
	var actions []key.Binding
	if p.spec.Remove != nil {
		actions = append(actions, keymap.As(k.Delete, p.spec.RemoveHelp))
	}
	h := k.DetailHelp(append([]key.Binding{cp}, actions...)...)
	h.Panes = append(h.Panes, k.Tags)
	if p.spec.Console != nil {
		h.Panes = append(h.Panes, k.Console)
	}
	return h
}

// ConsoleTarget is the resource's console page (ConsoleLinked).
func (p *ResourceDetail[T]) ConsoleTarget() (ivs.ConsoleTarget, bool) {
	if p.spec.Console == nil {
		return ivs.ConsoleTarget{}, false
	}
	return p.spec.Console(p.X), true
}

func (p *ResourceDetail[T]) View(c *Context, w, h int) string {
	s, x := c.Styles, p.X
	var fields []ui.Field
	if p.spec.Lead != nil {
		fields = p.spec.Lead(c, x, p.Gone)
	} else {
		fields = []ui.Field{
			{Label: "Name", Value: ui.Sanitize(DisplayName(p.spec.Name(x)))},
			{Label: "ARN", Value: p.spec.ARN(x)},
		}
		if p.Gone {
			fields = append(fields, ui.Field{Label: "State", Value: s.Bad.Render("deleted")})
		}
	}
	fields = append(fields, p.spec.Fields(c, x)...)
	title, detail := p.spec.Title+" "+DisplayName(p.spec.Name(x)), ResourceID(p.spec.ARN(x))
	if p.spec.Header != nil {
		title, detail = p.spec.Header(x)
	}
	out := ui.Header(s, title, detail, w) + "\n" + ui.Fields(s, fields, w)
	if p.spec.After != nil {
		if more := p.spec.After(c, x, w); more != "" {
			out += "\n" + more
		}
	}
	return out
}
