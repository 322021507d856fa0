package model

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/service"
)

// Golden views of the configuration panes (ingest, encoders, storage,
// public keys), their forms and confirmations, and the tags pane.

const fixturePEM = `-----BEGIN PUBLIC KEY-----
MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE9Y4CWaj8/UK9/FzincFjykrUWvOLdFry
HmSk3uR7ldCkPkmGzrFRGNAtnjSjLMXrmP0kzhS/dSaKd4rk1lvXtpkbJNChcTha
Lk2iZ3+uUCyMxA8aL49VzcZWnsJvk22u
-----END PUBLIC KEY-----
`

const arnPrefix = "arn:aws:ivs:us-east-1:123456789012:"

func ingestFixture() []service.IngestConfiguration {
	st := stageFixture()
	return []service.IngestConfiguration{
		{ARN: arnPrefix + "ingest-configuration/Ingest000001", Name: "studio-obs", Protocol: "RTMPS", State: "ACTIVE", StageARN: st[0].ARN, ParticipantID: "pIngest00001", UserID: "studio", Tags: map[string]string{"site": "paris"}},
		{ARN: arnPrefix + "ingest-configuration/Ingest000002", Name: "legacy-box", Protocol: "RTMP", State: "INACTIVE", StageARN: st[2].ARN, ParticipantID: "pIngest00002", UserID: "encoder-2"},
		{ARN: arnPrefix + "ingest-configuration/Ingest000003", Protocol: "RTMPS", State: "INACTIVE", ParticipantID: "pIngest00003"},
	}
}

func ingestDetailFixture() (service.IngestConfiguration, service.Stage) {
	x := ingestFixture()[0]
	x.StreamKey = service.Secret("sk_us-east-1_abcdEFGH1234ijklMNOP5678qrst")
	x.Attributes = map[string]string{"role": "host"}
	st := stageFixture()[0]
	st.Endpoints = service.StageEndpoints{
		RTMP:  "rtmp://1a2b3c4d5e6f.global-contribute.live-video.net/app/",
		RTMPS: "rtmps://1a2b3c4d5e6f.global-contribute.live-video.net:443/app/",
	}
	return x, st
}

func encoderFixture() []service.EncoderConfiguration {
	return []service.EncoderConfiguration{
		{ARN: arnPrefix + "encoder-configuration/Enc000000001", Name: "hd-2500", Tags: map[string]string{"tier": "hd"}, Video: service.Video{Width: 1280, Height: 720, Bitrate: 2_500_000, Framerate: 30}},
		{ARN: arnPrefix + "encoder-configuration/Enc000000002", Name: "fullhd-6000", Video: service.Video{Width: 1920, Height: 1080, Bitrate: 6_000_000, Framerate: 29.97}},
	}
}

func storageFixture() []service.StorageConfiguration {
	return []service.StorageConfiguration{
		{ARN: arnPrefix + "storage-configuration/Store0000001", Name: "recordings", Bucket: "acme-ivs-recordings", Tags: map[string]string{"env": "prod"}},
		{ARN: arnPrefix + "storage-configuration/Store0000002", Bucket: "acme-ivs-test"},
	}
}

func keyFixture() []service.PublicKey {
	return []service.PublicKey{
		{ARN: arnPrefix + "public-key/Key000000001", Name: "backend-signer", Tags: map[string]string{"owner": "api"},
			Fingerprint: "a9:26:86:6d:de:1e:60:a1:bc:8e:dd:21:96:7d:2a:f6:82:b2:22:0d:82:20:ea:46:bf:f4:97:fb:8f:9c:a9:39", PEM: fixturePEM},
	}
}

// withIngest shows the ingest list with the fixture and the stages named.
func withIngest(t *testing.T, a *App) *panes.IngestPane {
	t.Helper()
	p := panes.NewIngestPane(a.ctx)
	a.stack = []kit.Pane{p}
	p.Init(a.ctx)
	deliver(t, a, p, kit.ListKind, ingestFixture(), nil)
	// The rows' stages, named, unless an earlier pane of this App already
	// named them (the names live in the shared Context).
	if reqsOf(p).InFlight["stage-names"] {
		deliver(t, a, p, "stage-names", stageFixture(), nil)
	}
	return p
}

func TestGoldenIngest(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) { withIngest(t, a) })
}

func TestGoldenIngestDetail(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withIngest(t, a)
		x, st := ingestDetailFixture()
		p := panes.NewIngestDetailPane(a.ctx, x)
		push(a, p)
		deliver(t, a, p, kit.DetailKind, x, nil)
		deliver(t, a, p, "stage", st, nil)
	})
}

func TestGoldenIngestForm(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		p := withIngest(t, a)
		f := panes.NewIngestForm(a.ctx, p.ID(), "")
		a.Update(kit.OpenDialogMsg{Dialog: f})
		a.Update(form.PickLoadedMsg{Field: f.Fields()[3].(*form.Pick), Items: []form.PickItem{
			{Label: "main-broadcast", Detail: "AbCdEfGh1234", Value: stageFixture()[0].ARN},
			{Label: "quiet-room", Detail: "QuietRoom001", Value: stageFixture()[1].ARN},
		}})
		a.Update(keyMsg("tab"))
		a.Update(keyMsg("space")) // RTMP
		a.Update(keyMsg("enter")) // refused before any call: RTMP needs insecure ingest
	})
}

func TestGoldenIngestDeleteForce(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withIngest(t, a)
		_, cmd := a.Update(keyMsg("ctrl+d")) // the first row is ACTIVE
		a.Update(cmd())
	})
}

// withList shows a configuration list pane with items.
func withList[T any](t *testing.T, a *App, p *kit.ResourceList[T], items []T) *kit.ResourceList[T] {
	t.Helper()
	a.stack = []kit.Pane{p}
	p.Init(a.ctx)
	deliver(t, a, p, kit.ListKind, items, nil)
	return p
}

func TestGoldenEncoders(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) { withList(t, a, panes.NewEncodersPane(a.ctx), encoderFixture()) })
}

func TestGoldenEncoderDetail(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a) // stage names of the compositions
		withList(t, a, panes.NewEncodersPane(a.ctx), encoderFixture())
		x := encoderFixture()[0]
		p := panes.NewEncoderPane(a.ctx, x)
		push(a, p)
		deliver(t, a, p, kit.DetailKind, x, nil)
		deliver(t, a, p, "users", compositionFixture()[:1], nil)
	})
}

func TestGoldenEncoderFormPixelLimit(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		p := withList(t, a, panes.NewEncodersPane(a.ctx), encoderFixture())
		f := panes.NewEncoderForm(a.ctx, p.ID())
		a.Update(kit.OpenDialogMsg{Dialog: f})
		f.Fields()[1].(*form.Text).SetValue("1920")
		f.Fields()[2].(*form.Text).SetValue("1200")
		a.Update(keyMsg("enter"))
	})
}

func TestGoldenStorage(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) { withList(t, a, panes.NewStoragePane(a.ctx), storageFixture()) })
}

func TestGoldenStorageDetail(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withList(t, a, panes.NewStoragePane(a.ctx), storageFixture())
		x := storageFixture()[0]
		p := panes.NewStorageDetailPane(a.ctx, x)
		push(a, p)
		deliver(t, a, p, kit.DetailKind, x, nil)
	})
}

func TestGoldenStorageFormBadBucket(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		p := withList(t, a, panes.NewStoragePane(a.ctx), storageFixture())
		f := panes.NewStorageForm(a.ctx, p.ID())
		a.Update(kit.OpenDialogMsg{Dialog: f})
		f.Fields()[1].(*form.Text).SetValue("My_Bucket")
		a.Update(keyMsg("enter"))
	})
}

func TestGoldenKeys(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) { withList(t, a, panes.NewKeysPane(a.ctx), keyFixture()) })
}

func TestGoldenKeyDetail(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withList(t, a, panes.NewKeysPane(a.ctx), keyFixture())
		x := keyFixture()[0]
		p := panes.NewKeyDetailPane(a.ctx, x)
		push(a, p)
		deliver(t, a, p, kit.DetailKind, x, nil)
	})
}

func TestGoldenKeyImportForm(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		p := withList(t, a, panes.NewKeysPane(a.ctx), keyFixture())
		f := panes.NewKeyImportForm(a.ctx, p.ID())
		a.Update(kit.OpenDialogMsg{Dialog: f})
		a.Update(keyMsg("enter")) // no path: refused before reading anything
	})
}

func TestGoldenKeyDeleteConfirm(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withList(t, a, panes.NewKeysPane(a.ctx), keyFixture())
		_, cmd := a.Update(keyMsg("ctrl+d"))
		a.Update(cmd())
	})
}

func TestGoldenTags(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		p := panes.NewTagsPane(a.ctx, stageFixture()[2].ARN, "stage standup")
		push(a, p)
		deliver(t, a, p, "tags", panes.TagList(stageFixture()[2].Tags), nil)
	})
}

func TestGoldenTagForm(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		p := panes.NewTagsPane(a.ctx, stageFixture()[2].ARN, "stage standup")
		push(a, p)
		deliver(t, a, p, "tags", panes.TagList(stageFixture()[2].Tags), nil)
		_, cmd := a.Update(keyMsg("c"))
		a.Update(cmd())
		typeKeys(a, "aws:owner")
		a.Update(keyMsg("enter")) // the reserved prefix is refused before any call
	})
}

// typeKeys types text into whatever has the focus.
func typeKeys(a *App, text string) {
	for _, r := range text {
		a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func TestGoldenIngestAttachForm(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withIngest(t, a)
		a.Update(keyMsg("down")) // legacy-box, INACTIVE on standup
		_, cmd := a.Update(keyMsg("a"))
		a.Update(cmd())
		f := a.dialogs[0].(*kit.FormDialog)
		var items []form.PickItem
		for _, s := range stageFixture() {
			items = append(items, form.PickItem{Label: s.Name, Detail: s.ID, Value: s.ARN})
		}
		a.Update(form.PickLoadedMsg{Field: f.Fields()[0].(*form.Pick), Items: items})
	})
}
