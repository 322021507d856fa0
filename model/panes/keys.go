package panes

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// Public keys (`:keys`): imported public halves of P-384 key pairs, so
// participant tokens signed with the private halves need no API call. The
// list, import from a PEM file, delete; the detail is keydetail.go.

// maxPublicKeys is the per-region quota of imported public keys.
const maxPublicKeys = ivs.MaxPublicKeys

// maxPEMFile bounds what import reads: a P-384 public key PEM is ~215 bytes.
const maxPEMFile = 64 << 10

func NewKeysPane(c *kit.Context) *kit.ResourceList[service.PublicKey] {
	return kit.NewResourceList(c, &kit.ListSpec[service.PublicKey]{
		Kind:     keymap.PanePublicKeys,
		OpenHelp: "details", CreateHelp: "import public key", RemoveHelp: "delete public key",
		Title:   "Public keys",
		Noun:    "public keys",
		Limit:   maxPublicKeys,
		Columns: kit.NameIDTagsColumns,
		Cell: func(c *kit.Context, x service.PublicKey, col int) string {
			return kit.NameIDTagsCell(x.Name, x.ARN, x.Tags, col)
		},
		ARN:    func(x service.PublicKey) string { return x.ARN },
		Text:   func(x service.PublicKey) string { return x.Name + " " + x.ARN + " " + kit.TagText(x.Tags) },
		Load:   kit.ListAll((*service.Client).AllPublicKeys),
		Open:   func(_ *kit.Context, x service.PublicKey) route.Route { return route.PublicKey{Key: x} },
		Create: func(c *kit.Context, pane kit.PaneID) kit.Dialog { return NewKeyImportForm(c, pane) },
		Remove: func(c *kit.Context, pane kit.PaneID, x service.PublicKey) tea.Cmd {
			return deleteKeyDialog(c, pane, x)
		},
		Tags:  func(x service.PublicKey) (string, string) { return x.ARN, keyWhat(x) },
		Empty: "no public keys: c imports one, to sign participant tokens without an API call",
	})
}

func keyWhat(x service.PublicKey) string { return "public key " + kit.NameOr(x.Name, x.ARN) }

// NewKeyImportForm imports a public key from a PEM file. Reading the file
// happens in the call's command, not in Update.
func NewKeyImportForm(c *kit.Context, pane kit.PaneID) *kit.FormDialog {
	name := form.NewText("Name", "optional: letters, digits, - and _", "", "", kit.MaxNameLength, kit.CheckName)
	path := form.NewText("PEM file", "path/to/public.pem", "",
		"The public half of an ECDSA P-384 key pair (-----BEGIN PUBLIC KEY-----). Make one: openssl ecparam -name secp384r1 -genkey -noout -out private.pem && openssl ec -in private.pem -pubout -out public.pem",
		4096, func(v string) string {
			if strings.TrimSpace(v) == "" {
				return "give the path of the public key's PEM file"
			}
			return ""
		})
	tags := kit.NewTagsField()
	f := kit.NewForm("Import a public key", "Import", "Importing…", pane, name, path, tags)
	f.Note = fmt.Sprintf("ImportPublicKey: at most %d public keys per region.", maxPublicKeys)
	client := c.Client
	f.Prepare = func() form.Call {
		n, file := name.Value(), strings.TrimSpace(path.Value())
		t, _ := kit.ParseTags(tags.Value())
		return func(ctx context.Context) (string, error) {
			material, err := ReadPublicKeyPEM(file)
			if err != nil {
				return "", &form.FieldError{Field: path, Text: err.Error()}
			}
			x, err := client.ImportPublicKey(ctx, n, material, t)
			switch {
			case service.IsQuotaExceeded(err):
				return "", kit.Explain(err, service.QuotaExceeded, fmt.Sprintf("IVS allows at most %d public keys per region and they are all in use: delete one you no longer sign tokens with (ctrl+d on :keys), then import again", maxPublicKeys))
			case service.IsConflict(err):
				return "", kit.Explain(err, service.Conflict, "this public key is imported already: see :keys")
			case err != nil:
				return "", err
			}
			return "imported " + keyWhat(x), nil
		}
	}
	return f
}

// ReadPublicKeyPEM reads a PEM file and checks that it holds an ECDSA P-384
// public key, the only kind IVS accepts. A private key is refused, so it is
// never sent anywhere. Errors never quote the file's content.
func ReadPublicKeyPEM(path string) (string, error) {
	if strings.HasPrefix(path, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, path[2:])
		}
	}
	fh, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %w", ui.Sanitize(path), unwrapPathError(err))
	}
	defer fh.Close()
	raw, err := io.ReadAll(io.LimitReader(fh, maxPEMFile+1))
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %w", ui.Sanitize(path), unwrapPathError(err))
	}
	if len(raw) > maxPEMFile {
		return "", fmt.Errorf("%s is larger than %d KB: not a public key file", ui.Sanitize(path), maxPEMFile>>10)
	}
	if err := CheckPublicKeyPEM(raw); err != nil {
		return "", err
	}
	return string(raw), nil
}

// CheckPublicKeyPEM checks that raw is a PEM "PUBLIC KEY" block holding an
// ECDSA P-384 key.
func CheckPublicKeyPEM(raw []byte) error {
	block, _ := pem.Decode(raw)
	switch {
	case block == nil:
		return fmt.Errorf("not a PEM file: a public key starts with -----BEGIN PUBLIC KEY-----")
	case strings.Contains(block.Type, "PRIVATE KEY"):
		return fmt.Errorf("this is a private key: import the public half (openssl ec -in private.pem -pubout -out public.pem) and keep the private key to yourself")
	case block.Type != "PUBLIC KEY":
		return fmt.Errorf("the PEM block is a %s, not a PUBLIC KEY", ui.Sanitize(block.Type))
	}
	key, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return fmt.Errorf("the PEM block is not a readable public key")
	}
	ec, ok := key.(*ecdsa.PublicKey)
	if !ok || ec.Curve != elliptic.P384() {
		return fmt.Errorf("IVS takes ECDSA P-384 (secp384r1) public keys only; this is another kind of key")
	}
	return nil
}

// unwrapPathError drops the path an *os.PathError repeats.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// deleteKeyDialog asks before deleting a public key.
func deleteKeyDialog(c *kit.Context, pane kit.PaneID, x service.PublicKey) tea.Cmd {
	what := keyWhat(x)
	q := fmt.Sprintf("Delete %s (%s)?", ui.Sanitize(what), kit.ResourceID(x.ARN))
	detail := "Participant tokens signed with its private key stop working: anyone who joins with one is refused, including tokens already handed out."
	client, arn := c.Client, x.ARN
	return kit.ConfirmAction(c, pane, "Delete public key", q, detail, "deleted "+what, func(ctx context.Context) error {
		return client.DeletePublicKey(ctx, arn)
	})
}
