package model

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/ui"
)

// resourceList is the list pane of one kind of resource that the account
// configures (ingest, encoder and storage configurations, public keys):
// the list and its load, enter to the detail, c to create, ctrl+d to
// delete, T for tags and y to copy the ARN, as its spec says.
type resourceList[T any] struct {
	basePane
	spec *listSpec[T]
	list list[T]
}

// listSpec describes one kind of resource to resourceList.
type listSpec[T any] struct {
	kind    keymap.Pane
	title   string // "Encoder configurations"
	noun    string // "encoder configurations", in counts and messages
	columns []ui.Column
	cell    func(c *Context, x T, col int) string
	arn     func(T) string
	text    func(T) string // what the / filter matches
	// load returns the call listing every item; it runs in Update, so it
	// may read the pane's state (a filter) into the call.
	load func(c *Context) func(ctx context.Context) ([]T, error)
	// open is the detail pane; create the create form (nil: none); remove
	// asks before deleting; tags names the item for its tags pane.
	open   func(c *Context, x T) Pane
	create func(c *Context, pane paneID) Dialog
	remove func(c *Context, pane paneID, x T) tea.Cmd
	tags   func(x T) (arn, what string)
	empty  string // what an empty list means and how to fill it
	limit  int    // a per-region quota on how many there can be; 0: none shown
}

const listKind = "list"

func newResourceList[T any](c *Context, spec *listSpec[T]) *resourceList[T] {
	p := &resourceList[T]{spec: spec}
	p.id = c.nextPaneID()
	p.list = newList(spec.arn, spec.text)
	return p
}

func (p *resourceList[T]) Kind() string  { return string(p.spec.kind) }
func (p *resourceList[T]) Crumb() string { return string(p.spec.kind) }

func (p *resourceList[T]) Init(c *Context) tea.Cmd {
	p.load.loading = true
	return p.fetch(c, true)
}

func (p *resourceList[T]) Refresh(c *Context) tea.Cmd { return p.fetch(c, false) }

func (p *resourceList[T]) fetch(c *Context, force bool) tea.Cmd {
	req := p.reqs.begin(c, listKind, force)
	if req == 0 {
		return nil
	}
	return fetch(c, p.id, listKind, req, p.spec.load(c))
}

func (p *resourceList[T]) Update(c *Context, msg tea.Msg) tea.Cmd {
	cmd, _ := p.handle(c, msg)
	return cmd
}

// handle is Update for panes that add to it; it reports whether it used msg.
func (p *resourceList[T]) handle(c *Context, msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case fetched[[]T]:
		if !p.reqs.done(msg.Kind, msg.Req) {
			return nil, true
		}
		if msg.Err != nil {
			p.load.fail(msg.Err, msg.At)
			return nil, true
		}
		p.list.set(msg.Val)
		p.load.ok(msg.At)
		return nil, true
	case actionDoneMsg:
		return p.fetch(c, true), true
	case tea.KeyPressMsg:
		return p.key(c, msg)
	}
	return nil, false
}

func (p *resourceList[T]) key(c *Context, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if p.list.move(c, msg) {
		return nil, true
	}
	k := c.Keys
	if key.Matches(msg, k.Create) && p.spec.create != nil {
		if c.ReadOnly {
			return readOnlyFlash("creating " + p.spec.noun), true
		}
		return send(openDialogMsg{p.spec.create(c, p.id)}), true
	}
	sel, ok := p.list.selected()
	if !ok {
		return nil, false
	}
	switch {
	case key.Matches(msg, k.Open), key.Matches(msg, k.Details):
		return send(pushPaneMsg{p.spec.open(c, sel)}), true
	case key.Matches(msg, k.Copy):
		return copyValue(p.spec.arn(sel), "ARN"), true
	case key.Matches(msg, k.Tags) && p.spec.tags != nil:
		arn, what := p.spec.tags(sel)
		return openTags(c, arn, what), true
	case key.Matches(msg, k.Delete) && p.spec.remove != nil:
		if c.ReadOnly {
			return readOnlyFlash("deleting " + p.spec.noun), true
		}
		return p.spec.remove(c, p.id, sel), true
	}
	return nil, false
}

func (p *resourceList[T]) selected() (T, bool) { return p.list.selected() }

func (p *resourceList[T]) SetFilter(f string) { p.list.setFilter(f) }
func (p *resourceList[T]) Filter() string     { return p.list.filter }

func (p *resourceList[T]) View(c *Context, w, h int) string {
	return p.render(c, w, h, p.spec.title, p.summary())
}

func (p *resourceList[T]) summary() string {
	n := ui.Counted(len(p.list.items), strings.TrimSuffix(p.spec.noun, "s")) // the noun is plural
	if p.spec.limit > 0 {
		n = fmt.Sprintf("%d of at most %d %s", len(p.list.items), p.spec.limit, p.spec.noun)
	}
	if p.list.filter != "" {
		n = fmt.Sprintf("%d of %s", p.list.len(), n)
	}
	return n
}

// render draws the header and the table; the empty text says why.
func (p *resourceList[T]) render(c *Context, w, h int, title, summary string) string {
	s := c.Styles
	head := ui.Header(s, title, summary, w)
	p.list.layout(h - 1)
	empty := p.spec.empty
	if len(p.list.items) == 0 {
		empty = emptyText(&p.load, "loading "+p.spec.noun+"…", empty)
	} else if p.list.filter != "" {
		empty = "nothing matches " + quoteUntrusted(p.list.filter)
	}
	table := ui.RenderTable(s, p.spec.columns, ui.WithEmpty(p.list.source(func(x T, col int) string {
		return p.spec.cell(c, x, col)
	}), empty), p.list.table, w, h-1)
	return head + "\n" + table
}

// nameIDTagsColumns are the columns of resources that have nothing else to
// list (encoder configurations, public keys).
var nameIDTagsColumns = []ui.Column{
	{Title: "NAME", MinWidth: 12, Flex: 2},
	{Title: "ID", MinWidth: 12, Width: 12},
	{Title: "TAGS", MinWidth: 8, Flex: 2},
}

func nameIDTagsCell(name, arn string, tags map[string]string, col int) string {
	switch col {
	case 0:
		return ui.Sanitize(displayName(name))
	case 1:
		return resourceID(arn)
	case 2:
		return ui.Sanitize(tagText(tags))
	}
	return ""
}

// readOnlyFlash says an action is off in --read-only.
func readOnlyFlash(what string) tea.Cmd {
	return flash(flashInfo, "read-only mode: "+what+" is switched off")
}

// nameOr is a resource's name, or its id when it has none.
func nameOr(name, arn string) string {
	if name != "" {
		return name
	}
	return resourceID(arn)
}
