package panes

import (
	"context"
	"fmt"
	"sort"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// Tag is one key=value tag of a resource.
type Tag struct{ Key, Value string }

// tagsPane lists the tags of one resource (ListTagsForResource), adds or
// changes one (c, e: TagResource) and removes one (ctrl+d: UntagResource).
type tagsPane struct {
	*kit.ResourceList[Tag]
	arn  string
	what string // "stage main-broadcast": untrusted, sanitised when shown
}

func NewTagsPane(c *kit.Context, arn, what string) *tagsPane {
	p := &tagsPane{arn: arn, what: what}
	p.ResourceList = kit.NewResourceList(c, &kit.ListSpec[Tag]{
		Kind:       keymap.PaneTags,
		CreateHelp: "add tag", RemoveHelp: "remove tag",
		Title:   "Tags of " + what,
		Noun:    "tags",
		Columns: tagColumns,
		Cell: func(c *kit.Context, t Tag, col int) string {
			if col == 0 {
				return ui.Sanitize(t.Key)
			}
			if t.Value == "" {
				return c.Styles.Muted.Render("(empty)")
			}
			return ui.Sanitize(t.Value)
		},
		ID:        func(t Tag) string { return t.Key },
		Text:      func(t Tag) string { return t.Key + "=" + t.Value },
		FetchKind: "tags",
		Load: func(c *kit.Context) func(ctx context.Context) ([]Tag, error) {
			client := c.Client
			return func(ctx context.Context) ([]Tag, error) {
				m, err := client.ListTags(ctx, arn)
				return TagList(m), err
			}
		},
		Limit: service.MaxTags,
		Copy:  func(t Tag) (string, string) { return t.Key + "=" + t.Value, "tag" },
		Remove: func(c *kit.Context, pane kit.PaneID, t Tag) tea.Cmd {
			return untagDialog(c, pane, arn, what, t)
		},
		Empty:         "no tags: c adds one",
		EmptyReadOnly: "no tags",
	})
	return p
}

// TagList is a resource's tags in key order.
func TagList(m map[string]string) []Tag {
	out := make([]Tag, 0, len(m))
	for k, v := range m {
		out = append(out, Tag{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Update adds c and e, which need the tags there are, to the kit's keys.
func (p *tagsPane) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyPressMsg); ok && key.Matches(msg, c.Keys.Create, c.Keys.Edit) {
		if key.Matches(msg, c.Keys.Create) {
			return kit.Send(kit.OpenDialogMsg{Dialog: NewTagForm(c, p.PaneID, p.arn, p.what, p.List.Items, nil)})
		}
		if sel, ok := p.Selected(); ok {
			return kit.Send(kit.OpenDialogMsg{Dialog: NewTagForm(c, p.PaneID, p.arn, p.what, p.List.Items, &sel)})
		}
		return kit.NothingSelected(c, msg, "tags")
	}
	return p.ResourceList.Update(c, msg)
}

// Help adds e to the kit's keys.
func (p *tagsPane) Help(k *keymap.KeyMap) keymap.Help {
	return p.KitHelp(k, keymap.As(k.Edit, "edit value"))
}

var tagColumns = []ui.Column{
	{Title: "KEY", MinWidth: 12, Flex: 1},
	{Title: "VALUE", MinWidth: 12, Flex: 2},
}

// NewTagForm adds a tag (editing nil) or changes the value of one. tags
// are the resource's tags now, for the 50-tag limit.
func NewTagForm(c *kit.Context, pane kit.PaneID, arn, what string, tags []Tag, editing *Tag) *kit.FormDialog {
	have := map[string]bool{}
	for _, t := range tags {
		have[t.Key] = true
	}
	keyField := form.NewText("Key", fmt.Sprintf("1-%d characters; not starting with %s", kit.MaxTagKeyLength, ivs.ReservedTagPrefix), "", "", kit.MaxTagKeyLength, kit.CheckTagKey)
	valueField := form.NewText("Value", fmt.Sprintf("0-%d characters (may be empty)", kit.MaxTagValueLength), "", "", kit.MaxTagValueLength, nil)
	title := "Add a tag to " + what
	fields := []form.Field{keyField, valueField}
	if editing != nil {
		keyField.SetValue(editing.Key)
		valueField.SetValue(editing.Value)
		valueField.CursorEnd()
		title = "Change tag " + editing.Key + " of " + what
		fields = []form.Field{valueField}
	}
	f := kit.NewForm(title, "Save tag", "Saving…", pane, fields...)
	f.Note = "TagResource adds the tag, or overwrites the value of a key already there."
	client := c.Client
	f.Prepare = func() form.Call {
		k, v := keyField.Value(), valueField.Value()
		if msg := kit.CheckTagValue(k, v); msg != "" {
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
			return "tagged " + what + " with " + kit.QuoteUntrusted(k+"="+v), nil
		}
	}
	return f
}

// untagDialog asks before removing a tag.
func untagDialog(c *kit.Context, pane kit.PaneID, arn, what string, t Tag) tea.Cmd {
	q := fmt.Sprintf("Remove tag %s from %s?", kit.QuoteUntrusted(t.Key+"="+t.Value), ui.Sanitize(what))
	detail := "UntagResource removes it now; anything that selects resources by this tag (IAM policies, cost reports) stops matching."
	client := c.Client
	return kit.ConfirmAction(c, pane, "Remove tag", q, detail, "removed tag "+kit.QuoteUntrusted(t.Key)+" from "+what, func(ctx context.Context) error {
		return client.UntagResource(ctx, arn, []string{t.Key})
	})
}
