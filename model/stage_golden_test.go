package model

import (
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/service"
)

// Golden views of the stage forms (create, rename, edit, delete), the
// one-time view of a new stage's tokens, the StartComposition form with
// each layout, and the replication pane, form and confirmation.

// loadPicks delivers options to every pick field of the top form that
// lists what ("stages", "storage configurations"...).
func loadPicks(t *testing.T, a *App, what string, items []form.PickItem) {
	t.Helper()
	f, ok := a.dialogs[len(a.dialogs)-1].(*kit.FormDialog)
	if !ok {
		t.Fatalf("the top dialog is a %T, not a form", a.dialogs[len(a.dialogs)-1])
	}
	n := 0
	for _, fl := range f.Fields() {
		if p, ok := fl.(*form.Pick); ok && p.What() == what {
			a.Update(form.PickLoadedMsg{Field: p, Items: items})
			n++
		}
	}
	if n == 0 {
		t.Fatalf("the form has no pick list of %s", what)
	}
}

func stagePickFixture() []form.PickItem {
	var out []form.PickItem
	for _, s := range stageFixture() {
		out = append(out, form.PickItem{Label: s.Name, Detail: s.ID, Value: s.ARN})
	}
	return out
}

func storagePickFixture() []form.PickItem {
	var out []form.PickItem
	for _, s := range storageFixture() {
		out = append(out, form.PickItem{Label: kit.DisplayName(s.Name) + "  s3://" + s.Bucket, Detail: kit.ResourceID(s.ARN), Value: s.ARN})
	}
	return out
}

func encoderPickFixture() []form.PickItem {
	var out []form.PickItem
	for _, e := range encoderFixture() {
		out = append(out, form.PickItem{Label: e.Name, Detail: kit.ResourceID(e.ARN), Value: e.ARN})
	}
	return out
}

// open runs the command of a key that opens a dialog.
func openWith(t *testing.T, a *App, k string) {
	t.Helper()
	_, cmd := a.Update(keyMsg(k))
	if cmd == nil {
		t.Fatalf("%s opened nothing", k)
	}
	for _, m := range messagesOf(cmd) {
		a.Update(m)
	}
	if len(a.dialogs) == 0 {
		t.Fatalf("%s opened no dialog", k)
	}
}

// press sends keys to the app.
func pressKeys(a *App, keys ...string) {
	for _, k := range keys {
		a.Update(keyMsg(k))
	}
}

func TestGoldenStageCreateForm(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		openWith(t, a, "c")
		loadPicks(t, a, "storage configurations", storagePickFixture())
		typeKeys(a, "town-hall")
		pressKeys(a, "tab")
		typeKeys(a, "team=video")
		pressKeys(a, "tab", "space") // recording on: its fields appear
		pressKeys(a, "tab", "down")  // the second storage configuration
		pressKeys(a, "tab", "space") // AUDIO_ONLY
		pressKeys(a, "tab", "tab", "ctrl+u")
		typeKeys(a, "301") // the reconnect window is 0-300
		pressKeys(a, "tab", "tab", "ctrl+u")
		typeKeys(a, "3") // three tokens: their fields appear
		pressKeys(a, "enter")
	})
}

func TestGoldenStageTokens(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		st := service.Stage{ARN: arnPrefix + "stage/TownHall0001", ID: "TownHall0001", Name: "town-hall"}
		var toks []service.ParticipantToken
		for i, u := range []string{"guest-1", "guest-2", "guest-3"} {
			toks = append(toks, service.ParticipantToken{
				ParticipantID: "pGuest00000" + string(rune('1'+i)), UserID: u,
				Token:        service.Secret("eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ.eyJleHAiOjE3NjQxMTI0MDAsImp0aSI6InBHdWVzdDAwMDAwMSJ9.c2lnbmF0dXJlLW9mLXRva2VuLW51bWJlci0" + string(rune('1'+i))),
				Capabilities: []string{"PUBLISH", "SUBSCRIBE"}, DurationMinutes: 720, Expiration: t0.Add(12 * time.Hour),
			})
		}
		a.Update(kit.OpenDialogMsg{Dialog: panes.NewStageTokensDialog(st, toks)})
		pressKeys(a, "down", "v") // guest-2's token, revealed
	})
}

func TestGoldenStageTokensCloseWarning(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		st := service.Stage{ARN: arnPrefix + "stage/TownHall0001", ID: "TownHall0001", Name: "town-hall"}
		toks := []service.ParticipantToken{{ParticipantID: "pGuest000001", UserID: "guest-1", Token: service.Secret("eyJhbGciOiJLTVMifQ.eyJqdGkiOiJwR3Vlc3QwMDAwMDEifQ.c2lnbmF0dXJl"),
			Capabilities: []string{"SUBSCRIBE"}, DurationMinutes: 60, Expiration: t0.Add(time.Hour)}}
		a.Update(kit.OpenDialogMsg{Dialog: panes.NewStageTokensDialog(st, toks)})
		pressKeys(a, "esc") // nothing copied or written: a warning, not a close
	})
}

func TestGoldenStageRename(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		openWith(t, a, "e")
		typeKeys(a, " 2") // a space is not allowed in a name
		pressKeys(a, "enter")
	})
}

func TestGoldenStageEdit(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		st := stageFixture()[0]
		st.AutoRecording = service.AutoRecording{StorageConfigurationARN: storageFixture()[0].ARN, MediaTypes: []string{"AUDIO_VIDEO"},
			ThumbnailRecordingMode: "INTERVAL", ThumbnailIntervalSeconds: 30, HLSTargetSegmentDurationSeconds: 6, RecordParticipantReplicas: true}
		p := panes.NewStageDetailPane(a.ctx, st)
		push(a, p)
		deliver(t, a, p, "stage", st, nil)
		openWith(t, a, "e")
		loadPicks(t, a, "storage configurations", storagePickFixture())
	})
}

func TestGoldenStageDeleteConfirm(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a) // main-broadcast: 100+ connected
		openWith(t, a, "ctrl+d")
	})
}

func TestGoldenCompositionFormGrid(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		p := panes.NewStageDetailPane(a.ctx, stageFixture()[0])
		push(a, p)
		openWith(t, a, "c") // the stage preselected
		loadPicks(t, a, "stages", stagePickFixture())
		loadPicks(t, a, "encoder configurations", encoderPickFixture())
		loadPicks(t, a, "storage configurations", storagePickFixture())
		pressKeys(a, "tab", "tab")
		typeKeys(a, "featured")
		for range 3 { // featured, order, omit: to the gap
			pressKeys(a, "tab")
		}
		typeKeys(a, "0") // a grid's gap of 0 cannot be sent
		pressKeys(a, "enter")
	})
}

func TestGoldenCompositionFormPiP(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		c := panes.NewCompositionsPane(a.ctx)
		a.stack = []kit.Pane{c}
		c.Init(a.ctx)
		openWith(t, a, "c")
		loadPicks(t, a, "stages", stagePickFixture())
		loadPicks(t, a, "encoder configurations", encoderPickFixture())
		loadPicks(t, a, "storage configurations", storagePickFixture())
		pressKeys(a, "tab", "space") // pip: its fields appear
		f := a.dialogs[0].(*kit.FormDialog)
		x := f.Fields()
		for _, fl := range x {
			if tf, ok := fl.(*form.Text); ok && tf.Label() == "Channel ARN" {
				tf.SetValue("arn:aws:ivs:eu-west-1:123456789012:channel/AbCdEf123456")
			}
		}
		pressKeys(a, "enter") // the channel is in another region than the stage
	})
}

func TestGoldenReplicas(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		st := stageFixture()[0]
		who := participantFixture(1)[0]
		p := panes.NewParticipantPane(a.ctx, st, sessionFixture()[1], who)
		push(a, p)
		_, cmd := a.Update(keyMsg("R"))
		for _, m := range messagesOf(cmd) {
			a.Update(m)
		}
		r := a.top().(*panes.ReplicasPane)
		deliver(t, a, r, "replicas", replicaFixture(), nil)
	})
}

func replicaFixture() []service.Replica {
	st := stageFixture()
	return []service.Replica{
		{ParticipantID: "pAlice000001", SourceStageARN: st[0].ARN, SourceSessionID: "st-A1b2C3d4E5f6G", DestinationStageARN: st[1].ARN, DestinationSessionID: "st-Quiet0000001", State: "ACTIVE"},
		{ParticipantID: "pAlice000001", SourceStageARN: st[0].ARN, SourceSessionID: "st-A1b2C3d4E5f6G", DestinationStageARN: st[2].ARN, DestinationSessionID: "st-Z9y8X7w6V5u4T", State: "STOPPED"},
	}
}

func TestGoldenReplicationForm(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		st := stageFixture()[0]
		pane := panes.NewReplicasPane(a.ctx, st, sessionFixture()[1], participantFixture(1)[0])
		push(a, pane)
		deliver(t, a, pane, "replicas", replicaFixture(), nil)
		openWith(t, a, "c")
		loadPicks(t, a, "other stages", stagePickFixture()[1:])
		pressKeys(a, "tab")
		typeKeys(a, "role=guest")
		pressKeys(a, "tab")
		typeKeys(a, "61") // the reconnect window is 0-60
		pressKeys(a, "enter")
	})
}

func TestGoldenStopReplicationConfirm(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		st := stageFixture()[0]
		pane := panes.NewReplicasPane(a.ctx, st, sessionFixture()[1], participantFixture(1)[0])
		push(a, pane)
		deliver(t, a, pane, "replicas", replicaFixture(), nil)
		openWith(t, a, "ctrl+d")
	})
}

func TestGoldenParticipantWithReplicas(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		st := stageFixture()[0]
		who := participantFixture(1)[0]
		p := panes.NewParticipantPane(a.ctx, st, sessionFixture()[1], who)
		push(a, p)
		who.ReplicationType, who.ReplicationState = "SOURCE", "ACTIVE"
		deliver(t, a, p, "participant", who, nil)
		deliver(t, a, p, "events", panes.EventPage{}, nil)
		deliver(t, a, p, "replicas", replicaFixture(), nil)
	})
}

// TestGoldenCompositionDetailPiP is the detail that opens after a start: a
// PiP layout with every field, a channel and an S3 destination with its
// segment length, thumbnails and recording prefix.
func TestGoldenCompositionDetailPiP(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		x := compositionFixture()[0]
		x.State = "STARTING"
		x.Layout = service.Layout{PiP: &service.PiPLayout{FeaturedParticipantAttribute: "host", ParticipantOrderAttribute: "seat", GridGap: 3,
			OmitStoppedVideo: true, PipBehavior: "DYNAMIC", PipWidth: 320, PipHeight: 180, PipOffset: 10, PipParticipantAttribute: "pip",
			PipPosition: "TOP_LEFT", VideoFillMode: "CONTAIN"}}
		x.Destinations[0].S3.HLSTargetSegmentDurationSeconds = 4
		x.Destinations[0].S3.Thumbnails = []service.CompositionThumbnail{{Storage: []string{"SEQUENTIAL"}, TargetIntervalSeconds: 20}}
		x.Destinations[1].Channel.EncoderConfigurationARN = encoderFixture()[0].ARN
		p := panes.NewCompositionPane(a.ctx, x)
		push(a, p)
		deliver(t, a, p, "composition", x, nil)
		// The configurations, named (the detail lists them once).
		names := map[string]string{}
		for _, e := range encoderFixture() {
			names[e.ARN] = e.Name
		}
		for _, s := range storageFixture() {
			names[s.ARN] = s.Name
		}
		deliver(t, a, p, "config-names", names, nil)
	})
}

// The composition detail lists the configurations' names once, and not at
// all when the names are known already.
func TestCompositionDetailNamesConfigurationsOnce(t *testing.T) {
	a := newTestApp(160, 48)
	x := compositionFixture()[0]
	p := panes.NewCompositionPane(a.ctx, x)
	push(a, p)
	deliver(t, a, p, "composition", x, nil)
	first := reqsOf(p).Latest["config-names"]
	if first == 0 {
		t.Fatal("the configurations' names were not asked for")
	}
	deliver(t, a, p, "config-names", map[string]string{x.Destinations[0].S3.StorageConfigurationARN: "recordings"}, nil)
	p.Refresh(a.ctx)
	deliver(t, a, p, "composition", x, nil)
	if reqsOf(p).Latest["config-names"] != first {
		t.Fatal("the names were asked for again on a refresh")
	}
	if !strings.Contains(screen(a), "recordings  arn:") {
		t.Fatalf("the storage configuration is not named:\n%s", screen(a))
	}

	// Another detail pane: the names known in the Context are enough.
	for _, arn := range panes.ConfigARNs(x) {
		a.ctx.RememberConfig(arn, "known")
	}
	q := panes.NewCompositionPane(a.ctx, x)
	push(a, q)
	deliver(t, a, q, "composition", x, nil)
	if reqsOf(q).Latest["config-names"] != 0 {
		t.Fatal("names were listed though all were known")
	}
}
