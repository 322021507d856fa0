package panes

import (
	"context"
	"strings"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// NewKeyDetailPane shows one public key: its fingerprint and PEM, which is
// public (it is the half IVS verifies tokens with).
func NewKeyDetailPane(c *kit.Context, x service.PublicKey) *kit.ResourceDetail[service.PublicKey] {
	return kit.NewResourceDetail(c, &kit.DetailSpec[service.PublicKey]{
		Kind:     keymap.PaneKeyDetail,
		CopyHelp: "copy ARN", RemoveHelp: "delete",
		Title: "Public key",
		ARN:   func(x service.PublicKey) string { return x.ARN },
		Name:  func(x service.PublicKey) string { return x.Name },
		What:  keyWhat,
		Get: func(client *service.Client, arn string) func(ctx context.Context) (service.PublicKey, error) {
			return func(ctx context.Context) (service.PublicKey, error) { return client.GetPublicKey(ctx, arn) }
		},
		Fields: func(c *kit.Context, x service.PublicKey) []ui.Field {
			return []ui.Field{
				{Label: "Fingerprint", Value: ui.Sanitize(x.Fingerprint)},
				{Label: "Tags", Value: ui.Sanitize(kit.TagText(x.Tags))},
				{Label: "Use", Value: "sign ES384 tokens with the private half, header kid = this ARN"},
			}
		},
		After:  pemBlock,
		Remove: deleteKeyDialog,
	}, x)
}

// pemBlock shows the key's PEM under its fields, line by line.
func pemBlock(c *kit.Context, x service.PublicKey, w int) string {
	pem := strings.TrimSpace(x.PEM)
	if pem == "" {
		return ""
	}
	lines := []string{"", c.Styles.Section.Render("PEM")}
	for _, l := range strings.Split(pem, "\n") {
		lines = append(lines, ui.SanitizeTrunc(strings.TrimRight(l, "\r"), w))
	}
	return strings.Join(lines, "\n")
}
