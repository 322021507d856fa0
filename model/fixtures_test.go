package model

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
)

// Unit and golden tests run the model without a service client: results are
// delivered as the messages the commands would produce, at a fixed time.

var t0 = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	time.Local = time.UTC // times render in local time: fix it for goldens
	os.Exit(m.Run())
}

// newTestApp is the dashboard at a fixed size and time, with no client.
func newTestApp(w, h int) *App {
	a := New(Config{Interval: 5 * time.Second, Mode: "demo · us-east-1", Endpoint: "http://127.0.0.1:4566", Now: func() time.Time { return t0 }})
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return a
}

// deliver hands a pane the result of its latest request of a kind.
func deliver[T any](t testing.TB, a *App, p kit.Pane, kind string, val T, err error) tea.Cmd {
	t.Helper()
	req := reqsOf(p).Latest[kind]
	if req == 0 {
		t.Fatalf("%s pane has no %q request to answer", p.Kind(), kind)
	}
	_, cmd := a.Update(kit.PaneMsg{To: p.ID(), Msg: kit.Fetched[T]{Kind: kind, Req: req, Val: val, Err: err, At: t0}})
	return cmd
}

func reqsOf(p kit.Pane) *kit.Requests {
	type withReqs interface{ Requests() *kit.Requests }
	return p.(withReqs).Requests()
}

// screen renders the app as plain text (the ASCII colour profile).
func screen(a *App) string { return ansi.Strip(a.View().Content) }

func stageFixture() []service.Stage {
	return []service.Stage{
		{ARN: "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGh1234", ID: "AbCdEfGh1234", Name: "main-broadcast", ActiveSessionID: "st-A1b2C3d4E5f6G", Tags: map[string]string{"env": "prod"}},
		{ARN: "arn:aws:ivs:us-east-1:123456789012:stage/QuietRoom001", ID: "QuietRoom001", Name: "quiet-room"},
		{ARN: "arn:aws:ivs:us-east-1:123456789012:stage/Standup00001", ID: "Standup00001", Name: "standup", ActiveSessionID: "st-Z9y8X7w6V5u4T", Tags: map[string]string{"team": "video", "env": "dev"}},
	}
}

func sessionFixture() []service.Session {
	return []service.Session{
		{ID: "st-OldOldOld0001", Start: t0.Add(-26 * time.Hour), End: t0.Add(-25 * time.Hour)},
		{ID: "st-A1b2C3d4E5f6G", Start: t0.Add(-42 * time.Minute)},
		{ID: "st-OldOldOld0002", Start: t0.Add(-3 * time.Hour), End: t0.Add(-2*time.Hour - 10*time.Minute)},
	}
}

func participantFixture(n int) []service.Participant {
	out := []service.Participant{
		{ID: "pAlice000001", UserID: "alice", State: service.StateConnected, Published: true, RecordingState: "ACTIVE", FirstJoin: t0.Add(-40 * time.Minute)},
		{ID: "pBob00000002", UserID: "bob", State: service.StateConnected, RecordingState: "DISABLED", FirstJoin: t0.Add(-30 * time.Minute)},
		{ID: "pCarol000003", UserID: "carol", State: service.StateDisconnected, Published: true, RecordingState: "STOPPED", FirstJoin: t0.Add(-20 * time.Minute)},
	}
	for i := len(out); i < n; i++ {
		out = append(out, service.Participant{
			ID: fmt.Sprintf("pViewer%05d", i), UserID: fmt.Sprintf("viewer-%05d", i),
			State: service.StateConnected, RecordingState: "DISABLED", FirstJoin: t0.Add(-time.Duration(n-i) * time.Second),
		})
	}
	return out
}

func eventFixture() []service.Event {
	return []service.Event{
		{Name: "JOINED", ParticipantID: "pBob00000002", Time: t0.Add(-30 * time.Minute)},
		{Name: "PUBLISH_ERROR", ParticipantID: "pBob00000002", ErrorCode: "INSUFFICIENT_CAPABILITIES", Time: t0.Add(-29 * time.Minute)},
		{Name: "SUBSCRIBE_STARTED", ParticipantID: "pBob00000002", RemoteParticipantID: "pAlice000001", Time: t0.Add(-29 * time.Minute)},
		{Name: "SUBSCRIBE_ERROR", ParticipantID: "pBob00000002", RemoteParticipantID: "pCarol000003", ErrorCode: "PUBLISHER_NOT_FOUND", Time: t0.Add(-10 * time.Minute)},
	}
}

func compositionFixture() []service.Composition {
	return []service.Composition{
		{
			ARN: "arn:aws:ivs:us-east-1:123456789012:composition/Comp00000001", StageARN: stageFixture()[0].ARN, State: "ACTIVE",
			Start:  t0.Add(-35 * time.Minute),
			Layout: service.Layout{Grid: &service.GridLayout{FeaturedParticipantAttribute: "featured", GridGap: 2, VideoAspectRatio: "VIDEO"}},
			Destinations: []service.Destination{
				{ID: "dest00000001", State: "ACTIVE", Start: t0.Add(-35 * time.Minute), S3: &service.S3Destination{StorageConfigurationARN: "arn:aws:ivs:us-east-1:123456789012:storage-configuration/Store0000001", EncoderConfigurationARNs: []string{"arn:aws:ivs:us-east-1:123456789012:encoder-configuration/Enc000000001"}, RecordingFormat: "HLS"}, RecordingPrefix: "AbCdEfGh1234/st-A1b2C3d4E5f6G/composite"},
				{ID: "dest00000002", State: "RECONNECTING", Start: t0.Add(-35 * time.Minute), Channel: &service.ChannelDestination{ChannelARN: "arn:aws:ivs:us-east-1:123456789012:channel/Chan00000001"}},
			},
		},
		{ARN: "arn:aws:ivs:us-east-1:123456789012:composition/Comp00000002", StageARN: stageFixture()[2].ARN, State: "STOPPED", Start: t0.Add(-3 * time.Hour), End: t0.Add(-2 * time.Hour)},
	}
}

func splitLines(s string) []string { return strings.Split(s, "\n") }

func displayWidth(s string) int { return ansi.StringWidth(s) }

// goldenNow is the fixed clock of the golden views built directly.
var goldenNow = time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)
