package model

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// Storage configurations (`:storage`): the S3 buckets that compositions
// and individual participant recording write to. The list, create, delete
// and the detail pane.

var storageColumns = []ui.Column{
	{Title: "NAME", MinWidth: 12, Flex: 2},
	{Title: "ID", MinWidth: 12, Width: 12},
	{Title: "S3 BUCKET", MinWidth: 12, Flex: 2},
	{Title: "TAGS", MinWidth: 8, Flex: 2},
}

func newStoragePane(c *Context) *resourceList[service.StorageConfiguration] {
	return newResourceList(c, &listSpec[service.StorageConfiguration]{
		kind:     keymap.PaneStorage,
		openHelp: "details", createHelp: "create storage config", removeHelp: "delete storage config",
		title:   "Storage configurations",
		noun:    "storage configurations",
		columns: storageColumns,
		cell: func(c *Context, x service.StorageConfiguration, col int) string {
			switch col {
			case 0:
				return ui.Sanitize(displayName(x.Name))
			case 1:
				return resourceID(x.ARN)
			case 2:
				return ui.Sanitize(x.Bucket)
			case 3:
				return ui.Sanitize(tagText(x.Tags))
			}
			return ""
		},
		arn: func(x service.StorageConfiguration) string { return x.ARN },
		text: func(x service.StorageConfiguration) string {
			return x.Name + " " + x.ARN + " " + x.Bucket + " " + tagText(x.Tags)
		},
		load: func(c *Context) func(ctx context.Context) ([]service.StorageConfiguration, error) {
			client := c.Client
			return func(ctx context.Context) ([]service.StorageConfiguration, error) {
				return client.AllStorageConfigurations(ctx)
			}
		},
		open: func(_ *Context, x service.StorageConfiguration) route.Route {
			return route.StorageConfiguration{Config: x}
		},
		create: func(c *Context, pane paneID) Dialog { return newStorageForm(c, pane) },
		remove: func(c *Context, pane paneID, x service.StorageConfiguration) tea.Cmd {
			return deleteStorageDialog(c, pane, x)
		},
		tags:  func(x service.StorageConfiguration) (string, string) { return x.ARN, storageWhat(x) },
		empty: "no storage configurations: c registers an S3 bucket for recordings",
	})
}

func storageWhat(x service.StorageConfiguration) string {
	return "storage configuration " + nameOr(x.Name, x.ARN)
}

// newStorageForm registers an S3 bucket.
func newStorageForm(c *Context, pane paneID) *formDialog {
	name := form.NewText("Name", "optional: letters, digits, - and _", "", "", maxNameLength, checkName)
	bucket := form.NewText("S3 bucket name", "my-recordings", "",
		fmt.Sprintf("An existing bucket in this region: %d-%d lowercase letters, digits, dots and hyphens.", ivs.MinBucketNameLength, ivs.MaxBucketNameLength), ivs.MaxBucketNameLength, checkBucketName)
	tags := newTagsField()
	f := newForm("Create a storage configuration", "Create", "Creating…", pane, name, bucket, tags)
	f.Note = "CreateStorageConfiguration. IVS writes recordings to the bucket: it must be in the same region."
	client := c.Client
	f.Prepare = func() form.Call {
		n, b := name.Value(), bucket.Value()
		t, _ := parseTags(tags.Value())
		return func(ctx context.Context) (string, error) {
			x, err := client.CreateStorageConfiguration(ctx, n, b, t)
			if err != nil {
				return "", err
			}
			return "created " + storageWhat(x) + " for bucket " + quoteUntrusted(b), nil
		}
	}
	return f
}

// deleteStorageDialog asks before deleting; a 409 means something records
// to it, and says what.
func deleteStorageDialog(c *Context, pane paneID, x service.StorageConfiguration) tea.Cmd {
	what := storageWhat(x)
	q := fmt.Sprintf("Delete %s (bucket %s)?", ui.Sanitize(what), quoteUntrusted(x.Bucket))
	detail := "The bucket and the recordings in it stay. IVS refuses while a running composition records to it or a stage's auto participant recording uses it."
	client, arn := c.Client, x.ARN
	return send(openDialogMsg{newConfirm("Delete storage configuration", q, detail, false, func(string) tea.Cmd {
		return action(c, pane, "deleted "+what, func(ctx context.Context) error {
			return explain(client.DeleteStorageConfiguration(ctx, arn), service.Conflict,
				"in use: a running composition or a stage's auto-recording uses "+what+"; stop it or change the stage first")
		})
	})})
}

// newStorageDetailPane shows one storage configuration.
func newStorageDetailPane(c *Context, x service.StorageConfiguration) *resourceDetail[service.StorageConfiguration] {
	return newResourceDetail(c, &detailSpec[service.StorageConfiguration]{
		kind:     keymap.PaneStorageDetail,
		copyHelp: "copy ARN", removeHelp: "delete",
		title: "Storage configuration",
		arn:   func(x service.StorageConfiguration) string { return x.ARN },
		name:  func(x service.StorageConfiguration) string { return x.Name },
		what:  storageWhat,
		get: func(client *service.Client, arn string) func(ctx context.Context) (service.StorageConfiguration, error) {
			return func(ctx context.Context) (service.StorageConfiguration, error) {
				return client.GetStorageConfiguration(ctx, arn)
			}
		},
		fields: func(c *Context, x service.StorageConfiguration) []ui.Field {
			return []ui.Field{
				{Label: "S3 bucket", Value: ui.Sanitize(x.Bucket)},
				{Label: "Tags", Value: ui.Sanitize(tagText(x.Tags))},
			}
		},
		remove: deleteStorageDialog,
	}, x)
}
