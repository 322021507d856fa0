package model

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
)

// Update tests of the stage, composition and replication forms: every
// field checked with the API's limits before any call, hidden fields
// skipped, the requests they build, the one-time tokens view and the
// read-only guards.

// fieldNamed finds a form's field by its label.
func fieldNamed(t *testing.T, f *kit.FormDialog, label string) form.Field {
	t.Helper()
	for _, fl := range f.Fields() {
		if fl.Label() == label {
			return fl
		}
	}
	t.Fatalf("form %q has no field %q", f.Title, label)
	return nil
}

func setText(t *testing.T, f *kit.FormDialog, label, value string) {
	t.Helper()
	switch fl := fieldNamed(t, f, label).(type) {
	case *form.Text:
		fl.SetValue(value)
	case *form.Area:
		fl.SetValue(value)
	default:
		t.Fatalf("field %q is a %T", label, fl)
	}
}

// tokenDurationLabel is the token form's duration field.
const tokenDurationLabel = "Duration (minutes, 1-20160)"

// setTokenInputs fills the token form and focuses its first field.
func setTokenInputs(t *testing.T, f *kit.FormDialog, user, duration, attrs string, publish, subscribe bool) {
	t.Helper()
	setText(t, f, "User id", user)
	setText(t, f, tokenDurationLabel, duration)
	setText(t, f, "Attributes", attrs)
	setToggle(t, f, "publish", publish)
	setToggle(t, f, "subscribe", subscribe)
	f.FocusAt(0)
}

func setToggle(t *testing.T, f *kit.FormDialog, label string, on bool) {
	t.Helper()
	fieldNamed(t, f, label).(*form.Toggle).On = on
}

func setChoice(t *testing.T, f *kit.FormDialog, label, value string) {
	t.Helper()
	if !fieldNamed(t, f, label).(*form.Choice).SetValue(value) {
		t.Fatalf("field %q has no option %q", label, value)
	}
}

func loadPick(t *testing.T, a *App, f *kit.FormDialog, label string, items []form.PickItem) {
	t.Helper()
	p := fieldNamed(t, f, label).(*form.Pick)
	p.Loaded(a.ctx.FormEnv(), items, nil)
}

// refusedAt submits and checks the form was refused, before any call,
// with an error under the field labelled label that contains want.
func refusedAt(t *testing.T, a *App, f *kit.FormDialog, label, want string) {
	t.Helper()
	if cmd := submitForm(t, a, f); cmd != nil {
		t.Fatalf("submitted with %s wrong", label)
	}
	fl := fieldNamed(t, f, label)
	if !strings.Contains(fl.Err(), want) {
		t.Fatalf("%s: error %q, want %q", label, fl.Err(), want)
	}
	if f.Focused() != fl {
		t.Fatalf("the focus is not on %s", label)
	}
}

func TestStageFormChecksEveryFieldBeforeAnyCall(t *testing.T) {
	env := newTestApp(120, 40).ctx.FormEnv()
	for _, tc := range []struct {
		name, label, want string
		set               func(t *testing.T, f *kit.FormDialog)
	}{
		{"name with a space", "Name", "no spaces", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Name", "town hall") }},
		{"name too long", "Name", "at most 128", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Name", strings.Repeat("a", 129)) }},
		{"reserved tag", "Tags", "reserved", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Tags", "aws:team=video") }},
		{"no storage yet", "Storage configuration", "still loading", func(t *testing.T, f *kit.FormDialog) {
			setToggle(t, f, "record each participant (auto participant recording)", true)
			// A load under way with nothing listed yet.
			p := fieldNamed(t, f, "Storage configuration").(*form.Pick)
			p.Loaded(env, nil, nil)
			p.Init(env)
		}},
		{"reconnect window", "Reconnect window (seconds)", "0 to 300", func(t *testing.T, f *kit.FormDialog) {
			setToggle(t, f, "record each participant (auto participant recording)", true)
			setText(t, f, "Reconnect window (seconds)", "301")
		}},
		{"HLS segment", "HLS segment duration (seconds)", "2 to 10", func(t *testing.T, f *kit.FormDialog) {
			setToggle(t, f, "record each participant (auto participant recording)", true)
			setText(t, f, "HLS segment duration (seconds)", "1")
		}},
		{"thumbnail interval", "Thumbnail interval (seconds)", "1 to 86,400", func(t *testing.T, f *kit.FormDialog) {
			setToggle(t, f, "record each participant (auto participant recording)", true)
			setToggle(t, f, "thumbnails", true)
			setText(t, f, "Thumbnail interval (seconds)", "0")
		}},
		{"13 tokens", "Participant tokens to mint now", "0 to 12", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Participant tokens to mint now", "13") }},
		{"tokens not a number", "Participant tokens to mint now", "whole number", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Participant tokens to mint now", "two") }},
		{"user id too long", "User id prefix", "at most 128", func(t *testing.T, f *kit.FormDialog) {
			setText(t, f, "Participant tokens to mint now", "12")
			setText(t, f, "User id prefix", strings.Repeat("u", 127)) // 127 + "12" is 129
		}},
		{"no capability", "subscribe", "neither", func(t *testing.T, f *kit.FormDialog) {
			setText(t, f, "Participant tokens to mint now", "1")
			setToggle(t, f, "publish", false)
			setToggle(t, f, "subscribe", false)
		}},
		{"duration", "Duration (minutes)", "1 to 20,160", func(t *testing.T, f *kit.FormDialog) {
			setText(t, f, "Participant tokens to mint now", "1")
			setText(t, f, "Duration (minutes)", "20161")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestApp(120, 40)
			f := panes.NewStageForm(a.ctx, a.top().ID())
			a.Update(kit.OpenDialogMsg{Dialog: f})
			loadPick(t, a, f, "Storage configuration", storagePickFixture())
			tc.set(t, f)
			refusedAt(t, a, f, tc.label, tc.want)
		})
	}
}

func TestHiddenFieldsAreSkippedAndNotChecked(t *testing.T) {
	a := newTestApp(120, 40)
	f := panes.NewStageForm(a.ctx, a.top().ID())
	a.Update(kit.OpenDialogMsg{Dialog: f})
	// Recording off: its fields are hidden, so their values do not matter.
	setText(t, f, "Reconnect window (seconds)", "oops")
	setText(t, f, "Duration (minutes)", "0")
	if cmd := submitForm(t, a, f); cmd == nil {
		t.Fatalf("hidden fields were checked: %q", f.CallErr())
	}
	a.Update(form.DoneMsg{Form: f.Form, Err: errors.New("not run")}) // back to editing
	if strings.Contains(screen(a), "Reconnect window") {
		t.Fatal("a hidden field is drawn")
	}
	// tab from the recording toggle goes straight to the token count.
	f.FocusOn(fieldNamed(t, f, "record each participant (auto participant recording)"))
	a.Update(keyMsg("tab"))
	if got := f.Focused().Label(); got != "Participant tokens to mint now" {
		t.Fatalf("tab went to %q", got)
	}
	a.Update(keyMsg("shift+tab"))
	a.Update(keyMsg("space")) // recording on: its fields appear
	a.Update(keyMsg("tab"))
	if f.Focused() != fieldNamed(t, f, "Storage configuration") {
		t.Fatal("tab skipped the storage configuration once recording was on")
	}
	if !strings.Contains(screen(a), "Reconnect window") {
		t.Fatal("the recording's fields are not drawn once it is on")
	}
}

func TestStageFormRequests(t *testing.T) {
	a := newTestApp(120, 40)
	rec := panes.NewRecordingFields(a.ctx, service.AutoRecording{})
	if got := rec.Config(); got.Enabled() {
		t.Fatalf("recording off gives %+v", got)
	}
	rec.On.On, rec.Thumbs.On = true, true
	rec.Storage.Loaded(a.ctx.FormEnv(), storagePickFixture(), nil)
	rec.Media.SetValue("AUDIO_ONLY")
	rec.Interval.SetValue("30")
	rec.Reconnect.SetValue("")
	rec.Segment.SetValue("4")
	want := service.AutoRecording{StorageConfigurationARN: storageFixture()[0].ARN, MediaTypes: []string{"AUDIO_ONLY"},
		ThumbnailRecordingMode: "INTERVAL", ThumbnailIntervalSeconds: 30, HLSTargetSegmentDurationSeconds: 4, RecordParticipantReplicas: true}
	got := rec.Config()
	if got.StorageConfigurationARN != want.StorageConfigurationARN || !slices.Equal(got.MediaTypes, want.MediaTypes) ||
		got.ThumbnailRecordingMode != "INTERVAL" || got.ThumbnailIntervalSeconds != 30 || got.RecordingReconnectWindowSeconds != 0 ||
		got.HLSTargetSegmentDurationSeconds != 4 || !got.RecordParticipantReplicas {
		t.Fatalf("config %+v, want %+v", got, want)
	}

	toks := panes.NewTokenFields()
	if toks.Requests() != nil {
		t.Fatal("0 tokens gives requests")
	}
	toks.Count.SetValue("3")
	toks.Publish.On = false
	toks.Duration.SetValue("60")
	reqs := toks.Requests()
	if len(reqs) != 3 || reqs[2].UserID != "guest-3" || !slices.Equal(reqs[0].Capabilities, []string{"SUBSCRIBE"}) || reqs[1].DurationMinutes != 60 {
		t.Fatalf("requests %+v", reqs)
	}
	toks.Prefix.SetValue("")
	if reqs := toks.Requests(); reqs[0].UserID != "" {
		t.Fatalf("an empty prefix gave user id %q", reqs[0].UserID)
	}
}

func TestSameRecordingComparesWhatTheFormEdits(t *testing.T) {
	on := service.AutoRecording{StorageConfigurationARN: "arn:s", MediaTypes: []string{"AUDIO_VIDEO"}, ThumbnailRecordingMode: "DISABLED", ThumbnailIntervalSeconds: 60, HLSTargetSegmentDurationSeconds: 6}
	for _, tc := range []struct {
		name string
		b    service.AutoRecording
		same bool
	}{
		{"identical", on, true},
		{"defaults spelt out", service.AutoRecording{StorageConfigurationARN: "arn:s"}, true},
		{"off", service.AutoRecording{}, false},
		{"other storage", with(on, func(a *service.AutoRecording) { a.StorageConfigurationARN = "arn:t" }), false},
		{"audio only", with(on, func(a *service.AutoRecording) { a.MediaTypes = []string{"AUDIO_ONLY"} }), false},
		{"thumbnails", with(on, func(a *service.AutoRecording) { a.ThumbnailRecordingMode = "INTERVAL" }), false},
		{"reconnect", with(on, func(a *service.AutoRecording) { a.RecordingReconnectWindowSeconds = 5 }), false},
		{"segment", with(on, func(a *service.AutoRecording) { a.HLSTargetSegmentDurationSeconds = 2 }), false},
		{"interval while thumbnails are off", with(on, func(a *service.AutoRecording) { a.ThumbnailIntervalSeconds = 5 }), true},
	} {
		if got := panes.SameRecording(on, tc.b); got != tc.same {
			t.Errorf("%s: sameRecording = %v", tc.name, got)
		}
	}
	if !panes.SameRecording(service.AutoRecording{}, service.AutoRecording{MediaTypes: []string{"AUDIO_ONLY"}}) {
		t.Error("two configurations with recording off differ")
	}
}

func with(a service.AutoRecording, f func(*service.AutoRecording)) service.AutoRecording {
	f(&a)
	return a
}

func TestEditStageRefusesNoChange(t *testing.T) {
	a := newTestApp(120, 40)
	st := stageFixture()[1]
	for _, m := range messagesOf(panes.EditStageDialog(a.ctx, a.top().ID(), st)) {
		a.Update(m)
	}
	f := a.dialogs[0].(*kit.FormDialog)
	if submitForm(t, a, f) != nil || !strings.Contains(f.CallErr(), "nothing changed") {
		t.Fatalf("an unchanged stage was submitted: %q", f.CallErr())
	}
	setText(t, f, "Name", "quiet-room-2")
	if submitForm(t, a, f) == nil {
		t.Fatalf("a rename was refused: %q", f.CallErr())
	}
}

func TestCompositionFormChecksEveryFieldBeforeAnyCall(t *testing.T) {
	env := newTestApp(120, 40).ctx.FormEnv()
	ready := func(t *testing.T, a *App, f *kit.FormDialog) {
		loadPick(t, a, f, "Stage", stagePickFixture())
		loadPick(t, a, f, "Channel encoder configuration", encoderPickFixture())
		loadPick(t, a, f, "Storage configuration", storagePickFixture())
		loadPick(t, a, f, "Recording encoder configuration", encoderPickFixture())
		setText(t, f, "Channel ARN", "arn:aws:ivs:us-east-1:123456789012:channel/AbCd1234")
	}
	for _, tc := range []struct {
		name, label, want string
		set               func(t *testing.T, f *kit.FormDialog)
	}{
		{"grid gap 0", "Gap between tiles (pixels)", "cannot be sent", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Gap between tiles (pixels)", "0") }},
		{"negative gap", "Gap between tiles (pixels)", "0 to", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Gap between tiles (pixels)", "-1") }},
		{"attribute with a space", "Featured participant attribute", "no spaces", func(t *testing.T, f *kit.FormDialog) {
			setText(t, f, "Featured participant attribute", "is featured")
		}},
		{"order attribute too long", "Participant order attribute", "at most 128", func(t *testing.T, f *kit.FormDialog) {
			setText(t, f, "Participant order attribute", strings.Repeat("o", 129))
		}},
		{"pip width 0", "PiP width (pixels)", "1 to", func(t *testing.T, f *kit.FormDialog) {
			setChoice(t, f, "Layout", panes.LayoutPiP)
			setText(t, f, "PiP width (pixels)", "0")
		}},
		{"pip attribute", "PiP participant attribute", "no spaces", func(t *testing.T, f *kit.FormDialog) {
			setChoice(t, f, "Layout", panes.LayoutPiP)
			setText(t, f, "PiP participant attribute", "p i p")
		}},
		{"pip offset", "PiP offset (pixels)", "whole number", func(t *testing.T, f *kit.FormDialog) {
			setChoice(t, f, "Layout", panes.LayoutPiP)
			setText(t, f, "PiP offset (pixels)", "ten")
		}},
		{"channel ARN of a stage", "Channel ARN", "not an IVS channel ARN", func(t *testing.T, f *kit.FormDialog) {
			setText(t, f, "Channel ARN", stageFixture()[0].ARN)
		}},
		{"channel ARN missing", "Channel ARN", "required", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Channel ARN", "") }},
		{"channel in another region", "Channel ARN", "same region", func(t *testing.T, f *kit.FormDialog) {
			setText(t, f, "Channel ARN", "arn:aws:ivs:eu-west-1:123456789012:channel/AbCd1234")
		}},
		{"channel in another account", "Channel ARN", "same account", func(t *testing.T, f *kit.FormDialog) {
			setText(t, f, "Channel ARN", "arn:aws:ivs:us-east-1:210987654321:channel/AbCd1234")
		}},
		{"no destination", "record to S3", "needs a destination", func(t *testing.T, f *kit.FormDialog) {
			setToggle(t, f, "broadcast to an IVS channel", false)
		}},
		{"no recording encoder", "Recording encoder configuration", "no encoder configurations", func(t *testing.T, f *kit.FormDialog) {
			setToggle(t, f, "record to S3", true)
			fieldNamed(t, f, "Recording encoder configuration").(*form.Pick).Loaded(env, nil, nil)
		}},
		{"segment", "HLS segment duration (seconds)", "2 to 10", func(t *testing.T, f *kit.FormDialog) {
			setToggle(t, f, "record to S3", true)
			setText(t, f, "HLS segment duration (seconds)", "11")
		}},
		{"thumbnails", "Thumbnail interval (seconds)", "1 to 86,400", func(t *testing.T, f *kit.FormDialog) {
			setToggle(t, f, "record to S3", true)
			setToggle(t, f, "thumbnails", true)
			setText(t, f, "Thumbnail interval (seconds)", "86401")
		}},
		{"tags", "Tags", "write tags as key=value", func(t *testing.T, f *kit.FormDialog) { setText(t, f, "Tags", "novalue") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestApp(120, 40)
			f := panes.NewCompositionForm(a.ctx, a.top().ID(), stageFixture()[0].ARN)
			a.Update(kit.OpenDialogMsg{Dialog: f})
			ready(t, a, f)
			tc.set(t, f)
			refusedAt(t, a, f, tc.label, tc.want)
		})
	}
	// The same form, valid, submits; a PiP's gap of 0 is fine (its default).
	a := newTestApp(120, 40)
	f := panes.NewCompositionForm(a.ctx, a.top().ID(), stageFixture()[0].ARN)
	a.Update(kit.OpenDialogMsg{Dialog: f})
	ready(t, a, f)
	setChoice(t, f, "Layout", panes.LayoutPiP)
	setText(t, f, "Gap between tiles (pixels)", "0")
	if submitForm(t, a, f) == nil {
		t.Fatalf("a valid composition was refused: %q", f.CallErr())
	}
}

func TestCompositionRequest(t *testing.T) {
	a := newTestApp(120, 40)
	f, x := panes.BuildCompositionForm(a.ctx, a.top().ID(), stageFixture()[0].ARN)
	a.Update(kit.OpenDialogMsg{Dialog: f})
	loadPick(t, a, f, "Stage", stagePickFixture())
	loadPick(t, a, f, "Channel encoder configuration", encoderPickFixture())
	loadPick(t, a, f, "Storage configuration", storagePickFixture())
	loadPick(t, a, f, "Recording encoder configuration", encoderPickFixture())
	setChoice(t, f, "Layout", panes.LayoutPiP)
	setText(t, f, "Featured participant attribute", "host")
	setChoice(t, f, "Video fill mode", "CONTAIN")
	setChoice(t, f, "PiP position", "TOP_RIGHT")
	setText(t, f, "PiP width (pixels)", "320")
	setText(t, f, "Channel ARN", " arn:aws:ivs:us-east-1:123456789012:channel/AbCd1234 ")
	setToggle(t, f, "record to S3", true)
	setToggle(t, f, "thumbnails", true)
	setText(t, f, "Tags", "show=e2e")
	req, ok := x.Request()
	if !ok {
		t.Fatal("request refused")
	}
	p := req.Layout.PiP
	if req.Layout.Grid != nil || p == nil || p.FeaturedParticipantAttribute != "host" || p.VideoFillMode != "CONTAIN" ||
		p.PipPosition != "TOP_RIGHT" || p.PipWidth != 320 || p.PipHeight != 0 || p.PipBehavior != "STATIC" {
		t.Fatalf("layout %+v %+v", req.Layout.Grid, p)
	}
	if len(req.Destinations) != 2 || req.Destinations[0].Channel.ChannelARN != "arn:aws:ivs:us-east-1:123456789012:channel/AbCd1234" ||
		req.Destinations[0].Channel.EncoderConfigurationARN != "" {
		t.Fatalf("channel %+v", req.Destinations[0].Channel)
	}
	s3 := req.Destinations[1].S3
	if s3 == nil || s3.StorageConfigurationARN != storageFixture()[0].ARN || !slices.Equal(s3.EncoderConfigurationARNs, []string{encoderFixture()[0].ARN}) ||
		s3.RecordingFormat != "HLS" || s3.HLSTargetSegmentDurationSeconds != 0 || len(s3.Thumbnails) != 1 || s3.Thumbnails[0].TargetIntervalSeconds != 60 {
		t.Fatalf("s3 %+v", s3)
	}
	if req.StageARN != stageFixture()[0].ARN || req.Tags["show"] != "e2e" {
		t.Fatalf("stage %s tags %v", req.StageARN, req.Tags)
	}
	// The grid's fill mode "IVS default" sends none.
	setChoice(t, f, "Layout", panes.LayoutGrid)
	setChoice(t, f, "Video fill mode", panes.FillDefault)
	req, _ = x.Request()
	if req.Layout.Grid == nil || req.Layout.Grid.VideoFillMode != "" || req.Layout.Grid.VideoAspectRatio != "VIDEO" {
		t.Fatalf("grid %+v", req.Layout.Grid)
	}
}

func TestReplicationFormChecks(t *testing.T) {
	a := newTestApp(120, 40)
	st, who := stageFixture()[0], participantFixture(1)[0]
	f := panes.NewReplicationForm(a.ctx, a.top().ID(), st, who, 0)
	a.Update(kit.OpenDialogMsg{Dialog: f})
	dst := fieldNamed(t, f, "Destination stage").(*form.Pick)
	dst.Loaded(a.ctx.FormEnv(), stagePickFixture()[1:], nil)
	setText(t, f, "Reconnect window (seconds)", "61")
	refusedAt(t, a, f, "Reconnect window (seconds)", "0 to 60")
	setText(t, f, "Reconnect window (seconds)", "60")
	setText(t, f, "Attributes", "note="+strings.Repeat("x", service.MaxAttributesBytes))
	refusedAt(t, a, f, "Attributes", "1024")
	setText(t, f, "Attributes", "role=guest")
	if submitForm(t, a, f) == nil {
		t.Fatalf("a valid replication was refused: %q", f.CallErr())
	}
	// At the quota of 5 concurrent replications, refused before any call.
	f = panes.NewReplicationForm(a.ctx, a.top().ID(), st, who, panes.MaxReplications)
	a.Update(kit.OpenDialogMsg{Dialog: f})
	fieldNamed(t, f, "Destination stage").(*form.Pick).Loaded(a.ctx.FormEnv(), stagePickFixture()[1:], nil)
	if submitForm(t, a, f) != nil || !strings.Contains(f.CallErr(), "the most IVS allows") {
		t.Fatalf("a sixth replication was submitted: %q", f.CallErr())
	}
}

func TestStageTokensDialogKeepsTokensSecret(t *testing.T) {
	a := newTestApp(120, 40)
	secret := "eyJhbGciOiJFUzM4NCJ9.eyJqdGkiOiJwMSJ9.c2VjcmV0LXNpZ25hdHVyZS0xMjM0NTY3ODkw"
	toks := []service.ParticipantToken{
		{ParticipantID: "p1", UserID: "guest-1", Token: service.Secret(secret), Capabilities: []string{"PUBLISH"}, Expiration: t0.Add(time.Hour)},
		{ParticipantID: "p2", UserID: "guest-2", Token: service.Secret(secret + "2"), Capabilities: []string{"PUBLISH"}, Expiration: t0.Add(time.Hour)},
	}
	d := panes.NewStageTokensDialog(stageFixture()[0], toks)
	a.Update(kit.OpenDialogMsg{Dialog: d})
	if strings.Contains(screen(a), secret[:20]) {
		t.Fatal("a token shows before v")
	}
	a.Update(keyMsg("v"))
	if !strings.Contains(screen(a), secret[:20]) {
		t.Fatal("v did not reveal the selected token")
	}
	a.Update(keyMsg("down")) // another row: masked again
	if strings.Contains(screen(a), secret[:20]) {
		t.Fatal("moving left a token revealed")
	}
	// esc before anything was kept warns; a second esc closes.
	_, cmd := a.Update(keyMsg("esc"))
	if cmd != nil || !d.Warned || !strings.Contains(screen(a), "cannot be shown again") {
		t.Fatal("the first esc did not warn")
	}
	a.Update(keyMsg("esc"))
	if len(a.dialogs) != 0 {
		t.Fatal("the second esc did not close")
	}
	// Copying keeps them: esc closes at once; w asks for a path.
	d = panes.NewStageTokensDialog(stageFixture()[0], toks)
	a.dialogs = nil
	a.Update(kit.OpenDialogMsg{Dialog: d})
	a.Update(keyMsg("y"))
	if !d.Kept {
		t.Fatal("y did not count as keeping the token")
	}
	_, cmd = a.Update(keyMsg("w"))
	msgs := messagesOf(cmd)
	if len(msgs) != 1 {
		t.Fatalf("w: %v", msgs)
	}
	if _, ok := msgs[0].(kit.OpenDialogMsg); !ok {
		t.Fatalf("w opened %T", msgs[0])
	}
	a.Update(panes.TokenSavedMsg{Path: "/tmp/x.txt"})
	if d.SavedTo != "/tmp/x.txt" || !strings.Contains(screen(a), "Written to /tmp/x.txt") {
		t.Fatal("the saved path is not shown")
	}
}

func TestStageDetailGoesBackAfterDelete(t *testing.T) {
	a := newTestApp(120, 40)
	st := stageFixture()[1]
	p := panes.NewStageDetailPane(a.ctx, st)
	push(a, p)
	deliver(t, a, p, "stage", st, nil)
	openWith(t, a, "ctrl+d")
	if !strings.Contains(screen(a), "Nobody is connected now") {
		t.Fatalf("the confirmation of an idle stage:\n%s", screen(a))
	}
	a.Update(keyMsg("y")) // runs onYes: marks the pane
	if !p.Deleted {
		t.Fatal("yes did not mark the stage as being deleted")
	}
	// A failure stays: its command is the refresh, which fails at once
	// here (a cancelled context) rather than going back. A success goes back.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a.ctx.Base, a.ctx.Client = ctx, service.NewForEndpoint("http://127.0.0.1:1", "us-east-1", budget.Config{Fraction: 1})
	_, cmd := a.Update(kit.ActionDoneMsg{Pane: p.ID(), Err: &service.Error{Kind: service.AccessDenied, Op: "DeleteStage"}})
	for _, m := range messagesOf(cmd) {
		if _, ok := m.(kit.PopPaneMsg); ok {
			t.Fatal("a failed delete went back")
		}
	}
	if p.Deleted {
		t.Fatal("a failed delete still counts as deleting")
	}
	p.Deleted = true
	_, cmd = a.Update(kit.ActionDoneMsg{Pane: p.ID(), What: "deleted stage quiet-room"})
	if !slices.ContainsFunc(messagesOf(cmd), func(m tea.Msg) bool { _, ok := m.(kit.PopPaneMsg); return ok }) {
		t.Fatal("a successful delete did not go back")
	}
}

func TestReadOnlyGuardsStageCompositionAndReplication(t *testing.T) {
	a := New(Config{ReadOnly: true, Now: func() time.Time { return t0 }})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	st := stageFixture()[0]
	stages := withStages(t, a)
	detail := panes.NewStageDetailPane(a.ctx, st)
	sessions := panes.NewSessionsPane(a.ctx, st)
	comps := panes.NewCompositionsPane(a.ctx)
	reps := panes.NewReplicasPane(a.ctx, st, sessionFixture()[1], participantFixture(1)[0])
	readOnlyPanes := []struct {
		p    kit.Pane
		init func()
	}{
		{stages, func() {}},
		{detail, func() { deliver(t, a, detail, "stage", st, nil) }},
		{sessions, func() {}},
		{comps, func() { deliver(t, a, comps, "compositions", compositionFixture(), nil) }},
		{reps, func() { deliver(t, a, reps, "replicas", replicaFixture(), nil) }},
	}
	check := func(why string) {
		t.Helper()
		for _, x := range readOnlyPanes {
			a.stack = []kit.Pane{x.p}
			for _, k := range []string{"c", "e", "ctrl+d"} {
				_, cmd := a.Update(keyMsg(k))
				for _, m := range messagesOf(cmd) {
					if _, ok := m.(kit.OpenDialogMsg); ok {
						t.Fatalf("%s: %s: %s opened a dialog", why, x.p.Kind(), k)
					}
				}
			}
		}
	}
	for _, x := range readOnlyPanes {
		if x.p != stages {
			x.p.Init(a.ctx)
		}
		x.init()
	}
	check("read-only keys")
	// A binding left on is switched off again at the next key, from
	// ReadOnly.
	a.ctx.Keys.SetReadOnly(false)
	check("ReadOnly set")
	for _, f := range []*kit.FormDialog{panes.NewStageForm(a.ctx, stages.ID()), panes.NewCompositionForm(a.ctx, stages.ID(), st.ARN),
		panes.NewReplicationForm(a.ctx, reps.ID(), st, participantFixture(1)[0], 0)} {
		if submitForm(t, a, f) != nil || !strings.Contains(f.CallErr(), "read-only") {
			t.Fatalf("%s submitted in read-only mode: %q", f.Title, f.CallErr())
		}
	}
}
