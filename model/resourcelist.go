package model

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// resourceList is the list pane of the kit: the list of one kind of thing
// (stages' sessions, compositions, tags, replicas, ingest, encoder and
// storage configurations, public keys), its load (one call, or every page
// of a paged one), enter to open, c to create, ctrl+d to delete, T for
// tags and y to copy, as its spec says. A pane with keys or state of its
// own embeds it and handles its own messages before handing the rest on.
type resourceList[T any] struct {
	basePane
	spec  *listSpec[T]
	list  list[T]
	names stageNamer
	known map[string]T // with spec.page: every item listed so far, by id
}

// listSpec describes one kind of thing to resourceList.
type listSpec[T any] struct {
	kind    keymap.Pane
	crumb   string // the breadcrumb's part; "": the kind
	title   string // "Encoder configurations"
	noun    string // "encoder configurations", in counts and messages
	columns []ui.Column
	cell    func(c *Context, x T, col int) string
	arn     func(T) string
	id      func(T) string // keeps the cursor on its item; nil: arn
	text    func(T) string // what the / filter matches
	// fetchKind names the listing's request; "": listKind.
	fetchKind string
	// load returns the call listing every item; it runs in Update, so it
	// may read the pane's state (a filter) into the call. page, instead,
	// reads one page: every cycle reads every page while the pane is on
	// top, keeping what earlier pages listed, in the order less says.
	load func(c *Context) func(ctx context.Context) ([]T, error)
	page func(c *Context, token string) func(ctx context.Context) (service.Page[T], error)
	less func(a, b T) bool
	// stageOf is the stage a row belongs to, when rows carry only its ARN:
	// the kit lists the stages (in the background) to name them.
	stageOf func(T) string
	// summary is the header's right side; nil: the count (of at most
	// limit, a per-region quota, when set).
	summary func(c *Context, items []T) string
	limit   int
	// copy is what y copies and its name; nil: the ARN.
	copy func(T) (value, what string)
	// open is what enter (and d, unless enterOnly) opens; nil: nothing.
	// openHelp says what in the help ("details").
	open      func(c *Context, x T) route.Route
	openHelp  string
	enterOnly bool
	// create is the create form (nil: none); remove asks before deleting;
	// tags names the item for its tags pane (nil: no T).
	// createHelp and removeHelp say what c and ctrl+d do in the help
	// ("create encoder config"); the pane's own c or ctrl+d is said here
	// too.
	create     func(c *Context, pane paneID) Dialog
	remove     func(c *Context, pane paneID, x T) tea.Cmd
	createHelp string
	removeHelp string
	tags       func(x T) (arn, what string)
	// empty says what an empty list means and how to fill it;
	// emptyReadOnly, when set, says it in --read-only.
	empty, emptyReadOnly string
}

const listKind = "list"

func newResourceList[T any](c *Context, spec *listSpec[T]) *resourceList[T] {
	p := &resourceList[T]{spec: spec}
	p.id = c.nextPaneID()
	id := spec.id
	if id == nil {
		id = spec.arn
	}
	p.list = newList(id, spec.text)
	return p
}

func (p *resourceList[T]) Kind() string { return string(p.spec.kind) }

func (p *resourceList[T]) Crumb() string {
	if p.spec.crumb != "" {
		return p.spec.crumb
	}
	return string(p.spec.kind)
}

func (p *resourceList[T]) Init(c *Context) tea.Cmd {
	p.load.loading = true
	return p.fetch(c, true)
}

func (p *resourceList[T]) Refresh(c *Context) tea.Cmd { return p.fetch(c, false) }

func (p *resourceList[T]) fetchKind() string {
	if p.spec.fetchKind != "" {
		return p.spec.fetchKind
	}
	return listKind
}

func (p *resourceList[T]) fetch(c *Context, force bool) tea.Cmd {
	if p.spec.page != nil {
		return p.fetchPage(c, "", force)
	}
	return fetchFor(c, &p.basePane, p.fetchKind(), force, p.spec.load(c))
}

func (p *resourceList[T]) fetchPage(c *Context, token string, force bool) tea.Cmd {
	return fetchFor(c, &p.basePane, p.fetchKind(), force, p.spec.page(c, token))
}

func (p *resourceList[T]) Update(c *Context, msg tea.Msg) tea.Cmd {
	cmd, _ := p.handle(c, msg)
	return cmd
}

// handle is Update for panes that add to it; it reports whether it used msg.
func (p *resourceList[T]) handle(c *Context, msg tea.Msg) (tea.Cmd, bool) {
	if p.spec.stageOf != nil && p.names.update(c, &p.basePane, msg) {
		return nil, true
	}
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
		return p.nameStages(c), true
	case fetched[service.Page[T]]:
		return p.paged(c, msg), true
	case actionDoneMsg:
		return p.fetch(c, true), true
	case tea.KeyPressMsg:
		return p.key(c, msg)
	}
	return nil, false
}

// paged takes one page: the items join those listed before, and the next
// page follows at once while the pane is on top.
func (p *resourceList[T]) paged(c *Context, msg fetched[service.Page[T]]) tea.Cmd {
	if !p.reqs.done(msg.Kind, msg.Req) {
		return nil
	}
	if msg.Err != nil {
		p.load.fail(msg.Err, msg.At)
		return nil
	}
	if p.known == nil {
		p.known = map[string]T{}
	}
	for _, x := range msg.Val.Items {
		p.known[p.list.id(x)] = x
	}
	all := make([]T, 0, len(p.known))
	for _, x := range p.known {
		all = append(all, x)
	}
	sort.Slice(all, func(i, j int) bool { return p.spec.less(all[i], all[j]) })
	p.list.set(all)
	// Every cycle reads every page: the order of pages is not documented,
	// so what matters most may be on any of them.
	if msg.Val.NextToken != "" {
		p.load.progress = fmt.Sprintf("listed %d %s, more coming", len(p.known), p.spec.noun)
		if !c.onTop(p.id) {
			return nil // covered: the cycle that starts when it shows reads every page
		}
		return p.fetchPage(c, msg.Val.NextToken, true)
	}
	p.load.progress = ""
	p.load.ok(msg.At)
	return nil
}

// nameStages lists the stages when a row's stage has no name yet.
func (p *resourceList[T]) nameStages(c *Context) tea.Cmd {
	if p.spec.stageOf == nil {
		return nil
	}
	return p.names.fetch(c, &p.basePane, func(yield func(string) bool) {
		for _, x := range p.list.items {
			if !yield(p.spec.stageOf(x)) {
				return
			}
		}
	})
}

func (p *resourceList[T]) key(c *Context, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if p.list.move(c, msg) {
		return nil, true
	}
	k := c.Keys
	if key.Matches(msg, k.Create) && p.spec.create != nil {
		return send(openDialogMsg{p.spec.create(c, p.id)}), true
	}
	sel, ok := p.list.selected()
	if !ok {
		return nil, false
	}
	switch {
	case p.spec.open != nil && (key.Matches(msg, k.Open) || !p.spec.enterOnly && key.Matches(msg, k.Details)):
		return openRoute(p.spec.open(c, sel)), true
	case key.Matches(msg, k.Copy):
		if p.spec.copy != nil {
			return copyValue(p.spec.copy(sel)), true
		}
		return copyValue(p.spec.arn(sel), "ARN"), true
	case key.Matches(msg, k.Tags) && p.spec.tags != nil:
		arn, what := p.spec.tags(sel)
		return openTags(c, arn, what), true
	case key.Matches(msg, k.Delete) && p.spec.remove != nil:
		return p.spec.remove(c, p.id, sel), true
	}
	return nil, false
}

// Help declares the keys key handles; panes that embed the kit add theirs
// with help.
func (p *resourceList[T]) Help(k *keymap.KeyMap) keymap.Help { return p.help(k) }

// help is the kit's help with extra actions before ctrl+d.
func (p *resourceList[T]) help(k *keymap.KeyMap, extra ...key.Binding) keymap.Help {
	h := k.ListHelp(p.spec.openHelp, p.spec.createHelp, p.spec.removeHelp, extra...)
	if p.spec.open != nil && !p.spec.enterOnly {
		h.Panes = append(h.Panes, k.Details)
	}
	if p.spec.tags != nil {
		h.Panes = append(h.Panes, k.Tags)
	}
	return h
}

func (p *resourceList[T]) selected() (T, bool) { return p.list.selected() }

func (p *resourceList[T]) SetFilter(f string) { p.list.setFilter(f) }
func (p *resourceList[T]) Filter() string     { return p.list.filter }

func (p *resourceList[T]) View(c *Context, w, h int) string {
	return p.render(c, w, h, p.spec.title, p.summary(c))
}

func (p *resourceList[T]) summary(c *Context) string {
	if p.spec.summary != nil {
		return p.spec.summary(c, p.list.items)
	}
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
	if c.ReadOnly && p.spec.emptyReadOnly != "" {
		empty = p.spec.emptyReadOnly
	}
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
