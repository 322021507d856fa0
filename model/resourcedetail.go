package model

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// resourceDetail is the detail pane of the kit: one resource (a stage, a
// composition, ingest, encoder and storage configurations, public keys).
// It gets the resource on every refresh, says "deleted" after a 404 and
// stops polling, and offers y (the ARN), T (tags) and ctrl+d (delete), as
// its spec says. A pane with keys or state of its own embeds it.
type resourceDetail[T any] struct {
	basePane
	spec *detailSpec[T]
	x    T
	gone bool
}

// detailSpec describes one kind of resource to resourceDetail.
type detailSpec[T any] struct {
	kind  keymap.Pane
	crumb func(x T) string // the breadcrumb's part; nil: the name, or the id
	title string           // "Storage configuration"
	arn   func(T) string
	name  func(T) string
	what  func(T) string // "storage configuration recordings", for tags
	// copyWhat names the ARN that y copies; "": "ARN". copyHelp and
	// removeHelp say what y and ctrl+d do in the help.
	copyWhat   string
	copyHelp   string
	removeHelp string
	// fetchKind names the get's request; "": detailKind.
	fetchKind string
	get       func(client *service.Client, arn string) func(ctx context.Context) (T, error)
	// notFound says what a 404 leaves: the resource as it is now and
	// whether it is gone (nil: as it was, gone). Not gone: an error.
	notFound func(x T) (T, bool)
	// loaded runs after each successful get (fetches of its own).
	loaded func(c *Context, x T) tea.Cmd
	// header is the title and its right side; nil: the title and the
	// name, and the id.
	header func(x T) (title, detail string)
	// lead are the first fields; nil: name, ARN and, once gone, its state.
	lead func(c *Context, x T, gone bool) []ui.Field
	// fields are the labelled values after lead; after is drawn under
	// them (a PEM).
	fields func(c *Context, x T) []ui.Field
	after  func(c *Context, x T, w int) string
	remove func(c *Context, pane paneID, x T) tea.Cmd
}

const detailKind = "detail"

func newResourceDetail[T any](c *Context, spec *detailSpec[T], x T) *resourceDetail[T] {
	p := &resourceDetail[T]{spec: spec, x: x}
	p.id = c.nextPaneID()
	return p
}

func (p *resourceDetail[T]) Kind() string { return string(p.spec.kind) }
func (p *resourceDetail[T]) Crumb() string {
	if p.spec.crumb != nil {
		return p.spec.crumb(p.x)
	}
	return nameOr(p.spec.name(p.x), p.spec.arn(p.x))
}

func (p *resourceDetail[T]) Init(c *Context) tea.Cmd {
	p.load.loading = true
	return p.Refresh(c)
}

func (p *resourceDetail[T]) Refresh(c *Context) tea.Cmd {
	if p.gone {
		return nil
	}
	kind := p.spec.fetchKind
	if kind == "" {
		kind = detailKind
	}
	return fetchFor(c, &p.basePane, kind, false, p.spec.get(c.Client, p.spec.arn(p.x)))
}

func (p *resourceDetail[T]) Update(c *Context, msg tea.Msg) tea.Cmd {
	cmd, _ := p.handle(c, msg)
	return cmd
}

// handle is Update for panes that add to it; it reports whether it used msg.
func (p *resourceDetail[T]) handle(c *Context, msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case fetched[T]:
		if !p.reqs.done(msg.Kind, msg.Req) {
			return nil, true
		}
		if service.IsNotFound(msg.Err) {
			x, gone := p.x, true
			if p.spec.notFound != nil {
				x, gone = p.spec.notFound(x)
			}
			if gone {
				p.x, p.gone = x, true
				p.load.ok(msg.At)
				return nil, true
			}
		}
		if msg.Err != nil {
			p.load.fail(msg.Err, msg.At)
			return nil, true
		}
		p.x = msg.Val
		p.load.ok(msg.At)
		if p.spec.loaded != nil {
			return p.spec.loaded(c, p.x), true
		}
		return nil, true
	case actionDoneMsg:
		return p.Refresh(c), true
	case tea.KeyPressMsg:
		k := c.Keys
		switch {
		case key.Matches(msg, k.Copy):
			return copyValue(p.spec.arn(p.x), orDefault(p.spec.copyWhat, "ARN")), true
		case key.Matches(msg, k.Tags):
			return openTags(c, p.spec.arn(p.x), p.spec.what(p.x)), true
		case key.Matches(msg, k.Delete) && p.spec.remove != nil:
			if p.gone {
				return flash(flashInfo, "it is deleted already"), true
			}
			return p.spec.remove(c, p.id, p.x), true
		}
	}
	return nil, false
}

// Help declares the keys handle handles.
func (p *resourceDetail[T]) Help(k *keymap.KeyMap) keymap.Help {
	cp := k.Copy
	if p.spec.copyHelp != "" {
		cp = keymap.As(k.Copy, p.spec.copyHelp)
	}
	var actions []key.Binding
	if p.spec.remove != nil {
		actions = append(actions, keymap.As(k.Delete, p.spec.removeHelp))
	}
	h := k.DetailHelp(append([]key.Binding{cp}, actions...)...)
	h.Panes = append(h.Panes, k.Tags)
	return h
}

func (p *resourceDetail[T]) View(c *Context, w, h int) string {
	s, x := c.Styles, p.x
	var fields []ui.Field
	if p.spec.lead != nil {
		fields = p.spec.lead(c, x, p.gone)
	} else {
		fields = []ui.Field{
			{Label: "Name", Value: ui.Sanitize(displayName(p.spec.name(x)))},
			{Label: "ARN", Value: p.spec.arn(x)},
		}
		if p.gone {
			fields = append(fields, ui.Field{Label: "State", Value: s.Bad.Render("deleted")})
		}
	}
	fields = append(fields, p.spec.fields(c, x)...)
	title, detail := p.spec.title+" "+displayName(p.spec.name(x)), resourceID(p.spec.arn(x))
	if p.spec.header != nil {
		title, detail = p.spec.header(x)
	}
	out := ui.Header(s, title, detail, w) + "\n" + ui.Fields(s, fields, w)
	if p.spec.after != nil {
		if more := p.spec.after(c, x, w); more != "" {
			out += "\n" + more
		}
	}
	return out
}
