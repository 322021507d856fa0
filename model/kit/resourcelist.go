package kit

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
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// ResourceList is the list pane of the kit: the list of one kind of thing
// (stages' sessions, compositions, tags, replicas, ingest, encoder and
// storage configurations, public keys), its load (one call, or every page
// of a paged one), enter to open, c to create, ctrl+d to delete, T for
// tags and y to copy, as its spec says. A pane with keys or state of its
// own embeds it and handles its own messages before handing the rest on.
type ResourceList[T any] struct {
	BasePane
	Spec  *ListSpec[T]
	List  List[T]
	names stageNamer
	known map[string]T // with spec.page: every item listed so far, by id
}

// ListSpec describes one kind of thing to resourceList.
type ListSpec[T any] struct {
	Kind    keymap.Pane
	Crumb   string // the breadcrumb's part; "": the kind
	Title   string // "Encoder configurations"
	Noun    string // "encoder configurations", in counts and messages
	Columns []ui.Column
	Cell    func(c *Context, x T, col int) string
	ARN     func(T) string
	ID      func(T) string // keeps the cursor on its item; nil: arn
	Text    func(T) string // what the / filter matches
	// Compare orders two items by column col for o and O, where the
	// cells' text would not (ok false: by the text); nil: by the text.
	Compare func(a, b T, col int) (r int, ok bool)
	// FetchKind names the listing's request; "": listKind.
	FetchKind string
	// Load returns the call listing every item; it runs in Update, so it
	// may read the pane's state (a filter) into the call. page, instead,
	// reads one page: every cycle reads every page while the pane is on
	// top, keeping what earlier pages listed, in the order less says.
	Load func(c *Context) func(ctx context.Context) ([]T, error)
	Page func(c *Context, token string) func(ctx context.Context) (service.Page[T], error)
	Less func(a, b T) bool
	// StageOf is the stage a row belongs to, when rows carry only its ARN:
	// the kit lists the stages (in the background) to name them.
	StageOf func(T) string
	// Summary is the header's right side; nil: the count (of at most
	// limit, a per-region quota, when set).
	Summary func(c *Context, items []T) string
	Limit   int
	// Copy is what y copies and its name; nil: the ARN.
	Copy func(T) (value, what string)
	// Open is what enter (and d, unless enterOnly) opens; nil: nothing.
	// openHelp says what in the help ("details").
	Open      func(c *Context, x T) route.Route
	OpenHelp  string
	EnterOnly bool
	// Create is the create form (nil: none); remove asks before deleting;
	// tags names the item for its tags pane (nil: no T).
	// createHelp and removeHelp say what c and ctrl+d do in the help
	// ("create encoder config"); the pane's own c or ctrl+d is said here
	// too.
	Create     func(c *Context, pane PaneID) Dialog
	Remove     func(c *Context, pane PaneID, x T) tea.Cmd
	CreateHelp string
	RemoveHelp string
	Tags       func(x T) (arn, what string)
	// Console is an item's AWS console page, for C; nil: none.
	Console func(x T) ivs.ConsoleTarget
	// Empty says what an empty list means and how to fill it;
	// emptyReadOnly, when set, says it in --read-only.
	Empty, EmptyReadOnly string
}

const ListKind = "list"

func NewResourceList[T any](c *Context, spec *ListSpec[T]) *ResourceList[T] {
	p := &ResourceList[T]{Spec: spec}
	p.PaneID = c.NextPaneID()
	id := spec.ID
	if id == nil {
		id = spec.ARN
	}
	p.List = NewList(id, spec.Text)
	p.List.SetSortable(len(spec.Columns), spec.Compare)
	return p
}

func (p *ResourceList[T]) Kind() string { return string(p.Spec.Kind) }

func (p *ResourceList[T]) Crumb() string {
	if p.Spec.Crumb != "" {
		return p.Spec.Crumb
	}
	return string(p.Spec.Kind)
}

func (p *ResourceList[T]) Init(c *Context) tea.Cmd {
	p.LoadState.Loading = true
	return p.Fetch(c, true)
}

func (p *ResourceList[T]) Refresh(c *Context) tea.Cmd { return p.Fetch(c, false) }

func (p *ResourceList[T]) fetchKind() string {
	if p.Spec.FetchKind != "" {
		return p.Spec.FetchKind
	}
	return ListKind
}

func (p *ResourceList[T]) Fetch(c *Context, force bool) tea.Cmd {
	if p.Spec.Page != nil {
		return p.fetchPage(c, "", force)
	}
	return FetchFor(c, &p.BasePane, p.fetchKind(), force, p.Spec.Load(c))
}

func (p *ResourceList[T]) fetchPage(c *Context, token string, force bool) tea.Cmd {
	return FetchFor(c, &p.BasePane, p.fetchKind(), force, p.Spec.Page(c, token))
}

func (p *ResourceList[T]) Update(c *Context, msg tea.Msg) tea.Cmd {
	cmd, _ := p.handle(c, msg)
	return cmd
}

// handle is Update for panes that add to it; it reports whether it used msg.
func (p *ResourceList[T]) handle(c *Context, msg tea.Msg) (tea.Cmd, bool) {
	if p.Spec.StageOf != nil && p.names.update(c, &p.BasePane, msg) {
		return nil, true
	}
	switch msg := msg.(type) {
	case Fetched[[]T]:
		if !p.Reqs.Done(msg.Kind, msg.Req) {
			return nil, true
		}
		if msg.Err != nil {
			p.LoadState.Fail(msg.Err, msg.At)
			return nil, true
		}
		p.List.Set(msg.Val)
		p.LoadState.OK(msg.At)
		return p.NameStages(c), true
	case Fetched[service.Page[T]]:
		return p.paged(c, msg), true
	case ActionDoneMsg:
		return p.Fetch(c, true), true
	case tea.KeyPressMsg:
		return p.key(c, msg)
	}
	return nil, false
}

// paged takes one page: the items join those listed before, and the next
// page follows at once while the pane is on top.
func (p *ResourceList[T]) paged(c *Context, msg Fetched[service.Page[T]]) tea.Cmd {
	if !p.Reqs.Done(msg.Kind, msg.Req) {
		return nil
	}
	if msg.Err != nil {
		p.LoadState.Fail(msg.Err, msg.At)
		return nil
	}
	if p.known == nil {
		p.known = map[string]T{}
	}
	for _, x := range msg.Val.Items {
		p.known[p.List.id(x)] = x
	}
	all := make([]T, 0, len(p.known))
	for _, x := range p.known {
		all = append(all, x)
	}
	sort.Slice(all, func(i, j int) bool { return p.Spec.Less(all[i], all[j]) })
	p.List.Set(all)
	// Every cycle reads every page: the order of pages is not documented,
	// so what matters most may be on any of them.
	if msg.Val.NextToken != "" {
		p.LoadState.Progress = fmt.Sprintf("listed %d %s, more coming", len(p.known), p.Spec.Noun)
		if !c.OnTop(p.PaneID) {
			return nil // covered: the cycle that starts when it shows reads every page
		}
		return p.fetchPage(c, msg.Val.NextToken, true)
	}
	p.LoadState.Progress = ""
	p.LoadState.OK(msg.At)
	return nil
}

// NameStages lists the stages when a row's stage has no name yet.
func (p *ResourceList[T]) NameStages(c *Context) tea.Cmd {
	if p.Spec.StageOf == nil {
		return nil
	}
	return p.names.fetch(c, &p.BasePane, func(yield func(string) bool) {
		for _, x := range p.List.Items {
			if !yield(p.Spec.StageOf(x)) {
				return
			}
		}
	})
}

func (p *ResourceList[T]) key(c *Context, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if p.List.Move(c, msg) {
		return nil, true
	}
	k := c.Keys
	if key.Matches(msg, k.Create) && p.Spec.Create != nil {
		return Send(OpenDialogMsg{p.Spec.Create(c, p.PaneID)}), true
	}
	sel, ok := p.List.Selected()
	if !ok {
		cmd := NothingSelected(c, msg, p.Spec.Noun)
		return cmd, cmd != nil
	}
	switch {
	case p.Spec.Open != nil && (key.Matches(msg, k.Open) || !p.Spec.EnterOnly && key.Matches(msg, k.Details)):
		return OpenRoute(p.Spec.Open(c, sel)), true
	case key.Matches(msg, k.Copy):
		if p.Spec.Copy != nil {
			return CopyValue(p.Spec.Copy(sel)), true
		}
		return CopyValue(p.Spec.ARN(sel), "ARN"), true
	case key.Matches(msg, k.Tags) && p.Spec.Tags != nil:
		arn, what := p.Spec.Tags(sel)
		return OpenTags(c, arn, what), true
	case key.Matches(msg, k.Delete) && p.Spec.Remove != nil:
		return p.Spec.Remove(c, p.PaneID, sel), true
	}
	return nil, false
}

// Help declares the keys key handles; panes that embed the kit add theirs
// with help.
func (p *ResourceList[T]) Help(k *keymap.KeyMap) keymap.Help { return p.KitHelp(k) }

// KitHelp is the kit's help with extra actions before ctrl+d.
func (p *ResourceList[T]) KitHelp(k *keymap.KeyMap, extra ...key.Binding) keymap.Help {
	h := k.ListHelp(p.Spec.OpenHelp, p.Spec.CreateHelp, p.Spec.RemoveHelp, extra...).WithTable()
	if p.Spec.Open != nil && !p.Spec.EnterOnly {
		h.Panes = append(h.Panes, k.Details)
	}
	if p.Spec.Tags != nil {
		h.Panes = append(h.Panes, k.Tags)
	}
	if p.Spec.Console != nil {
		h.Panes = append(h.Panes, k.Console)
	}
	return h
}

// ConsoleTarget is the selection's console page (ConsoleLinked).
func (p *ResourceList[T]) ConsoleTarget() (ivs.ConsoleTarget, bool) {
	sel, ok := p.List.Selected()
	if !ok || p.Spec.Console == nil {
		return ivs.ConsoleTarget{}, false
	}
	return p.Spec.Console(sel), true
}

func (p *ResourceList[T]) Selected() (T, bool) { return p.List.Selected() }

// Click selects the row at a line of the view: the title, then the table.
func (p *ResourceList[T]) Click(line int) bool { return p.List.Click(line - 1) }

// SpinsWhileLoading: the list shows the spinner while its first page loads.
func (p *ResourceList[T]) SpinsWhileLoading() {}

func (p *ResourceList[T]) SetFilter(f string) { p.List.SetFilter(f) }
func (p *ResourceList[T]) Filter() string     { return p.List.Filter }

func (p *ResourceList[T]) View(c *Context, w, h int) string {
	return p.Render(c, w, h, p.Spec.Title, p.Summary(c))
}

func (p *ResourceList[T]) Summary(c *Context) string {
	if p.LoadState.Unread() && len(p.List.Items) == 0 {
		return "? " + p.Spec.Noun // never read: unknown, not zero
	}
	if p.Spec.Summary != nil {
		return p.Spec.Summary(c, p.List.Items)
	}
	n := ui.Counted(len(p.List.Items), strings.TrimSuffix(p.Spec.Noun, "s")) // the noun is plural
	if p.Spec.Limit > 0 {
		n = fmt.Sprintf("%d of at most %d %s", len(p.List.Items), p.Spec.Limit, p.Spec.Noun)
	}
	if p.List.Filter != "" {
		n = fmt.Sprintf("%d of %s", p.List.Len(), n)
	}
	return n
}

// Render draws the header and the table; the empty text says why.
func (p *ResourceList[T]) Render(c *Context, w, h int, title, summary string) string {
	s := c.Styles
	head := ui.Header(s, title, summary, w)
	p.List.Layout(h - 1)
	empty := p.Spec.Empty
	if c.ReadOnly && p.Spec.EmptyReadOnly != "" {
		empty = p.Spec.EmptyReadOnly
	}
	if len(p.List.Items) == 0 {
		empty = EmptyText(&p.LoadState, LoadingText(c, p.Spec.Noun), empty)
	} else if p.List.Filter != "" {
		empty = "nothing matches " + QuoteUntrusted(p.List.Filter)
	}
	table := ui.RenderTable(s, p.List.Columns(p.Spec.Columns), ui.WithEmpty(p.List.Source(func(x T, col int) string {
		return p.Spec.Cell(c, x, col)
	}), empty), p.List.Table, w, h-1)
	return head + "\n" + table
}

// NameIDTagsColumns are the columns of resources that have nothing else to
// list (encoder configurations, public keys).
var NameIDTagsColumns = []ui.Column{
	{Title: "NAME", MinWidth: 12, Flex: 2},
	{Title: "ID", MinWidth: 12, Width: 12},
	{Title: "TAGS", MinWidth: 8, Flex: 2},
}

func NameIDTagsCell(name, arn string, tags map[string]string, col int) string {
	switch col {
	case 0:
		return ui.Sanitize(DisplayName(name))
	case 1:
		return ResourceID(arn)
	case 2:
		return ui.Sanitize(TagText(tags))
	}
	return ""
}

// ListAll is a ListSpec's Load for a resource the client lists whole with
// one method, e.g. ListAll((*service.Client).AllPublicKeys).
func ListAll[T any](all func(*service.Client, context.Context) ([]T, error)) func(c *Context) func(context.Context) ([]T, error) {
	return func(c *Context) func(context.Context) ([]T, error) {
		client := c.Client
		return func(ctx context.Context) ([]T, error) { return all(client, ctx) }
	}
}
