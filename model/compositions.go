package model

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// compositionsPane lists server-side compositions: state, stage, each
// destination's state, start and end.
type compositionsPane struct {
	basePane
	list  list[service.Composition]
	names stageNamer
}

func newCompositionsPane(c *Context) *compositionsPane {
	p := &compositionsPane{}
	p.id = c.nextPaneID()
	p.list = newList(
		func(x service.Composition) string { return x.ARN },
		func(x service.Composition) string { return x.ARN + " " + x.State + " " + c.stageName(x.StageARN) },
	)
	return p
}

func (p *compositionsPane) Kind() string  { return "compositions" }
func (p *compositionsPane) Crumb() string { return "compositions" }

func (p *compositionsPane) Init(c *Context) tea.Cmd {
	p.load.loading = true
	return p.Refresh(c)
}

func (p *compositionsPane) Refresh(c *Context) tea.Cmd {
	req := p.reqs.start(c, "compositions")
	if req == 0 {
		return nil
	}
	client := c.Client
	return fetch(c, p.id, "compositions", req, func(ctx context.Context) ([]service.Composition, error) {
		return client.AllCompositions(ctx, service.CompositionFilter{})
	})
}

// stageARNs are the stages of the compositions, for the STAGE column's names.
func (p *compositionsPane) stageARNs(yield func(string) bool) {
	for _, x := range p.list.items {
		if !yield(x.StageARN) {
			return
		}
	}
}

func (p *compositionsPane) Update(c *Context, msg tea.Msg) tea.Cmd {
	if p.names.update(c, &p.basePane, msg) {
		return nil
	}
	switch msg := msg.(type) {
	case fetched[[]service.Composition]:
		if !p.reqs.done("compositions", msg.Req) {
			return nil
		}
		if msg.Err != nil {
			p.load.fail(msg.Err, msg.At)
			return nil
		}
		p.list.set(msg.Val)
		p.load.ok(msg.At)
		return p.names.fetch(c, &p.basePane, p.stageARNs)
	case actionDoneMsg:
		return p.Refresh(c)
	case tea.KeyPressMsg:
		if p.list.move(c, msg) {
			return nil
		}
		if key.Matches(msg, c.Keys.Create) {
			if c.ReadOnly {
				return readOnlyFlash("starting compositions")
			}
			return send(openDialogMsg{newCompositionForm(c, p.id, "")})
		}
		sel, ok := p.list.selected()
		if !ok {
			return nil
		}
		switch {
		case key.Matches(msg, c.Keys.Open), key.Matches(msg, c.Keys.Details):
			return send(pushPaneMsg{newCompositionPane(c, sel)})
		case key.Matches(msg, c.Keys.Copy):
			return copyValue(sel.ARN, "composition ARN")
		case key.Matches(msg, c.Keys.Tags):
			return openTags(c, sel.ARN, "composition "+resourceID(sel.ARN))
		case key.Matches(msg, c.Keys.Delete):
			return stopCompositionDialog(c, p.id, sel)
		}
	}
	return nil
}

func (p *compositionsPane) SetFilter(f string) { p.list.setFilter(f) }
func (p *compositionsPane) Filter() string     { return p.list.filter }

var compositionColumns = []ui.Column{
	{Title: "COMPOSITION", Width: 14},
	{Title: "STATE", Width: 12},
	{Title: "STAGE", MinWidth: 10, Flex: 2},
	{Title: "DESTINATIONS", MinWidth: 16, Flex: 3},
	{Title: "START", MinWidth: 10, Flex: 2},
	{Title: "END", MinWidth: 8, Flex: 1},
}

func (p *compositionsPane) View(c *Context, w, h int) string {
	s, now := c.Styles, c.now()
	active := 0
	for _, x := range p.list.items {
		if x.State == "ACTIVE" || x.State == "STARTING" {
			active++
		}
	}
	title := ui.Header(s, "Compositions", ui.Counted(len(p.list.items), "composition")+fmt.Sprintf(" · %d running", active), w)
	p.list.layout(h - 1)
	empty := "no compositions: c starts one (or c on a stage's detail or sessions)"
	if c.ReadOnly {
		empty = "no compositions"
	}
	if len(p.list.items) == 0 {
		empty = emptyText(&p.load, "loading compositions…", empty)
	}
	table := ui.RenderTable(s, compositionColumns, ui.WithEmpty(p.list.source(func(x service.Composition, col int) string {
		switch col {
		case 0:
			return resourceID(x.ARN)
		case 1:
			return s.StateBadge(x.State)
		case 2:
			return ui.Sanitize(c.stageName(x.StageARN))
		case 3:
			return destinationsText(s, x.Destinations)
		case 4:
			return ui.TimeAge(x.Start, now)
		case 5:
			if x.End.IsZero() {
				return s.Muted.Render("—")
			}
			return ui.Age(x.End, now) + " ago"
		}
		return ""
	}), empty), p.list.table, w, h-1)
	return title + "\n" + table
}

// destinationsText is "channel ● ACTIVE · s3 ◌ STARTING".
func destinationsText(s *ui.Styles, ds []service.Destination) string {
	parts := make([]string, 0, len(ds))
	for _, d := range ds {
		kind := "dest"
		switch {
		case d.Channel != nil:
			kind = "channel"
		case d.S3 != nil:
			kind = "s3"
		case d.Name != "":
			kind = ui.Sanitize(d.Name)
		}
		parts = append(parts, kind+" "+s.StateBadge(d.State))
	}
	return strings.Join(parts, " · ")
}

// resourceID is the last part of an ARN.
func resourceID(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

// stopCompositionDialog asks before stopping a composition.
func stopCompositionDialog(c *Context, pane paneID, x service.Composition) tea.Cmd {
	if c.ReadOnly {
		return flash(flashInfo, "read-only mode: stopping compositions is switched off")
	}
	if x.State == "STOPPING" || x.State == "STOPPED" {
		return flash(flashInfo, "composition "+resourceID(x.ARN)+" is already "+strings.ToLower(x.State))
	}
	q := fmt.Sprintf("Stop composition %s of stage %s?", resourceID(x.ARN), quoteUntrusted(c.stageName(x.StageARN)))
	detail := "Its broadcast and recording end now, and IVS deletes the composition."
	client, arn := c.Client, x.ARN
	return send(openDialogMsg{newConfirm("Stop composition", q, detail, false, func(string) tea.Cmd {
		return action(c, pane, "stopped composition "+resourceID(arn), func(ctx context.Context) error {
			return client.StopComposition(ctx, arn)
		})
	})})
}
