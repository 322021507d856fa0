package panes

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/model/kit"
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

func NewStoragePane(c *kit.Context) *kit.ResourceList[service.StorageConfiguration] {
	return kit.NewResourceList(c, &kit.ListSpec[service.StorageConfiguration]{
		Kind:     keymap.PaneStorage,
		OpenHelp: "details", CreateHelp: "create storage config", RemoveHelp: "delete storage config",
		Title:   "Storage configurations",
		Noun:    "storage configurations",
		Columns: storageColumns,
		Cell: func(c *kit.Context, x service.StorageConfiguration, col int) string {
			switch col {
			case 0:
				return ui.Sanitize(kit.DisplayName(x.Name))
			case 1:
				return kit.ResourceID(x.ARN)
			case 2:
				return ui.Sanitize(x.Bucket)
			case 3:
				return ui.Sanitize(kit.TagText(x.Tags))
			}
			return ""
		},
		ARN: func(x service.StorageConfiguration) string { return x.ARN },
		Text: func(x service.StorageConfiguration) string {
			return x.Name + " " + x.ARN + " " + x.Bucket + " " + kit.TagText(x.Tags)
		},
		Load: kit.ListAll((*service.Client).AllStorageConfigurations),
		Open: func(_ *kit.Context, x service.StorageConfiguration) route.Route {
			return route.StorageConfiguration{Config: x}
		},
		Create: func(c *kit.Context, pane kit.PaneID) kit.Dialog { return NewStorageForm(c, pane) },
		Remove: func(c *kit.Context, pane kit.PaneID, x service.StorageConfiguration) tea.Cmd {
			return deleteStorageDialog(c, pane, x)
		},
		Tags:  func(x service.StorageConfiguration) (string, string) { return x.ARN, storageWhat(x) },
		Empty: "no storage configurations: c registers an S3 bucket for recordings",
	})
}

func storageWhat(x service.StorageConfiguration) string {
	return "storage configuration " + kit.NameOr(x.Name, x.ARN)
}

// NewStorageForm registers an S3 bucket.
func NewStorageForm(c *kit.Context, pane kit.PaneID) *kit.FormDialog {
	name := form.NewText("Name", "optional: letters, digits, - and _", "", "", kit.MaxNameLength, kit.CheckName)
	bucket := form.NewText("S3 bucket name", "my-recordings", "",
		fmt.Sprintf("An existing bucket in this region: %d-%d lowercase letters, digits, dots and hyphens.", ivs.MinBucketNameLength, ivs.MaxBucketNameLength), ivs.MaxBucketNameLength, kit.CheckBucketName)
	tags := kit.NewTagsField()
	f := kit.NewForm("Create a storage configuration", "Create", "Creating…", pane, name, bucket, tags)
	f.Note = "CreateStorageConfiguration. IVS writes recordings to the bucket: it must be in the same region."
	client := c.Client
	f.Prepare = func() form.Call {
		n, b := name.Value(), bucket.Value()
		t, _ := kit.ParseTags(tags.Value())
		return func(ctx context.Context) (string, error) {
			x, err := client.CreateStorageConfiguration(ctx, n, b, t)
			if err != nil {
				return "", err
			}
			return "created " + storageWhat(x) + " for bucket " + kit.QuoteUntrusted(b), nil
		}
	}
	return f
}

// deleteStorageDialog asks before deleting; a 409 means something records
// to it, and says what.
func deleteStorageDialog(c *kit.Context, pane kit.PaneID, x service.StorageConfiguration) tea.Cmd {
	what := storageWhat(x)
	q := fmt.Sprintf("Delete %s (bucket %s)?", ui.Sanitize(what), kit.QuoteUntrusted(x.Bucket))
	detail := "The bucket and the recordings in it stay. IVS refuses while a running composition records to it or a stage's auto participant recording uses it."
	client, arn := c.Client, x.ARN
	return kit.ConfirmAction(c, pane, "Delete storage configuration", q, detail, "deleted "+what, func(ctx context.Context) error {
		return kit.Explain(client.DeleteStorageConfiguration(ctx, arn), service.Conflict,
			"in use: a running composition or a stage's auto-recording uses "+what+"; stop it or change the stage first")
	})
}

// NewStorageDetailPane shows one storage configuration.
func NewStorageDetailPane(c *kit.Context, x service.StorageConfiguration) *kit.ResourceDetail[service.StorageConfiguration] {
	return kit.NewResourceDetail(c, &kit.DetailSpec[service.StorageConfiguration]{
		Kind:     keymap.PaneStorageDetail,
		CopyHelp: "copy ARN", RemoveHelp: "delete",
		Title: "Storage configuration",
		ARN:   func(x service.StorageConfiguration) string { return x.ARN },
		Name:  func(x service.StorageConfiguration) string { return x.Name },
		What:  storageWhat,
		Get: func(client *service.Client, arn string) func(ctx context.Context) (service.StorageConfiguration, error) {
			return func(ctx context.Context) (service.StorageConfiguration, error) {
				return client.GetStorageConfiguration(ctx, arn)
			}
		},
		Fields: func(c *kit.Context, x service.StorageConfiguration) []ui.Field {
			return []ui.Field{
				{Label: "S3 bucket", Value: ui.Sanitize(x.Bucket)},
				{Label: "Tags", Value: ui.Sanitize(kit.TagText(x.Tags))},
			}
		},
		Remove: deleteStorageDialog,
	}, x)
}
