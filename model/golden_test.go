package model

import (
	"errors"
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/service"
)

// Golden views of every pane at 80x24 and 160x48, ASCII colour profile.
// Regenerate with: go test ./model -run Golden -update

type goldenSize struct{ w, h int }

var goldenSizes = []goldenSize{{80, 24}, {160, 48}}

func sizeName(w, h int) string { return fmt.Sprintf("%dx%d", w, h) }

func requireGolden(t *testing.T, out string) {
	t.Helper()
	golden.RequireEqual(t, out)
}

func forSizes(t *testing.T, build func(t *testing.T, a *App)) {
	forSizesIn(t, goldenSizes, build)
}

// forSizesIn is forSizes at other sizes.
func forSizesIn(t *testing.T, sizes []goldenSize, build func(t *testing.T, a *App)) {
	for _, sz := range sizes {
		t.Run(sizeName(sz.w, sz.h), func(t *testing.T) {
			a := newTestApp(sz.w, sz.h)
			build(t, a)
			out := screen(a)
			checkFits(t, out, sz.w, sz.h)
			requireGolden(t, out)
		})
	}
}

// checkFits fails when the screen is larger than the terminal.
func checkFits(t *testing.T, out string, w, h int) {
	t.Helper()
	lines := splitLines(out)
	if len(lines) > h {
		t.Errorf("%d lines on a %d-line terminal", len(lines), h)
	}
	for i, l := range lines {
		if n := displayWidth(l); n > w {
			t.Errorf("line %d is %d cells wide on a %d-cell terminal: %q", i, n, w, l)
		}
	}
}

// withStages loads the stages pane with the fixture and main-broadcast's
// live figures.
func withStages(t *testing.T, a *App) *panes.StagesPane {
	t.Helper()
	p := a.top().(*panes.StagesPane)
	a.Init()
	deliver(t, a, p, "stages", service.Page[service.Stage]{Items: stageFixture()}, nil)
	deliver(t, a, p, "live", panes.LiveInfo{SessionID: "st-A1b2C3d4E5f6G", Start: t0.Add(-42 * time.Minute), Connected: 100, ConnMore: true, Publishing: 3}, nil)
	return p
}

func push(a *App, p kit.Pane) {
	a.stack = append(a.stack, p)
	p.Init(a.ctx)
}

func withParticipants(t *testing.T, a *App, n int) *panes.ParticipantsPane {
	t.Helper()
	st := stageFixture()[0]
	push(a, panes.NewSessionsPane(a.ctx, st))
	pp := panes.NewParticipantsPane(a.ctx, st, sessionFixture()[1])
	push(a, pp)
	deliver(t, a, pp, "scan", panes.PagedFrom{Page: service.Page[service.Participant]{Items: participantFixture(n)}}, nil)
	return pp
}

func TestGoldenStages(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) { withStages(t, a) })
}

func TestGoldenStagesLoadError(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		p := a.top()
		a.Init()
		err := &service.Error{Kind: service.Network, Op: "ListStages", Err: errors.New("dial tcp 127.0.0.1:4566: connect: connection refused")}
		deliver(t, a, p, "stages", service.Page[service.Stage]{}, error(err))
	})
}

func TestGoldenStagesStale(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		p := withStages(t, a)
		p.Refresh(a.ctx)
		err := &service.Error{Kind: service.Throttled, Op: "ListStages", Code: "ThrottlingException", Message: "Rate exceeded", Status: 429}
		deliver(t, a, p, "stages", service.Page[service.Stage]{}, error(err))
	})
}

func TestGoldenSessions(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		sp := panes.NewSessionsPane(a.ctx, stageFixture()[0])
		push(a, sp)
		deliver(t, a, sp, "sessions", service.Page[service.Session]{Items: sessionFixture()}, nil)
	})
}

func TestGoldenParticipants(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) { withParticipants(t, a, 60) })
}

func TestGoldenParticipantTimeline(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		st, sess := stageFixture()[0], sessionFixture()[1]
		bob := participantFixture(3)[1]
		bob.Protocol, bob.BrowserName, bob.BrowserVersion, bob.OSName, bob.OSVersion = "WHIP", "Firefox", "131.0", "macOS", "15.1"
		bob.ISPName, bob.SDKVersion, bob.Attributes = "Comcast", "1.21.0", map[string]string{"role": "viewer"}
		p := panes.NewParticipantPane(a.ctx, st, sess, bob)
		push(a, p)
		deliver(t, a, p, "participant", bob, nil)
		deliver(t, a, p, "events", panes.EventPage{Page: service.Page[service.Event]{Items: eventFixture()}}, nil)
	})
}

func TestGoldenCompositions(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a) // stage names for the STAGE column
		a.stack = []kit.Pane{panes.NewCompositionsPane(a.ctx)}
		p := a.top()
		p.Init(a.ctx)
		deliver(t, a, p, "compositions", compositionFixture(), nil)
	})
}

func TestGoldenCompositionDetail(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		x := compositionFixture()[0]
		p := panes.NewCompositionPane(a.ctx, x)
		push(a, p)
		deliver(t, a, p, "composition", x, nil)
	})
}

func TestGoldenStageDetail(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		st := stageFixture()[0]
		st.Endpoints = service.StageEndpoints{
			Events: "wss://global.events.live-video.net",
			WHIP:   "https://1a2b3c4d5e6f.global-bm.whip.live-video.net",
			RTMP:   "rtmp://1a2b3c4d5e6f.global-contribute.live-video.net/app/",
			RTMPS:  "rtmps://1a2b3c4d5e6f.global-contribute.live-video.net:443/app/",
		}
		st.AutoRecording = service.AutoRecording{StorageConfigurationARN: "arn:aws:ivs:us-east-1:123456789012:storage-configuration/Store0000001", MediaTypes: []string{"AUDIO_VIDEO"}}
		p := panes.NewStageDetailPane(a.ctx, st)
		push(a, p)
		deliver(t, a, p, "stage", st, nil)
	})
}

func TestGoldenTokenFormErrors(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		a.Update(kit.OpenDialogMsg{Dialog: panes.NewTokenForm(a.ctx, stageFixture()[0])})
		f := a.dialogs[0].(*kit.FormDialog)
		setText(t, f, tokenDurationLabel, "99999")
		setText(t, f, "Attributes", "role=host\nnot an attribute")
		a.Update(keyMsg("enter")) // submit: validation fails before any call
	})
}

func TestGoldenTokenMinted(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		a.Update(kit.OpenDialogMsg{Dialog: panes.NewTokenForm(a.ctx, stageFixture()[0])})
		a.Update(kit.OpenDialogMsg{Dialog: panes.NewTokenResultDialog(stageFixture()[0], service.ParticipantToken{
			ParticipantID: "pNew00000001", UserID: "ops-bob", Token: service.Secret("eyJhbGciOiJFUzM4NCJ9.eyJleHAiOjE3OTU2Nzc1MTl9.c2lnbmF0dXJlLXNlY3JldC1wYXJ0"),
			Capabilities: []string{"PUBLISH", "SUBSCRIBE"}, DurationMinutes: 720, Expiration: t0.Add(12 * time.Hour),
		}, "")})
	})
}

func TestGoldenDisconnectConfirm(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withParticipants(t, a, 10)
		a.Update(keyMsg("down"))
		_, cmd := a.Update(keyMsg("ctrl+d"))
		a.Update(cmd()) // the openDialogMsg
	})
}

func TestGoldenHelp(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withParticipants(t, a, 10)
		a.Update(keyMsg("?"))
	})
}

func TestGoldenJumpPrompt(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		a.Update(keyMsg(":"))
		for _, r := range "comp" {
			a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	})
}

func TestGoldenTooSmall(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{20, 5}, {39, 24}, {80, 9}} {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			a := newTestApp(sz.w, sz.h)
			withStages(t, a)
			out := screen(a)
			checkFits(t, out, sz.w, sz.h)
			golden.RequireEqual(t, out)
		})
	}
}
