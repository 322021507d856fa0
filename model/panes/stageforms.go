package panes

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// The stage's forms: create (CreateStage with tags, auto participant
// recording and initial participant tokens), rename and edit (UpdateStage),
// and delete (DeleteStage) behind a confirmation.

// Limits of AutoParticipantRecordingConfiguration (the SDK's documentation;
// the emulator enforces the same).
const (
	maxThumbnailInterval   = 86400
	defaultThumbInterval   = 60
	maxRecordingReconnect  = 300
	minHLSSegment          = 2
	maxHLSSegment          = 10
	defaultStageHLSSegment = 6

	mediaAudioVideo = "AUDIO_VIDEO"
	mediaAudioOnly  = "AUDIO_ONLY"
	thumbsInterval  = "INTERVAL"
	thumbsDisabled  = "DISABLED"
)

// checkInt checks a whole number in [lo, hi]; blank is allowed when
// blankOK (the API's default applies). what names it in the message.
func checkInt(what string, lo, hi int, blankOK bool) func(string) string {
	return func(v string) string {
		v = strings.TrimSpace(v)
		if v == "" {
			if blankOK {
				return ""
			}
			return what + " is required"
		}
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			return fmt.Sprintf("%s is a whole number (%s to %s)", what, ui.Count(lo), ui.Count(hi))
		case n < lo || n > hi:
			return fmt.Sprintf("%s is %s to %s; %s is out of range", what, ui.Count(lo), ui.Count(hi), ui.Count(n))
		}
		return ""
	}
}

// intOf reads a field already checked by checkInt; blank is def.
func intOf(v string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return def
	}
	return n
}

// storagePicks lists the account's storage configurations as pick options.
func storagePicks(client *service.Client) func(ctx context.Context) ([]form.PickItem, error) {
	return func(ctx context.Context) ([]form.PickItem, error) {
		all, err := client.AllStorageConfigurations(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]form.PickItem, len(all))
		for i, s := range all {
			out[i] = form.PickItem{Label: kit.DisplayName(s.Name) + "  s3://" + s.Bucket, Detail: kit.ResourceID(s.ARN), Value: s.ARN}
		}
		return out, nil
	}
}

// recordingFields edit a stage's individual participant recording: on or
// off, and when on the storage configuration, media, thumbnails, the
// reconnect window and the HLS segment duration.
type recordingFields struct {
	On        *form.Toggle
	Storage   *form.Pick
	Media     *form.Choice
	Thumbs    *form.Toggle
	Interval  *form.Text
	Reconnect *form.Text
	Segment   *form.Text
}

// NewRecordingFields starts from cur (a stage's configuration; zero for a
// new stage).
func NewRecordingFields(c *kit.Context, cur service.AutoRecording) *recordingFields {
	media := 0
	if slices.Contains(cur.MediaTypes, mediaAudioOnly) {
		media = 1
	}
	interval := cur.ThumbnailIntervalSeconds
	if interval == 0 {
		interval = defaultThumbInterval
	}
	segment := cur.HLSTargetSegmentDurationSeconds
	if segment == 0 {
		segment = defaultStageHLSSegment
	}
	r := &recordingFields{
		On: form.NewToggle("record each participant (auto participant recording)", cur.Enabled(),
			"Every publishing participant is recorded to S3 on its own. Off sends an empty storage ARN.", nil),
		Storage: form.NewPick("Storage configuration", "storage configurations", "", cur.StorageConfigurationARN,
			"The S3 bucket the recordings go to (create one on :storage).", storagePicks(c.Client)),
		Media: form.NewChoice("Media", []string{mediaAudioVideo, mediaAudioOnly}, media, ""),
		Thumbs: form.NewToggle("thumbnails", cur.ThumbnailRecordingMode == thumbsInterval,
			"JPEG thumbnails of each participant's video, at the interval below.", nil),
		Interval: form.NewText("Thumbnail interval (seconds)", strconv.Itoa(defaultThumbInterval), strconv.Itoa(interval),
			"1 to 86,400 seconds.", 6, checkInt("the thumbnail interval", 1, maxThumbnailInterval, false)),
		Reconnect: form.NewText("Reconnect window (seconds)", "0", strconv.Itoa(cur.RecordingReconnectWindowSeconds),
			"0 to 300: a participant who reconnects within it continues the same recording.", 4,
			checkInt("the reconnect window", 0, maxRecordingReconnect, true)),
		Segment: form.NewText("HLS segment duration (seconds)", strconv.Itoa(defaultStageHLSSegment), strconv.Itoa(segment),
			"2 to 10 seconds.", 3, checkInt("the HLS segment duration", minHLSSegment, maxHLSSegment, true)),
	}
	form.ShowWhen(func() bool { return r.On.On }, r.Storage, r.Media, r.Thumbs, r.Reconnect, r.Segment)
	form.ShowWhen(func() bool { return r.On.On && r.Thumbs.On }, r.Interval)
	return r
}

func (r *recordingFields) fields() []form.Field {
	return []form.Field{r.On, r.Storage, r.Media, r.Thumbs, r.Interval, r.Reconnect, r.Segment}
}

// Config is the configuration the fields describe; off is an empty
// storage ARN, which is what turns recording off in UpdateStage.
func (r *recordingFields) Config() service.AutoRecording {
	if !r.On.On {
		return service.AutoRecording{}
	}
	a := service.AutoRecording{
		StorageConfigurationARN:         r.Storage.Value(),
		MediaTypes:                      []string{r.Media.Value()},
		ThumbnailRecordingMode:          thumbsDisabled,
		RecordingReconnectWindowSeconds: intOf(r.Reconnect.Value(), 0),
		HLSTargetSegmentDurationSeconds: intOf(r.Segment.Value(), defaultStageHLSSegment),
		// The pinned SDK sends this only when true, IVS's default: the
		// form cannot turn it off, so it says what IVS will do.
		RecordParticipantReplicas: true,
	}
	if r.Thumbs.On {
		a.ThumbnailRecordingMode = thumbsInterval
		a.ThumbnailIntervalSeconds = intOf(r.Interval.Value(), defaultThumbInterval)
	}
	return a
}

// SameRecording compares what the form edits of two configurations.
func SameRecording(a, b service.AutoRecording) bool {
	if !a.Enabled() || !b.Enabled() {
		return a.Enabled() == b.Enabled()
	}
	thumbs := func(x service.AutoRecording) string {
		if x.ThumbnailRecordingMode != thumbsInterval {
			return thumbsDisabled
		}
		return fmt.Sprint(x.ThumbnailIntervalSeconds)
	}
	seg := func(x service.AutoRecording) int {
		if x.HLSTargetSegmentDurationSeconds == 0 {
			return defaultStageHLSSegment
		}
		return x.HLSTargetSegmentDurationSeconds
	}
	media := func(x service.AutoRecording) string {
		if len(x.MediaTypes) == 0 {
			return mediaAudioVideo
		}
		return strings.Join(x.MediaTypes, ",")
	}
	return a.StorageConfigurationARN == b.StorageConfigurationARN && media(a) == media(b) && thumbs(a) == thumbs(b) &&
		a.RecordingReconnectWindowSeconds == b.RecordingReconnectWindowSeconds && seg(a) == seg(b)
}

// recordingText is "to <storage ARN> · AUDIO_VIDEO · thumbnails every 60 s
// · reconnect window 0 s · HLS 6 s", or "off".
func recordingText(a service.AutoRecording) string {
	if !a.Enabled() {
		return "off"
	}
	parts := []string{"to " + a.StorageConfigurationARN}
	if len(a.MediaTypes) > 0 {
		parts = append(parts, strings.Join(a.MediaTypes, ", "))
	}
	if a.ThumbnailRecordingMode == thumbsInterval {
		parts = append(parts, fmt.Sprintf("thumbnails every %d s", a.ThumbnailIntervalSeconds))
	} else {
		parts = append(parts, "no thumbnails")
	}
	parts = append(parts, fmt.Sprintf("reconnect window %d s", a.RecordingReconnectWindowSeconds))
	if a.HLSTargetSegmentDurationSeconds > 0 {
		parts = append(parts, fmt.Sprintf("HLS %d s", a.HLSTargetSegmentDurationSeconds))
	}
	return strings.Join(parts, " · ")
}

// tokenFields are the initial participant tokens of CreateStage: how many
// (0-12), and the user id prefix, capabilities and duration they share.
type tokenFields struct {
	Count     *form.Text
	Prefix    *form.Text
	Publish   *form.Toggle
	subscribe *form.Toggle
	Duration  *form.Text
}

func NewTokenFields() *tokenFields {
	t := &tokenFields{
		Count: form.NewText("Participant tokens to mint now", "0", "0",
			fmt.Sprintf("0 to %d. CreateStage returns them once: the next screen shows them, to copy or write to a file.", service.MaxTokenConfigurations),
			3, checkInt("the number of tokens", 0, service.MaxTokenConfigurations, true)),
		Prefix: form.NewText("User id prefix", "guest-", "guest-",
			"Token n gets the user id <prefix><n>: guest-1, guest-2… (empty: no user id).", service.MaxUserIDLength, nil),
		Publish:   form.NewToggle("publish", true, "", nil),
		subscribe: form.NewToggle("subscribe", true, "", nil),
		Duration: form.NewText("Duration (minutes)", strconv.Itoa(service.DefaultTokenDurationMinutes), strconv.Itoa(service.DefaultTokenDurationMinutes),
			fmt.Sprintf("%d to %s minutes (%d days).", service.MinTokenDurationMinutes, ui.Count(service.MaxTokenDurationMinutes), service.MaxTokenDurationMinutes/(24*60)), 6, checkInt("the duration", service.MinTokenDurationMinutes, service.MaxTokenDurationMinutes, false)),
	}
	t.Prefix.Check = func(v string) string {
		n := intOf(t.Count.Value(), 0)
		if v == "" || n == 0 {
			return ""
		}
		return kit.CheckUserID(v + strconv.Itoa(n))
	}
	t.subscribe.Check = func(on bool) string {
		if !on && !t.Publish.On {
			return "choose publish, subscribe or both: a token with neither can do nothing"
		}
		return ""
	}
	form.ShowWhen(func() bool { return intOf(t.Count.Value(), 0) > 0 }, t.Prefix, t.Publish, t.subscribe, t.Duration)
	return t
}

func (t *tokenFields) fields() []form.Field {
	return []form.Field{t.Count, t.Prefix, t.Publish, t.subscribe, t.Duration}
}

// Requests are the token configurations the fields describe.
func (t *tokenFields) Requests() []service.TokenRequest {
	n := intOf(t.Count.Value(), 0)
	if n <= 0 {
		return nil
	}
	var caps []string
	if t.Publish.On {
		caps = append(caps, service.CapabilityPublish)
	}
	if t.subscribe.On {
		caps = append(caps, service.CapabilitySubscribe)
	}
	d := intOf(t.Duration.Value(), service.DefaultTokenDurationMinutes)
	prefix := t.Prefix.Value()
	out := make([]service.TokenRequest, n)
	for i := range out {
		out[i] = service.TokenRequest{Capabilities: caps, DurationMinutes: d}
		if prefix != "" {
			out[i].UserID = prefix + strconv.Itoa(i+1)
		}
	}
	return out
}

func stageWhat(name string) string { return "stage " + kit.DisplayName(name) }

// NewStageForm creates a stage. With tokens, the form's close opens the
// tokens' one-time view.
func NewStageForm(c *kit.Context, pane kit.PaneID) *kit.FormDialog {
	name := form.NewText("Name", "optional: letters, digits, - and _", "", "", kit.MaxNameLength, kit.CheckName)
	tags := kit.NewTagsField()
	rec := NewRecordingFields(c, service.AutoRecording{})
	toks := NewTokenFields()
	fields := append([]form.Field{name, tags}, rec.fields()...)
	fields = append(fields, toks.fields()...)
	f := kit.NewForm("Create a stage", "Create", "Creating…", pane, fields...)
	f.Note = fmt.Sprintf("CreateStage (%g calls/s, shared with your backend; %s stages per region).", ivs.TPS("CreateStage"), ui.Count(ivs.MaxStages))
	client := c.Client
	var created service.Stage
	var minted []service.ParticipantToken
	f.Prepare = func() form.Call {
		t, _ := kit.ParseTags(tags.Value())
		req := service.CreateStageRequest{Name: name.Value(), Tags: t, Tokens: toks.Requests()}
		if rec.On.On {
			a := rec.Config()
			req.AutoRecording = &a
		}
		return func(ctx context.Context) (string, error) {
			st, tokens, err := client.CreateStage(ctx, req)
			if err != nil {
				return "", err
			}
			created, minted = st, tokens
			what := "created " + stageWhat(st.Name) + " (" + st.ID + ")"
			if len(tokens) > 0 {
				what += fmt.Sprintf(" with %d participant tokens", len(tokens))
			}
			return what, nil
		}
	}
	f.After = func(c *kit.Context) tea.Cmd {
		c.RememberStage(created)
		if len(minted) == 0 {
			return nil
		}
		return kit.Send(kit.OpenDialogMsg{Dialog: NewStageTokensDialog(created, minted)})
	}
	return f
}

// RenameStageDialog renames a stage (UpdateStage with the name alone).
func RenameStageDialog(c *kit.Context, pane kit.PaneID, st service.Stage) tea.Cmd {
	name := form.NewText("Name", "letters, digits, - and _ (empty: no name)", st.Name, "", kit.MaxNameLength, kit.CheckName)
	f := kit.NewForm("Rename "+stageWhat(st.Name), "Rename", "Renaming…", pane, name)
	f.Note = "UpdateStage with the name only. The auto-recording configuration is on the stage's detail (d, then e)."
	client, arn, old := c.Client, st.ARN, st.Name
	f.Prepare = func() form.Call {
		n := name.Value()
		if n == old {
			name.SetErr("that is the stage's name already")
			return nil
		}
		return func(ctx context.Context) (string, error) {
			x, err := client.UpdateStage(ctx, service.UpdateStageRequest{ARN: arn, Name: &n})
			if err != nil {
				return "", err
			}
			return "renamed " + stageWhat(old) + " to " + kit.DisplayName(x.Name), nil
		}
	}
	f.After = func(c *kit.Context) tea.Cmd {
		c.RememberStage(service.Stage{ARN: arn, Name: name.Value()})
		return nil
	}
	return kit.Send(kit.OpenDialogMsg{Dialog: f})
}

// EditStageDialog edits a stage's name and auto participant recording
// (the stage as GetStage returned it). Only what changed is sent.
func EditStageDialog(c *kit.Context, pane kit.PaneID, st service.Stage) tea.Cmd {
	name := form.NewText("Name", "letters, digits, - and _ (empty: no name)", st.Name, "", kit.MaxNameLength, kit.CheckName)
	rec := NewRecordingFields(c, st.AutoRecording)
	f := kit.NewForm("Edit "+stageWhat(st.Name), "Save", "Saving…", pane, append([]form.Field{name}, rec.fields()...)...)
	f.Note = "UpdateStage. IVS refuses to change the recording configuration while participants are being recorded."
	client, arn, what := c.Client, st.ARN, stageWhat(st.Name)
	f.Prepare = func() form.Call {
		req := service.UpdateStageRequest{ARN: arn}
		var did []string
		if n := name.Value(); n != st.Name {
			req.Name = &n
			did = append(did, "renamed it to "+kit.DisplayName(n))
		}
		if a := rec.Config(); !SameRecording(a, st.AutoRecording) {
			req.AutoRecording = &a
			if a.Enabled() {
				did = append(did, "recording to storage configuration "+kit.ResourceID(a.StorageConfigurationARN)+" ("+strings.Join(a.MediaTypes, ", ")+")")
			} else {
				did = append(did, "turned auto participant recording off")
			}
		}
		if len(did) == 0 {
			f.SetCallErr("nothing changed: edit the name or the recording, or esc")
			return nil
		}
		return func(ctx context.Context) (string, error) {
			_, err := client.UpdateStage(ctx, req)
			if err != nil {
				return "", kit.Explain(err, service.Conflict, "participants of "+what+" are being recorded now: IVS cannot change its recording configuration while recording is active; nothing was changed. Try again once nobody is recorded")
			}
			return "updated " + what + ": " + strings.Join(did, "; "), nil
		}
	}
	f.After = func(c *kit.Context) tea.Cmd {
		c.RememberStage(service.Stage{ARN: arn, Name: name.Value()})
		return nil
	}
	return kit.Send(kit.OpenDialogMsg{Dialog: f})
}

// deleteStageDialog asks before deleting a stage. connected is how many
// participants are connected (-1: unknown, more: "or more").
func deleteStageDialog(c *kit.Context, pane kit.PaneID, st service.Stage, connected int, more bool, onDeleted func()) tea.Cmd {
	what := stageWhat(st.Name)
	q := fmt.Sprintf("Delete %s (%s)?", kit.QuoteUntrusted(kit.DisplayName(st.Name)), st.ID)
	var who string
	switch {
	case st.ActiveSessionID == "":
		who = "Nobody is connected now (no live session)."
	case connected >= 0:
		n := ui.Count(connected)
		if more {
			n += " or more"
		}
		who = fmt.Sprintf("Its live session has %s connected participants: every one of them is disconnected at once.", n)
	default:
		who = "Its session is live: everyone connected is disconnected at once."
	}
	detail := who + " Its running compositions stop, ingest configurations attached to it are detached, and its participant tokens stop working. This cannot be undone."
	client, arn := c.Client, st.ARN
	return kit.Send(kit.OpenDialogMsg{Dialog: kit.NewConfirm("Delete stage", q, detail, false, func(string) tea.Cmd {
		if onDeleted != nil {
			onDeleted()
		}
		return kit.Action(c, pane, "deleted "+what, func(ctx context.Context) error {
			return client.DeleteStage(ctx, arn)
		})
	})})
}
