package model

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/service"
)

// Update tests of the forms and the configuration panes: validation before
// any call, what a failed call leaves, read-only guards, secrets.

func TestBucketNameRules(t *testing.T) {
	for name, want := range map[string]string{
		"my-recordings.2025":    "",
		"abc":                   "",
		strings.Repeat("a", 63): "",
		"":                      "required",
		"ab":                    "3 to 63",
		strings.Repeat("a", 64): "3 to 63",
		"My-Bucket":             "lowercase",
		"my_bucket":             "lowercase",
		"-bucket":               "starts and ends",
		"bucket.":               "starts and ends",
		"my..bucket":            "two dots",
		"192.168.1.10":          "IP address",
	} {
		got := kit.CheckBucketName(name)
		if want == "" && got != "" || want != "" && !strings.Contains(got, want) {
			t.Errorf("checkBucketName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestTagRules(t *testing.T) {
	many := make([]string, 51)
	for i := range many {
		many[i] = fmt.Sprintf("k%d=v", i)
	}
	for text, want := range map[string]string{
		"":                              "",
		"team=video\nenv = prod\n\n":    "",
		"empty=":                        "",
		"aws:cost=1":                    "reserved",
		"AWS:cost=1":                    "reserved",
		"=v":                            "key=value",
		"novalue":                       "key=value",
		"a=1\na=2":                      "twice",
		strings.Repeat("k", 129) + "=v": "at most 128",
		"k=" + strings.Repeat("v", 257): "at most 256",
		"k<script>=v":                   "only",
		"k=v;rm":                        "only",
		strings.Join(many, "\n"):        "at most 50",
		strings.Join(many[:50], "\n"):   "",
		"ключ=значение @ 2025/06 +1 :x=y": "",
	} {
		_, got := kit.ParseTags(text)
		if want == "" && got != "" || want != "" && !strings.Contains(got, want) {
			t.Errorf("parseTags(%.40q) = %q, want %q", text, got, want)
		}
	}
	tags, _ := kit.ParseTags("team = video\nenv=prod")
	if len(tags) != 2 || tags["team"] != "video" || tags["env"] != "prod" {
		t.Fatalf("parseTags = %v", tags)
	}
}

func TestVideoBounds(t *testing.T) {
	for _, tc := range []struct {
		check func(string) string
		in    string
		want  string
	}{
		{panes.CheckSide("width"), "1280", ""},
		{panes.CheckSide("width"), "1920", ""},
		{panes.CheckSide("width"), "2", ""},
		{panes.CheckSide("width"), "1921", "2 to 1920"},
		{panes.CheckSide("width"), "0", "2 to 1920"},
		{panes.CheckSide("width"), "721", "even"},
		{panes.CheckSide("height"), "7x0", "whole number"},
		{panes.CheckBitrate, "2500000", ""},
		{panes.CheckBitrate, "8500001", "8.5 Mbps"},
		{panes.CheckBitrate, "0", "1 to"},
		{panes.CheckBitrate, "2.5M", "whole number"},
		{panes.CheckFramerate, "29.97", ""},
		{panes.CheckFramerate, "60", ""},
		{panes.CheckFramerate, "61", "1 to 60"},
		{panes.CheckFramerate, "0.5", "1 to 60"},
		{panes.CheckFramerate, "fast", "frames per second"},
		{kit.CheckName, "main-stage_2", ""},
		{kit.CheckName, "main stage", "letters, digits"},
		{kit.CheckName, strings.Repeat("n", 129), "at most 128"},
	} {
		got := tc.check(tc.in)
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("check(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// submitForm presses enter on a form and returns the messages of the
// command when the form started a call, or nil when it refused.
func submitForm(t *testing.T, a *App, f *kit.FormDialog) tea.Cmd {
	t.Helper()
	f.FocusAt(0)
	cmd := f.Submit(a.ctx.FormEnv())
	if !f.Busy() {
		return nil
	}
	return cmd
}

func TestEncoderFormChecksEveryBoundBeforeAnyCall(t *testing.T) {
	a := newTestApp(120, 40)
	f := panes.NewEncoderForm(a.ctx, a.top().ID())
	a.Update(kit.OpenDialogMsg{Dialog: f})
	width, height := f.Fields()[1].(*form.Text), f.Fields()[2].(*form.Text)
	bitrate, framerate := f.Fields()[3].(*form.Text), f.Fields()[4].(*form.Text)
	for _, tc := range []struct {
		w, h, br, fr string
		field        form.Field
		want         string
	}{
		{"1920", "1200", "2500000", "30", height, "2,304,000 pixels"},
		{"1081", "720", "2500000", "30", width, "even"},
		{"1280", "720", "9000000", "30", bitrate, "8.5 Mbps"},
		{"1280", "720", "2500000", "120", framerate, "1 to 60"},
	} {
		width.SetValue(tc.w)
		height.SetValue(tc.h)
		bitrate.SetValue(tc.br)
		framerate.SetValue(tc.fr)
		if cmd := submitForm(t, a, f); cmd != nil {
			t.Fatalf("%+v: a call was started", tc)
		}
		if !strings.Contains(tc.field.Err(), tc.want) {
			t.Errorf("%+v: error %q, want %q", tc, tc.field.Err(), tc.want)
		}
		if f.Focused() != tc.field {
			t.Errorf("%+v: the focus is not on the wrong field", tc)
		}
	}
	// 1080x1920 (portrait) is within the pixel limit.
	width.SetValue("1080")
	height.SetValue("1920")
	bitrate.SetValue("6000000")
	framerate.SetValue("29.97")
	if submitForm(t, a, f) == nil {
		t.Fatalf("a valid encoder was refused: %q %q", width.Err(), height.Err())
	}
}

func TestFormFailedCallKeepsWhatWasTyped(t *testing.T) {
	a := newTestApp(120, 40)
	p := panes.NewStoragePane(a.ctx)
	a.stack = []kit.Pane{p}
	f := panes.NewStorageForm(a.ctx, p.ID())
	a.Update(kit.OpenDialogMsg{Dialog: f})
	typeKeys(a, "rec")
	a.Update(keyMsg("tab"))
	typeKeys(a, "acme-recordings")
	if f.Submit(a.ctx.FormEnv()) == nil || !f.Busy() {
		t.Fatalf("valid values were refused: %q", f.CallErr())
	}
	err := &service.Error{Kind: service.AccessDenied, Op: "CreateStorageConfiguration", Code: "AccessDeniedException", Message: "not allowed"}
	a.Update(form.DoneMsg{Form: f.Form, Err: err})
	if len(a.dialogs) != 1 {
		t.Fatal("a failed call closed the form")
	}
	if f.Busy() || !strings.Contains(f.CallErr(), "Access denied") {
		t.Fatalf("busy %v, error %q", f.Busy(), f.CallErr())
	}
	if f.Fields()[0].(*form.Text).Value() != "rec" || f.Fields()[1].(*form.Text).Value() != "acme-recordings" {
		t.Fatal("the form lost what was typed")
	}
	if !strings.Contains(screen(a), "not allowed") {
		t.Fatalf("the form does not show the error:\n%s", screen(a))
	}
	// A field's own failure shows under the field and focuses it.
	a.Update(form.DoneMsg{Form: f.Form, Err: &form.FieldError{Field: f.Fields()[1], Text: "cannot read it"}})
	if f.Fields()[1].Err() != "cannot read it" || f.Focused() != f.Fields()[1] {
		t.Fatalf("field error %q, focus on %v", f.Fields()[1].Err(), f.Focused())
	}
	// An answer meant for another form changes nothing.
	other := panes.NewStorageForm(a.ctx, p.ID())
	a.Update(form.DoneMsg{Form: other.Form, What: "created"})
	if len(a.dialogs) != 1 {
		t.Fatal("another form's answer closed this one")
	}
	// Success closes the form and tells the pane.
	_, cmd := a.Update(form.DoneMsg{Form: f.Form, What: "created storage configuration rec"})
	closed, told := len(a.dialogs) == 0, false
	for _, m := range messagesOf(cmd) {
		if m, ok := m.(kit.ActionDoneMsg); ok {
			told = m.Pane == p.ID() && m.Err == nil
		}
	}
	if !closed || !told {
		t.Fatalf("success: closed %v, pane told %v", closed, told)
	}
}

func TestFormKeys(t *testing.T) {
	a := newTestApp(120, 40)
	f := panes.NewIngestForm(a.ctx, a.top().ID(), "")
	a.Update(kit.OpenDialogMsg{Dialog: f})
	n := len(f.Fields())
	a.Update(keyMsg("shift+tab"))
	if f.Focused() != nil {
		t.Fatalf("shift+tab from the first field: focus on %q, want the button (after %d fields)", f.Focused().Label(), n)
	}
	a.Update(keyMsg("tab"))
	a.Update(keyMsg("tab")) // protocol
	a.Update(keyMsg("space"))
	if f.Fields()[1].(*form.Choice).Value() != panes.ProtocolRTMP {
		t.Fatal("space did not switch the protocol")
	}
	a.Update(keyMsg("tab"))
	a.Update(keyMsg("space"))
	if !f.Fields()[2].(*form.Toggle).On {
		t.Fatal("space did not turn insecure ingest on")
	}
	// In a multi-line field enter is a newline, not a submit.
	f.FocusAt(5)
	typeKeys(a, "a=1")
	a.Update(keyMsg("enter"))
	typeKeys(a, "b=2")
	if f.Busy() || !strings.Contains(f.Fields()[5].(*form.Area).Value(), "\n") {
		t.Fatalf("enter in attributes submitted or was lost: %q", f.Fields()[5].(*form.Area).Value())
	}
	a.Update(keyMsg("esc"))
	if len(a.dialogs) != 0 {
		t.Fatal("esc did not close the form")
	}
}

func TestPublicKeyPEMCheck(t *testing.T) {
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 1024)
	pub := func(k any) []byte {
		der, err := x509.MarshalPKIXPublicKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	}
	priv, _ := x509.MarshalECPrivateKey(p384)
	for name, tc := range map[string]struct {
		raw  []byte
		want string
	}{
		"p384":        {pub(&p384.PublicKey), ""},
		"p256":        {pub(&p256.PublicKey), "P-384"},
		"rsa":         {pub(&rsaKey.PublicKey), "P-384"},
		"private":     {pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: priv}), "private key"},
		"certificate": {pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1}}), "not a PUBLIC KEY"},
		"garbage":     {[]byte("hello"), "not a PEM file"},
		"bad der":     {pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte{1, 2, 3}}), "not a readable"},
	} {
		err := panes.CheckPublicKeyPEM(tc.raw)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
	if _, err := panes.ReadPublicKeyPEM(t.TempDir() + "/none.pem"); err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Fatalf("missing file: %v", err)
	}
}

func TestIngestServerURL(t *testing.T) {
	ep := service.StageEndpoints{
		RTMP:  "rtmp://1a2b3c4d5e6f.global-contribute.live-video.net/app/",
		RTMPS: "rtmps://1a2b3c4d5e6f.global-contribute.live-video.net:443/app/",
	}
	for _, tc := range []struct {
		protocol string
		ep       service.StageEndpoints
		want     string
	}{
		{"RTMPS", ep, "rtmps://1a2b3c4d5e6f.global-contribute.live-video.net:443/app/"},
		{"RTMP", ep, "rtmp://1a2b3c4d5e6f.global-contribute.live-video.net/app/"},
		{"RTMPS", service.StageEndpoints{RTMPS: "rtmps://host.example"}, "rtmps://host.example:443/app/"},
		{"RTMP", service.StageEndpoints{RTMP: "rtmp://host.example:1935"}, "rtmp://host.example:1935/app/"},
		{"RTMPS", service.StageEndpoints{}, ""},
		{"RTMP", service.StageEndpoints{RTMP: "::not a url"}, ""},
	} {
		got, ok := panes.IngestServer(tc.protocol, tc.ep)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("ingestServer(%s, %+v) = %q %v, want %q", tc.protocol, tc.ep, got, ok, tc.want)
		}
	}
}

func TestIngestDetailKeepsTheStreamKeySecret(t *testing.T) {
	a := newTestApp(120, 40)
	x, st := ingestDetailFixture()
	p := panes.NewIngestDetailPane(a.ctx, x)
	a.stack = []kit.Pane{p}
	p.Init(a.ctx)
	deliver(t, a, p, kit.DetailKind, x, nil)
	deliver(t, a, p, "stage", st, nil)
	secret := x.StreamKey.Reveal()
	if out := screen(a); strings.Contains(out, secret) || !strings.Contains(out, "rtmps://1a2b3c4d5e6f.global-contribute.live-video.net:443/app/") {
		t.Fatalf("before v the key must be masked and the server shown:\n%s", out)
	}
	a.Update(keyMsg("v"))
	if out := screen(a); !strings.Contains(out, secret) {
		t.Fatalf("v did not reveal the key:\n%s", out)
	}
	_, cmd := a.Update(keyMsg("y"))
	for _, m := range messagesOf(cmd) {
		if f, ok := m.(kit.FlashMsg); ok && strings.Contains(f.Text, secret) {
			t.Fatalf("the copy flash shows the key: %q", f.Text)
		}
	}
	a.Update(keyMsg("v"))
	if strings.Contains(screen(a), secret) {
		t.Fatal("v again did not mask the key")
	}
}

func TestIngestFilterCycle(t *testing.T) {
	a := newTestApp(120, 40)
	p := withIngest(t, a)
	want := []service.IngestFilter{
		{State: "ACTIVE"}, {State: "INACTIVE"}, {StageARN: stageFixture()[0].ARN}, {},
	}
	for i, w := range want {
		a.Update(keyMsg("f"))
		if got := p.APIFilter(); got != w {
			t.Fatalf("press %d: filter %+v, want %+v", i+1, got, w)
		}
		deliver(t, a, p, kit.ListKind, ingestFixture(), nil)
	}
	// With a selection of no stage, the stage filter is skipped.
	a.Update(keyMsg("end")) // the third has no stage
	a.Update(keyMsg("f"))
	a.Update(keyMsg("f"))
	deliver(t, a, p, kit.ListKind, ingestFixture(), nil)
	a.Update(keyMsg("end"))
	a.Update(keyMsg("f"))
	if p.Mode != panes.IngestAll {
		t.Fatalf("a stage filter without a stage: mode %d", p.Mode)
	}
}

func TestReadOnlyGuardsConfigActions(t *testing.T) {
	a := New(Config{ReadOnly: true, Now: func() time.Time { return t0 }})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	check := func(p kit.Pane, keys ...string) {
		t.Helper()
		for _, k := range keys {
			_, cmd := a.Update(keyMsg(k))
			for _, m := range messagesOf(cmd) {
				if _, ok := m.(kit.OpenDialogMsg); ok {
					t.Fatalf("%s: %s opened a dialog in read-only mode", p.Kind(), k)
				}
			}
		}
	}
	ing := withIngest(t, a)
	check(ing, "c", "ctrl+d", "a")
	for _, p := range []kit.Pane{
		withList(t, a, panes.NewEncodersPane(a.ctx), encoderFixture()),
		withList(t, a, panes.NewStoragePane(a.ctx), storageFixture()),
		withList(t, a, panes.NewKeysPane(a.ctx), keyFixture()),
	} {
		check(p, "c", "ctrl+d")
	}
	tags := panes.NewTagsPane(a.ctx, stageFixture()[0].ARN, "stage main-broadcast")
	a.stack = []kit.Pane{tags}
	tags.Init(a.ctx)
	deliver(t, a, tags, "tags", panes.TagList(map[string]string{"env": "prod"}), nil)
	check(tags, "c", "e", "ctrl+d")

	// The keymap hides the keys; a binding left enabled is disabled again
	// by the root at the next key, from ReadOnly.
	a.ctx.Keys.SetReadOnly(false)
	a.ctx.ReadOnly = true
	for _, p := range []kit.Pane{withIngest(t, a), tags} {
		a.stack = []kit.Pane{p}
		for _, k := range []string{"c", "ctrl+d", "a", "e"} {
			_, cmd := a.Update(keyMsg(k))
			for _, m := range messagesOf(cmd) {
				if _, ok := m.(kit.OpenDialogMsg); ok {
					t.Fatalf("%s: %s opened a dialog with ReadOnly set", p.Kind(), k)
				}
			}
		}
	}
	f := panes.NewEncoderForm(a.ctx, a.top().ID())
	if submitForm(t, a, f) != nil || !strings.Contains(f.CallErr(), "read-only") {
		t.Fatalf("a form submitted in read-only mode: %q", f.CallErr())
	}
}

func TestExplainKeepsTheAWSMessage(t *testing.T) {
	conflict := &service.Error{Kind: service.Conflict, Op: "DeleteEncoderConfiguration", Code: "ConflictException", Message: "used by composition X"}
	err := kit.Explain(conflict, service.Conflict, "in use: a running composition uses it")
	if got := kit.ErrorSentence(err); got != "in use: a running composition uses it (IVS: used by composition X)" {
		t.Fatalf("errorSentence = %q", got)
	}
	other := &service.Error{Kind: service.AccessDenied, Op: "DeleteEncoderConfiguration"}
	if kit.Explain(other, service.Conflict, "x") != error(other) {
		t.Fatal("an error of another kind was replaced")
	}
	if kit.Explain(nil, service.Conflict, "x") != nil {
		t.Fatal("nil became an error")
	}
}
