package model

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"sync"
	"testing"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// faultScene is an account with one of everything a pane can show, built
// through the API and the control endpoints: a stage with a live session
// (alice publishing, bob subscribed and refused a publish, which is an
// error for the timeline and triage), a composition of it, and an ingest,
// an encoder and a storage configuration and a public key.
type faultScene struct {
	stage       service.Stage
	session     service.Session
	alice, bob  service.Participant
	composition service.Composition
	ingest      service.IngestConfiguration
	encoder     service.EncoderConfiguration
	storage     service.StorageConfiguration
	key         service.PublicKey
}

// scenePEM is one P-384 public key for every scene (generating one per
// scene would cost more than the scene).
var scenePEM = sync.OnceValue(func() string {
	k, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		panic(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		panic(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
})

func buildFaultScene(t testing.TB, e *emulator.Emulator) *faultScene {
	t.Helper()
	c := testClient(e)
	ctx := context.Background()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("scene: %s: %v", what, err)
		}
	}
	s := &faultScene{}
	var err error
	s.stage, _, err = c.CreateStage(ctx, service.CreateStageRequest{Name: "fault-stage", Tags: map[string]string{"team": "oncall"}})
	must("CreateStage", err)
	join := func(user string, caps ...string) emulator.JoinResult {
		tok, err := c.CreateParticipantToken(ctx, service.TokenRequest{StageARN: s.stage.ARN, UserID: user, Capabilities: caps})
		must("CreateParticipantToken", err)
		j, err := e.Join(tok.Token.Reveal())
		must("join "+user, err)
		return j
	}
	a := join("alice", service.CapabilityPublish, service.CapabilitySubscribe)
	must("publish", e.Publish(s.stage.ARN, a.ParticipantID))
	b := join("bob", service.CapabilitySubscribe)
	_ = e.Publish(s.stage.ARN, b.ParticipantID) // PUBLISH_ERROR INSUFFICIENT_CAPABILITIES
	must("subscribe", e.Subscribe(s.stage.ARN, b.ParticipantID, a.ParticipantID))
	s.session, err = c.GetStageSession(ctx, s.stage.ARN, a.SessionID)
	must("GetStageSession", err)
	s.alice, err = c.GetParticipant(ctx, s.stage.ARN, a.SessionID, a.ParticipantID)
	must("GetParticipant", err)
	s.bob, err = c.GetParticipant(ctx, s.stage.ARN, a.SessionID, b.ParticipantID)
	must("GetParticipant", err)

	s.composition, err = c.StartComposition(ctx, service.StartCompositionRequest{
		StageARN:     s.stage.ARN,
		Destinations: []service.Destination{{Channel: &service.ChannelDestination{ChannelARN: "arn:aws:ivs:us-east-1:123456789012:channel/FaultChan001"}}},
	})
	must("StartComposition", err)
	s.ingest, err = c.CreateIngestConfiguration(ctx, service.CreateIngestRequest{Name: "fault-ingest", Protocol: "RTMPS", StageARN: s.stage.ARN, UserID: "studio"})
	must("CreateIngestConfiguration", err)
	s.encoder, err = c.CreateEncoderConfiguration(ctx, "fault-encoder", service.Video{Width: 1280, Height: 720, Bitrate: 2_500_000, Framerate: 30}, nil)
	must("CreateEncoderConfiguration", err)
	s.storage, err = c.CreateStorageConfiguration(ctx, "fault-storage", "fault-recordings", nil)
	must("CreateStorageConfiguration", err)
	s.key, err = c.ImportPublicKey(ctx, "fault-key", scenePEM(), nil)
	must("ImportPublicKey", err)
	return s
}
