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
	*resourceList[tag]
	arn  string
	what string // "stage main-broadcast": untrusted, sanitised when shown
}

func newTagsPane(c *Context, arn, what string) *tagsPane {
	p := &tagsPane{arn: arn, what: what}
	p.resourceList = newResourceList(c, &listSpec[tag]{
		kind:       keymap.PaneTags,
		createHelp: "add tag", removeHelp: "remove tag",
		title:   "Tags of " + what,
		noun:    "tags",
		columns: tagColumns,
		cell: func(c *Context, t tag, col int) string {
			if col == 0 {
				return ui.Sanitize(t.key)
			}
			if t.value == "" {
				return c.Styles.Muted.Render("(empty)")
			}
			return ui.Sanitize(t.value)
		},
		id:        func(t tag) string { return t.key },
		text:      func(t tag) string { return t.key + "=" + t.value },
		fetchKind: "tags",
		load: func(c *Context) func(ctx context.Context) ([]tag, error) {
			client := c.Client
			return func(ctx context.Context) ([]tag, error) {
				m, err := client.ListTags(ctx, arn)
				return tagList(m), err
			}
		},
		limit: service.MaxTags,
		copy:  func(t tag) (string, string) { return t.key + "=" + t.value, "tag" },
		remove: func(c *Context, pane paneID, t tag) tea.Cmd {
			return untagDialog(c, pane, arn, what, t)
		},
		empty:         "no tags: c adds one",
		emptyReadOnly: "no tags",
	})
	return p
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

// Update adds c and e, which need the tags there are, to the kit's keys.
func (p *tagsPane) Update(c *Context, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyPressMsg); ok && key.Matches(msg, c.Keys.Create, c.Keys.Edit) {
		if key.Matches(msg, c.Keys.Create) {
			return send(openDialogMsg{newTagForm(c, p.id, p.arn, p.what, p.list.items, nil)})
		}
		if sel, ok := p.selected(); ok {
			return send(openDialogMsg{newTagForm(c, p.id, p.arn, p.what, p.list.items, &sel)})
		}
		return nil
	}
	return p.resourceList.Update(c, msg)
}

// Help adds e to the kit's keys.
func (p *tagsPane) Help(k *keymap.KeyMap) keymap.Help {
	return p.help(k, keymap.As(k.Edit, "edit value"))
}

var tagColumns = []ui.Column{
	{Title: "KEY", MinWidth: 12, Flex: 1},
	{Title: "VALUE", MinWidth: 12, Flex: 2},
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
