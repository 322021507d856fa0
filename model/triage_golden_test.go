package model

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/localtoken"
)

// Golden views of the session timeline and the triage view, fed through
// the watcher as its calls' results would be.

// watchFixture makes the watcher read main-broadcast (alice publishing,
// bob with a subscribe-only token, carol gone, a viewer hitting the stage's
// quota) and the standup, where one developer's publish failed.
func watchFixture(t *testing.T, a *App) {
	t.Helper()
	st := stageFixture()
	main, standup := st[0], st[2]
	a.ctx.Watch.Want([]watch.Target{{Stage: main, Session: main.ActiveSessionID}, {Stage: standup, Session: standup.ActiveSessionID}}, t0.Add(-time.Hour))
	km, ks := watch.Key{StageARN: main.ARN, SessionID: main.ActiveSessionID}, watch.Key{StageARN: standup.ARN, SessionID: standup.ActiveSessionID}
	ps := participantFixture(5)
	ps[3].UserID = "viewer-ß-17\x1b[31m" // hostile user id: sanitised on screen
	a.Update(watchListed(km, t0, ps...))
	a.Update(watchListed(ks, t0, part("pDev0000001", "dev-ana", true), part("pDev0000002", "dev-ben", false)))
	read := func(k watch.Key, pid string, evs ...service.Event) {
		a.Update(watchRead(k, pid, t0, evs...))
	}
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	read(km, "pAlice000001", ev("JOINED", "pAlice000001", "", at(-40)), ev("PUBLISH_STARTED", "pAlice000001", "", at(-40)))
	read(km, "pBob00000002",
		ev("JOINED", "pBob00000002", "", at(-12)),
		ev("PUBLISH_ERROR", "pBob00000002", "INSUFFICIENT_CAPABILITIES", at(-11)),
		service.Event{Name: "SUBSCRIBE_STARTED", ParticipantID: "pBob00000002", RemoteParticipantID: "pAlice000001", Time: at(-11)},
		service.Event{Name: "SUBSCRIBE_ERROR", ParticipantID: "pBob00000002", RemoteParticipantID: "pCarol000003", ErrorCode: "PUBLISHER_NOT_FOUND", Time: at(-3)},
	)
	read(km, "pCarol000003", ev("JOINED", "pCarol000003", "", at(-20)), ev("PUBLISH_STARTED", "pCarol000003", "", at(-20)), ev("LEFT", "pCarol000003", "", at(-5)))
	read(km, "pViewer00003", ev("JOINED", "pViewer00003", "", at(-2)),
		service.Event{Name: "SUBSCRIBE_ERROR", ParticipantID: "pViewer00003", RemoteParticipantID: "pAlice000001", ErrorCode: "QUOTA_EXCEEDED", Time: at(-2)},
		service.Event{Name: "SUBSCRIBE_ERROR", ParticipantID: "pViewer00003", RemoteParticipantID: "pAlice000001", ErrorCode: "QUOTA_EXCEEDED", Time: at(-1)})
	read(ks, "pDev0000001", ev("JOINED", "pDev0000001", "", at(-8)), ev("PUBLISH_ERROR", "pDev0000001", "QUOTA_EXCEEDED", at(-7)))
	// pViewer00004 and dev-ben are not read yet: the views say so.
}

func TestGoldenSessionTimeline(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		watchFixture(t, a)
		st := stageFixture()[0]
		push(a, panes.NewTimelinePane(a.ctx, st, service.Session{ID: st.ActiveSessionID, Start: t0.Add(-42 * time.Minute)}))
	})
}

func TestGoldenSessionTimelineErrorsOnly(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		watchFixture(t, a)
		st := stageFixture()[0]
		push(a, panes.NewTimelinePane(a.ctx, st, service.Session{ID: st.ActiveSessionID}))
		a.Update(keyMsg("x"))
	})
}

func TestGoldenTriage(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		watchFixture(t, a)
		_, cmd := a.Update(keyMsg("!"))
		for _, m := range messagesOf(cmd) {
			a.Update(m)
		}
		a.Update(keyMsg("down"))
		a.Update(keyMsg("down"))
	})
}

func TestGoldenTriageEmpty(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		push(a, panes.NewTriagePane(a.ctx))
	})
}

func TestGoldenExportDialog(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withStages(t, a)
		watchFixture(t, a)
		st := stageFixture()[0]
		push(a, panes.NewTimelinePane(a.ctx, st, service.Session{ID: st.ActiveSessionID}))
		_, cmd := a.Update(keyMsg("e"))
		for _, m := range messagesOf(cmd) {
			a.Update(m)
		}
		a.Update(keyMsg("down"))
	})
}

func goldenSigner(t *testing.T) *localtoken.Signer {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := localtoken.NewSigner(key, "arn:aws:ivs:us-east-1:123456789012:public-key/Key000000001")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestGoldenTokenFormLocal(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		a.ctx.Signer = goldenSigner(t)
		withStages(t, a)
		a.Update(kit.OpenDialogMsg{Dialog: panes.NewTokenForm(a.ctx, stageFixture()[0])})
		for range 5 {
			a.Update(keyMsg("tab")) // to the method choice
		}
	})
}

func TestGoldenTokenMintedLocally(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		a.ctx.Signer = goldenSigner(t)
		withStages(t, a)
		a.Update(kit.OpenDialogMsg{Dialog: panes.NewTokenForm(a.ctx, stageFixture()[0])})
		a.Update(kit.OpenDialogMsg{Dialog: panes.NewTokenResultDialog(stageFixture()[0], service.ParticipantToken{
			ParticipantID: "pSelf0000001", UserID: "ops-sam", Token: service.Secret("eyJhbGciOiJFUzM4NCIsImtpZCI6ImFybiJ9.eyJleHAiOjE3OTU2Nzc1MTl9.c2lnbmF0dXJl"),
			Capabilities: []string{"PUBLISH", "SUBSCRIBE"}, DurationMinutes: 720, Expiration: t0.Add(12 * time.Hour),
		}, "locally, signed with arn:aws:ivs:us-east-1:123456789012:public-key/Key000000001 (no API call, no quota)")})
	})
}
