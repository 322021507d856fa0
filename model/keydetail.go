package model

import (
	"context"
	"strings"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// newKeyDetailPane shows one public key: its fingerprint and PEM, which is
// public (it is the half IVS verifies tokens with).
func newKeyDetailPane(c *Context, x service.PublicKey) *resourceDetail[service.PublicKey] {
	return newResourceDetail(c, &detailSpec[service.PublicKey]{
		kind:     keymap.PaneKeyDetail,
		copyHelp: "copy ARN", removeHelp: "delete",
		title: "Public key",
		arn:   func(x service.PublicKey) string { return x.ARN },
		name:  func(x service.PublicKey) string { return x.Name },
		what:  keyWhat,
		get: func(client *service.Client, arn string) func(ctx context.Context) (service.PublicKey, error) {
			return func(ctx context.Context) (service.PublicKey, error) { return client.GetPublicKey(ctx, arn) }
		},
		fields: func(c *Context, x service.PublicKey) []ui.Field {
			return []ui.Field{
				{Label: "Fingerprint", Value: ui.Sanitize(x.Fingerprint)},
				{Label: "Tags", Value: ui.Sanitize(tagText(x.Tags))},
				{Label: "Use", Value: "sign ES384 tokens with the private half, header kid = this ARN"},
			}
		},
		after:  pemBlock,
		remove: deleteKeyDialog,
	}, x)
}

// pemBlock shows the key's PEM under its fields, line by line.
func pemBlock(c *Context, x service.PublicKey, w int) string {
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
