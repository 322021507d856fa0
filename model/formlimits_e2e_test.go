package model

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// Every form refuses out-of-range input with a message under the field
// before any call: each form is opened in the App against the emulator
// (its pick lists load from it), a field is set out of range, ctrl+s
// submits through the App's Update, and the emulator must have seen no
// call of the form's operation (nor any mutating call). Each form then
// submits once with valid values, which must reach the emulator: the
// refusals are the checks', not a form that never calls. The Update tests
// (stage_update_test.go, config_update_test.go, update_test.go) cover more
// values of each field; this proves the whole path against the API.

type limitCase struct {
	name, label, want string
	set               func(t *testing.T, f *kit.FormDialog)
}

type formLimits struct {
	d     *modelDriver
	e     *emulator.Emulator
	scene *faultScene
}

// open shows a form over the pane and lets its pick lists load.
func (l *formLimits) open(f kit.Dialog) {
	l.d.send(kit.OpenDialogMsg{Dialog: f})
	l.d.settle()
}

// openCmd shows the form a dialog command opens (rename, edit).
func (l *formLimits) openCmd(t *testing.T, cmd tea.Cmd) *kit.FormDialog {
	t.Helper()
	msg, ok := cmd().(kit.OpenDialogMsg)
	if !ok {
		t.Fatalf("the command opened no dialog")
	}
	l.open(msg.Dialog)
	return msg.Dialog.(*kit.FormDialog)
}

func (l *formLimits) closeAll() {
	for len(l.d.app.dialogs) > 0 {
		l.d.send(kit.CloseDialog{})
	}
}

// refused submits f with ctrl+s and checks it stayed open with want under
// label, and that the emulator saw no call of op nor any mutation.
func (l *formLimits) refused(t *testing.T, f *kit.FormDialog, op, label, want string) {
	t.Helper()
	before, calls := l.e.Mutations(), l.e.Operations()[op]
	l.d.press("ctrl+s")
	l.d.settle() // on the fake clock: any call the submit started has reached the emulator
	if n := l.e.Operations()[op] - calls; n != 0 {
		t.Fatalf("%s was called %d times with %s out of range", op, n, label)
	}
	if after := l.e.Mutations(); !maps.Equal(after, before) {
		t.Fatalf("a mutating call reached the emulator: %v -> %v", before, after)
	}
	if len(l.d.app.dialogs) == 0 || l.d.app.dialogs[len(l.d.app.dialogs)-1] != kit.Dialog(f) {
		t.Fatalf("the form closed on a refused submit")
	}
	if got := fieldNamed(t, f, label).Err(); !strings.Contains(got, want) {
		t.Fatalf("%s: error %q, want it to say %q", label, got, want)
	}
	if !strings.Contains(l.d.screen(), "✖") {
		t.Errorf("the error is not on screen:\n%s", l.d.screen())
	}
}

// accepted submits f with valid values: op must reach the emulator.
func (l *formLimits) accepted(t *testing.T, op string) {
	t.Helper()
	before := l.e.Operations()[op]
	l.d.press("ctrl+s")
	if !l.d.runUntil(10*time.Second, func() bool { return l.e.Operations()[op] > before }) {
		t.Fatalf("valid values never reached %s; screen:\n%s", op, l.d.screen())
	}
	l.d.settle()
	l.closeAll()
}

// each runs the cases of one form, a fresh form each.
func (l *formLimits) each(t *testing.T, newForm func() *kit.FormDialog, op string, cases []limitCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newForm()
			tc.set(t, f)
			l.refused(t, f, op, tc.label, tc.want)
			l.closeAll()
		})
	}
}

func TestFormsRefuseOutOfRangeBeforeAnyCall(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true, Seed: 23, CompositionIdleTimeout: time.Hour})
	s := buildFaultScene(t, e)
	// No client-side budget: the forms' checks are under test, and each
	// settle waits for every call a form set off (the stages a picker
	// lists, say), which the budget would space out.
	c := service.NewForEndpoint(e.URL(), "us-east-1", budget.Config{Unlimited: true})
	ctx := context.Background()
	dest, _, err := c.CreateStage(ctx, service.CreateStageRequest{Name: "fault-dest"})
	if err != nil {
		t.Fatal(err)
	}
	app := New(Config{Client: c, Interval: time.Hour, Mode: "test", Endpoint: e.URL(), Clock: newFakeClock(t)})
	d := newModelDriver(t, app, 140, 50)
	waitLoaded(t, d, "stages", "fault-stage")
	pane := d.app.top().ID()
	l := &formLimits{d: d, e: e, scene: s}
	long := func(n int) string { return strings.Repeat("x", n) }
	bigAttrs := "note=" + long(service.MaxAttributesBytes)
	// The scene's own calls are not the forms'.
	baseOps := maps.Clone(e.Operations())

	t.Run("token", func(t *testing.T) {
		for _, tc := range []struct {
			name, user, duration, attrs string
			publish, subscribe          bool
			field                       string
			want                        string
		}{
			{"user id 129", long(129), "720", "", true, true, "User id", "at most 128"},
			{"duration 0", "u", "0", "", true, true, tokenDurationLabel, "1 to 20160"},
			{"duration 20161", "u", "20161", "", true, true, tokenDurationLabel, "1 to 20160"},
			{"attributes over 1 KB", "u", "720", bigAttrs, true, true, "Attributes", "bytes"},
			{"no capability", "u", "720", "", false, false, "subscribe", "publish, subscribe or both"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				f := panes.NewTokenForm(d.app.ctx, s.stage)
				l.open(f)
				setTokenInputs(t, f, tc.user, tc.duration, tc.attrs, tc.publish, tc.subscribe)
				d.press("enter")
				d.settle()
				if n := e.Operations()["CreateParticipantToken"] - baseOps["CreateParticipantToken"]; n != 0 {
					t.Fatalf("CreateParticipantToken called %d times", n)
				}
				if got := fieldNamed(t, f, tc.field).Err(); !strings.Contains(got, tc.want) {
					t.Fatalf("error %q, want %q", got, tc.want)
				}
				l.closeAll()
			})
		}
		f := panes.NewTokenForm(d.app.ctx, s.stage)
		l.open(f)
		setText(t, f, "User id", long(128))
		before := e.Operations()["CreateParticipantToken"]
		d.press("enter")
		if !d.runUntil(10*time.Second, func() bool { return e.Operations()["CreateParticipantToken"] > before }) {
			t.Fatal("a valid token was never minted")
		}
		d.settle()
		l.closeAll()
	})

	t.Run("ingest", func(t *testing.T) {
		newF := func() *kit.FormDialog { f := panes.NewIngestForm(d.app.ctx, pane, ""); l.open(f); return f }
		l.each(t, newF, "CreateIngestConfiguration", []limitCase{
			{"name with a space", "Name", "no spaces", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Name", "my obs") }},
			{"name 129", "Name", "at most 128", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Name", long(129)) }},
			{"user id 129", "User id", "at most 128", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "User id", long(129)) }},
			{"attributes over 1 KB", "Attributes", "bytes", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Attributes", bigAttrs) }},
			{"attribute without =", "Attributes", "key=value", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Attributes", "novalue") }},
			{"reserved tag", "Tags", "reserved", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Tags", "aws:x=y") }},
			{"RTMP without insecure ingest", "insecure ingest", "RTMP needs insecure ingest", func(t *testing.T, f *kit.FormDialog) { setChoice(t, f, "Protocol", panes.ProtocolRTMP) }},
		})
		newF()
		d.typeText("ok-obs")
		l.accepted(t, "CreateIngestConfiguration")
	})

	t.Run("ingest attach while ACTIVE", func(t *testing.T) {
		x, err := c.GetIngestConfiguration(ctx, s.ingest.ARN)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.IngestPublish(x.StreamKey.Reveal(), "RTMPS"); err != nil {
			t.Fatal(err)
		}
		x.State = "ACTIVE"
		msg := panes.AttachIngestDialog(d.app.ctx, pane, x)()
		if _, opened := msg.(kit.OpenDialogMsg); opened {
			t.Fatal("attaching an ACTIVE ingest configuration opened the form")
		}
		d.send(msg)
		if !strings.Contains(d.screen(), "is ACTIVE") {
			t.Errorf("the refusal is not said:\n%s", d.screen())
		}
		if n := e.Operations()["UpdateIngestConfiguration"] - baseOps["UpdateIngestConfiguration"]; n != 0 {
			t.Fatalf("UpdateIngestConfiguration called %d times", n)
		}
	})

	t.Run("encoder", func(t *testing.T) {
		newF := func() *kit.FormDialog { f := panes.NewEncoderForm(d.app.ctx, pane); l.open(f); return f }
		l.each(t, newF, "CreateEncoderConfiguration", []limitCase{
			{"odd width", "Width (pixels)", "even", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Width (pixels)", "1081") }},
			{"too many pixels", "Height (pixels)", "pixels", func(t *testing.T, f *kit.FormDialog) {
				setText(t, f, "Width (pixels)", "1920")
				setText(t, f, "Height (pixels)", "1200")
			}},
			{"bitrate", "Bitrate (bps)", "8.5 Mbps", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Bitrate (bps)", "8500001") }},
			{"frame rate", "Frame rate (fps)", "1 to 60", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Frame rate (fps)", "61") }},
			{"name", "Name", "no spaces", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Name", "my encoder") }},
		})
		newF()
		l.accepted(t, "CreateEncoderConfiguration")
	})

	t.Run("storage", func(t *testing.T) {
		newF := func() *kit.FormDialog { f := panes.NewStorageForm(d.app.ctx, pane); l.open(f); return f }
		l.each(t, newF, "CreateStorageConfiguration", []limitCase{
			{"no bucket", "S3 bucket name", "required", func(t *testing.T, f *kit.FormDialog) {}},
			{"bucket with capitals", "S3 bucket name", "lowercase", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "S3 bucket name", "My_Recordings") }},
			{"bucket of 2", "S3 bucket name", "3 to 63", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "S3 bucket name", "ab") }},
			{"bucket of 64", "S3 bucket name", "3 to 63", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "S3 bucket name", strings.Repeat("a", 64)) }},
			{"bucket as an IP", "S3 bucket name", "IP address", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "S3 bucket name", "192.168.1.10") }},
			{"name", "Name", "no spaces", func(t *testing.T, f *kit.FormDialog) {
				setText(t, f, "S3 bucket name", "ok-bucket")
				setText(t, f, "Name", "a b")
			}},
		})
		f := newF()
		setText(t, f, "S3 bucket name", "ok-bucket")
		l.accepted(t, "CreateStorageConfiguration")
	})

	t.Run("key import", func(t *testing.T) {
		dir := t.TempDir()
		private := filepath.Join(dir, "private.pem")
		_, priv := writeKeyPair(t, dir, "k")
		if err := os.Rename(priv, private); err != nil {
			t.Fatal(err)
		}
		newF := func() *kit.FormDialog { f := panes.NewKeyImportForm(d.app.ctx, pane); l.open(f); return f }
		l.each(t, newF, "ImportPublicKey", []limitCase{
			{"no file", "PEM file", "give the path", func(t *testing.T, f *kit.FormDialog) {}},
			{"missing file", "PEM file", "cannot read", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "PEM file", filepath.Join(dir, "nope.pem")) }},
			{"a private key", "PEM file", "private key", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "PEM file", private) }},
			{"name", "Name", "no spaces", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Name", "my key") }},
		})
		pub, _ := writeKeyPair(t, dir, "ok") // a key the account has not imported
		f := newF()
		setText(t, f, "PEM file", pub)
		l.accepted(t, "ImportPublicKey")
	})

	t.Run("tag", func(t *testing.T) {
		arn := s.stage.ARN
		newF := func() *kit.FormDialog {
			f := panes.NewTagForm(d.app.ctx, pane, arn, "stage fault-stage", nil, nil)
			l.open(f)
			return f
		}
		l.each(t, newF, "TagResource", []limitCase{
			{"no key", "Key", "1 to 128", func(t *testing.T, f *kit.FormDialog) {}},
			{"key 129", "Key", "at most 128", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Key", long(129)) }},
			{"aws: key", "Key", "reserved", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Key", "aws:owner") }},
			{"value 257", "Value", "at most 256", func(t *testing.T, f *kit.FormDialog) {
				setText(t, f, "Key", "k")
				setText(t, f, "Value", long(257))
			}},
			{"value with a character AWS refuses", "Value", "only", func(t *testing.T, f *kit.FormDialog) {
				setText(t, f, "Key", "k")
				setText(t, f, "Value", "50%")
			}},
			{"key with a character AWS refuses", "Key", "only", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Key", "cost#center") }},
		})
		// The 51st tag.
		var fifty []panes.Tag
		for i := range service.MaxTags {
			fifty = append(fifty, panes.Tag{Key: fmt.Sprintf("k%02d", i), Value: "v"})
		}
		f := panes.NewTagForm(d.app.ctx, pane, arn, "stage fault-stage", fifty, nil)
		l.open(f)
		setText(t, f, "Key", "one-more")
		l.refused(t, f, "TagResource", "Key", "the most AWS allows")
		l.closeAll()
		f = newF()
		setText(t, f, "Key", "owner")
		setText(t, f, "Value", "oncall")
		l.accepted(t, "TagResource")
	})

	t.Run("stage create", func(t *testing.T) {
		newF := func() *kit.FormDialog { f := panes.NewStageForm(d.app.ctx, pane); l.open(f); return f }
		l.each(t, newF, "CreateStage", []limitCase{
			{"name with a space", "Name", "no spaces", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Name", "town hall") }},
			{"13 tokens", "Participant tokens to mint now", "0 to 12", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Participant tokens to mint now", "13") }},
			{"token user id 129", "User id prefix", "at most 128", func(t *testing.T, f *kit.FormDialog) {
				setText(t, f, "Participant tokens to mint now", "12")
				setText(t, f, "User id prefix", long(127))
			}},
			{"token duration", "Duration (minutes)", "1 to 20,160", func(t *testing.T, f *kit.FormDialog) {
				setText(t, f, "Participant tokens to mint now", "1")
				setText(t, f, "Duration (minutes)", "0")
			}},
			{"reconnect window 301", "Reconnect window (seconds)", "0 to 300", func(t *testing.T, f *kit.FormDialog) {
				setToggle(t, f, "record each participant (auto participant recording)", true)
				setText(t, f, "Reconnect window (seconds)", "301")
			}},
			{"HLS segment 11", "HLS segment duration (seconds)", "2 to 10", func(t *testing.T, f *kit.FormDialog) {
				setToggle(t, f, "record each participant (auto participant recording)", true)
				setText(t, f, "HLS segment duration (seconds)", "11")
			}},
		})
		f := newF()
		setText(t, f, "Name", "limits-town")
		l.accepted(t, "CreateStage")
	})

	t.Run("stage rename", func(t *testing.T) {
		newF := func() *kit.FormDialog { return l.openCmd(t, panes.RenameStageDialog(d.app.ctx, pane, s.stage)) }
		l.each(t, newF, "UpdateStage", []limitCase{
			{"name with a space", "Name", "no spaces", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Name", "fault stage") }},
			{"name 129", "Name", "at most 128", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Name", long(129)) }},
			{"the same name", "Name", "already", func(t *testing.T, f *kit.FormDialog) {}},
		})
	})

	t.Run("stage recording", func(t *testing.T) {
		newF := func() *kit.FormDialog { return l.openCmd(t, panes.EditStageDialog(d.app.ctx, pane, s.stage)) }
		l.each(t, newF, "UpdateStage", []limitCase{
			{"reconnect window 301", "Reconnect window (seconds)", "0 to 300", func(t *testing.T, f *kit.FormDialog) {
				setToggle(t, f, "record each participant (auto participant recording)", true)
				setText(t, f, "Reconnect window (seconds)", "301")
			}},
			{"thumbnail interval 0", "Thumbnail interval (seconds)", "1 to 86,400", func(t *testing.T, f *kit.FormDialog) {
				setToggle(t, f, "record each participant (auto participant recording)", true)
				setToggle(t, f, "thumbnails", true)
				setText(t, f, "Thumbnail interval (seconds)", "0")
			}},
		})
		f := newF()
		setText(t, f, "Name", "fault-stage-renamed")
		l.accepted(t, "UpdateStage")
	})

	t.Run("composition", func(t *testing.T) {
		newF := func() *kit.FormDialog {
			f := panes.NewCompositionForm(d.app.ctx, pane, s.stage.ARN)
			l.open(f)
			return f
		}
		l.each(t, newF, "StartComposition", []limitCase{
			{"channel ARN of a stage", "Channel ARN", "not an IVS channel ARN", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Channel ARN", s.stage.ARN) }},
			{"negative gap", "Gap between tiles (pixels)", "0 to", func(t *testing.T, f *kit.FormDialog) {
				setText(t, f, "Channel ARN", "arn:aws:ivs:us-east-1:123456789012:channel/AbCd1234")
				setText(t, f, "Gap between tiles (pixels)", "-1")
			}},
			{"attribute 129", "Featured participant attribute", "at most 128", func(t *testing.T, f *kit.FormDialog) {
				setText(t, f, "Channel ARN", "arn:aws:ivs:us-east-1:123456789012:channel/AbCd1234")
				setText(t, f, "Featured participant attribute", long(129))
			}},
			{"no destination", "record to S3", "needs a destination", func(t *testing.T, f *kit.FormDialog) {
				setToggle(t, f, "broadcast to an IVS channel", false)
			}},
		})
		f := newF()
		setText(t, f, "Channel ARN", "arn:aws:ivs:us-east-1:123456789012:channel/AbCd1234")
		l.accepted(t, "StartComposition")
	})

	t.Run("replication", func(t *testing.T) {
		newF := func() *kit.FormDialog {
			f := panes.NewReplicationForm(d.app.ctx, pane, s.stage, s.alice, 0)
			l.open(f)
			return f
		}
		l.each(t, newF, "StartParticipantReplication", []limitCase{
			{"reconnect window 61", "Reconnect window (seconds)", "0 to 60", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Reconnect window (seconds)", "61") }},
			{"attributes over 1 KB", "Attributes", "bytes", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Attributes", bigAttrs) }},
		})
		newF()
		if !d.runUntil(10*time.Second, func() bool { return d.shows(dest.Name) }) {
			t.Fatalf("the destination list did not load:\n%s", d.screen())
		}
		l.accepted(t, "StartParticipantReplication")
	})
	d.checkPanics()
}
