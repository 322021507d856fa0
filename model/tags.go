package model

import (
	"context"
	"fmt"
	"sort"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// tag is one key=value tag of a resource.
type tag struct{ key, value string }

// tagsPane lists the tags of one resource (ListTagsForResource), adds or
// changes one (c, e: TagResource) and removes one (ctrl+d: UntagResource).
type tagsPane struct {
	basePane
	arn  string
	what string // "stage main-broadcast": untrusted, sanitised when shown
	list list[tag]
}

// openTags pushes the tags pane of a resource; what names it in words.
func openTags(c *Context, arn, what string) tea.Cmd {
	return send(pushPaneMsg{newTagsPane(c, arn, what)})
}

func newTagsPane(c *Context, arn, what string) *tagsPane {
	p := &tagsPane{arn: arn, what: what}
	p.id = c.nextPaneID()
	p.list = newList(func(t tag) string { return t.key }, func(t tag) string { return t.key + "=" + t.value })
	return p
}

func (p *tagsPane) Kind() string  { return string(keymap.PaneTags) }
func (p *tagsPane) Crumb() string { return "tags" }

func (p *tagsPane) Init(c *Context) tea.Cmd {
	p.load.loading = true
	return p.fetch(c, true)
}

func (p *tagsPane) Refresh(c *Context) tea.Cmd { return p.fetch(c, false) }

func (p *tagsPane) fetch(c *Context, force bool) tea.Cmd {
	req := p.reqs.begin(c, "tags", force)
	if req == 0 {
		return nil
	}
	client, arn := c.Client, p.arn
	return fetch(c, p.id, "tags", req, func(ctx context.Context) (map[string]string, error) {
		return client.ListTags(ctx, arn)
	})
}

// tagList is a resource's tags in key order.
func tagList(m map[string]string) []tag {
	out := make([]tag, 0, len(m))
	for k, v := range m {
		out = append(out, tag{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

func (p *tagsPane) Update(c *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case fetched[map[string]string]:
		if !p.reqs.done(msg.Kind, msg.Req) {
			return nil
		}
		if msg.Err != nil {
			p.load.fail(msg.Err, msg.At)
			return nil
		}
		p.list.set(tagList(msg.Val))
		p.load.ok(msg.At)
	case actionDoneMsg:
		return p.fetch(c, true)
	case tea.KeyPressMsg:
		return p.key(c, msg)
	}
	return nil
}

func (p *tagsPane) key(c *Context, msg tea.KeyPressMsg) tea.Cmd {
	if p.list.move(c, msg) {
		return nil
	}
	k := c.Keys
	if key.Matches(msg, k.Create) {
		if c.ReadOnly {
			return readOnlyFlash("tagging")
		}
		return send(openDialogMsg{newTagForm(c, p.id, p.arn, p.what, p.list.items, nil)})
	}
	sel, ok := p.list.selected()
	if !ok {
		return nil
	}
	switch {
	case key.Matches(msg, k.Edit):
		if c.ReadOnly {
			return readOnlyFlash("tagging")
		}
		return send(openDialogMsg{newTagForm(c, p.id, p.arn, p.what, p.list.items, &sel)})
	case key.Matches(msg, k.Delete):
		if c.ReadOnly {
			return readOnlyFlash("removing tags")
		}
		return untagDialog(c, p.id, p.arn, p.what, sel)
	case key.Matches(msg, k.Copy):
		return copyValue(sel.key+"="+sel.value, "tag")
	}
	return nil
}

func (p *tagsPane) SetFilter(f string) { p.list.setFilter(f) }
func (p *tagsPane) Filter() string     { return p.list.filter }

var tagColumns = []ui.Column{
	{Title: "KEY", MinWidth: 12, Flex: 1},
	{Title: "VALUE", MinWidth: 12, Flex: 2},
}

func (p *tagsPane) View(c *Context, w, h int) string {
	s := c.Styles
	title := ui.Header(s, "Tags of "+p.what, fmt.Sprintf("%d of at most %d tags", len(p.list.items), service.MaxTags), w)
	p.list.layout(h - 1)
	empty := "no tags: c adds one"
	if c.ReadOnly {
		empty = "no tags"
	}
	if len(p.list.items) == 0 {
		empty = emptyText(&p.load, "loading tags…", empty)
	}
	table := ui.RenderTable(s, tagColumns, ui.WithEmpty(p.list.source(func(t tag, col int) string {
		if col == 0 {
			return ui.Sanitize(t.key)
		}
		if t.value == "" {
			return s.Muted.Render("(empty)")
		}
		return ui.Sanitize(t.value)
	}), empty), p.list.table, w, h-1)
	return title + "\n" + table
}

// newTagForm adds a tag (editing nil) or changes the value of one. tags
// are the resource's tags now, for the 50-tag limit.
func newTagForm(c *Context, pane paneID, arn, what string, tags []tag, editing *tag) *formDialog {
	have := map[string]bool{}
	for _, t := range tags {
		have[t.key] = true
	}
	keyField := form.NewText("Key", fmt.Sprintf("1-%d characters; not starting with %s", maxTagKeyLength, ivs.ReservedTagPrefix), "", "", maxTagKeyLength, checkTagKey)
	valueField := form.NewText("Value", fmt.Sprintf("0-%d characters (may be empty)", maxTagValueLength), "", "", maxTagValueLength, nil)
	title := "Add a tag to " + what
	fields := []form.Field{keyField, valueField}
	if editing != nil {
		keyField.SetValue(editing.key)
		valueField.SetValue(editing.value)
		valueField.CursorEnd()
		title = "Change tag " + editing.key + " of " + what
		fields = []form.Field{valueField}
	}
	f := newForm(title, "Save tag", "Saving…", pane, fields...)
	f.Note = "TagResource adds the tag, or overwrites the value of a key already there."
	client := c.Client
	f.Prepare = func() form.Call {
		k, v := keyField.Value(), valueField.Value()
		if msg := checkTagValue(k, v); msg != "" {
			valueField.SetErr(msg)
			return nil
		}
		if !have[k] && len(have) >= service.MaxTags {
			keyField.SetErr(fmt.Sprintf("the resource has %d tags already, the most AWS allows: remove one first", len(have)))
			return nil
		}
		return func(ctx context.Context) (string, error) {
			if err := client.TagResource(ctx, arn, map[string]string{k: v}); err != nil {
				return "", err
			}
			return "tagged " + what + " with " + quoteUntrusted(k+"="+v), nil
		}
	}
	return f
}

// untagDialog asks before removing a tag.
func untagDialog(c *Context, pane paneID, arn, what string, t tag) tea.Cmd {
	q := fmt.Sprintf("Remove tag %s from %s?", quoteUntrusted(t.key+"="+t.value), ui.Sanitize(what))
	detail := "UntagResource removes it now; anything that selects resources by this tag (IAM policies, cost reports) stops matching."
	client := c.Client
	return send(openDialogMsg{newConfirm("Remove tag", q, detail, false, func(string) tea.Cmd {
		return action(c, pane, "removed tag "+quoteUntrusted(t.key)+" from "+what, func(ctx context.Context) error {
			return client.UntagResource(ctx, arn, []string{t.key})
		})
	})})
}
