package localtoken_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/service/localtoken"
)

// setup starts an emulator, creates a stage through the real client, and
// imports a freshly generated public key; it returns a signer for that key
// and the stage as GetStage reports it (with its endpoints).
func setup(t *testing.T) (*emulator.Emulator, *service.Client, *localtoken.Signer, service.Stage, service.PublicKey) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	e, err := emulator.Start(ctx, "127.0.0.1:0", emulator.Options{NoThrottle: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	c := service.NewForEndpoint(e.URL(), "us-east-1", budget.Config{Unlimited: true})

	created, _, err := c.CreateStage(ctx, service.CreateStageRequest{Name: "self-signed"})
	if err != nil {
		t.Fatalf("CreateStage: %v", err)
	}
	priv, pub, err := localtoken.GenerateKeyPair()
	if err != nil {
		t.Fatal(err)
	}
	pk, err := c.ImportPublicKey(ctx, "ivsdash-test", string(pub), nil)
	if err != nil {
		t.Fatalf("ImportPublicKey: %v", err)
	}
	keyPath := filepath.Join(t.TempDir(), "ivs.key")
	if err := os.WriteFile(keyPath, priv, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := localtoken.LoadSigner(keyPath, pk.ARN)
	if err != nil {
		t.Fatalf("LoadSigner with the imported key's ARN %s: %v", pk.ARN, err)
	}
	stage, err := c.GetStage(ctx, created.ARN)
	if err != nil {
		t.Fatalf("GetStage: %v", err)
	}
	return e, c, s, stage, pk
}

func TestSelfSignedTokenJoinsTheEmulator(t *testing.T) {
	e, c, s, stage, _ := setup(t)
	ctx := context.Background()
	before := e.Operations()["CreateParticipantToken"]

	tok, err := s.Mint(stage, service.TokenRequest{
		UserID:       "local-alice",
		Attributes:   map[string]string{"seat": "7"},
		Capabilities: []string{service.CapabilityPublish},
	}, time.Now())
	if err != nil {
		t.Fatalf("Mint: %v", err)
	}
	if got := e.Operations()["CreateParticipantToken"]; got != before {
		t.Fatalf("minting locally called CreateParticipantToken %d times", got-before)
	}
	joined, err := e.Join(tok.Token.Reveal())
	if err != nil {
		t.Fatalf("Join refused a token signed by the imported key: %v", err)
	}
	if joined.ParticipantID != tok.ParticipantID || joined.StageARN != stage.ARN || joined.SessionID == "" {
		t.Fatalf("joined %+v with token for participant %s", joined, tok.ParticipantID)
	}

	parts, err := c.AllParticipants(ctx, stage.ARN, joined.SessionID, service.ParticipantFilter{UserID: "local-alice"})
	if err != nil {
		t.Fatalf("ListParticipants: %v", err)
	}
	if len(parts) != 1 || parts[0].ID != tok.ParticipantID || parts[0].UserID != "local-alice" || !parts[0].Connected() {
		t.Fatalf("participants = %+v", parts)
	}
	detail, err := c.GetParticipant(ctx, stage.ARN, joined.SessionID, tok.ParticipantID)
	if err != nil {
		t.Fatal(err)
	}
	if detail.Attributes["seat"] != "7" {
		t.Errorf("attributes from the token did not reach the participant: %v", detail.Attributes)
	}

	// The capability claim is honoured: publishing works, subscribing
	// (not granted) is refused.
	if err := e.Publish(stage.ARN, tok.ParticipantID); err != nil {
		t.Fatalf("Publish with allow_publish: %v", err)
	}
	viewer, err := s.Mint(stage, service.TokenRequest{UserID: "viewer", Capabilities: []string{service.CapabilitySubscribe}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.Join(viewer.Token.Reveal())
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Publish(stage.ARN, v.ParticipantID); err == nil {
		t.Fatal("a SUBSCRIBE-only self-signed token published")
	}
	events, err := c.AllParticipantEvents(ctx, stage.ARN, v.SessionID, v.ParticipantID)
	if err != nil {
		t.Fatal(err)
	}
	last := events[len(events)-1]
	if last.Name != "PUBLISH_ERROR" || last.ErrorCode != "INSUFFICIENT_CAPABILITIES" {
		t.Errorf("last event of the viewer = %+v, want PUBLISH_ERROR INSUFFICIENT_CAPABILITIES", last)
	}
}

func TestForeignAndDeletedKeysAreRefused(t *testing.T) {
	e, c, s, stage, pk := setup(t)
	ctx := context.Background()

	// A key that was never imported, presenting the imported key's ARN.
	other, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	impostor, err := localtoken.NewSigner(other, pk.ARN)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := impostor.Mint(stage, service.TokenRequest{UserID: "impostor"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if jr, err := e.Join(tok.Token.Reveal()); err == nil {
		t.Fatalf("a token signed by a key that was not imported joined: %+v", jr)
	}

	// A key id that names no imported key.
	ghostARN := pk.ARN[:strings.LastIndex(pk.ARN, "/")+1] + "NoSuchKey0000"
	ghost, err := localtoken.NewSigner(other, ghostARN)
	if err != nil {
		t.Fatal(err)
	}
	tok, err = ghost.Mint(stage, service.TokenRequest{UserID: "ghost"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if jr, err := e.Join(tok.Token.Reveal()); err == nil {
		t.Fatalf("a token naming an unknown key joined: %+v", jr)
	}

	// The genuine key works until it is deleted.
	good, err := s.Mint(stage, service.TokenRequest{UserID: "before-delete"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Join(good.Token.Reveal()); err != nil {
		t.Fatalf("genuine token refused: %v", err)
	}
	if err := c.DeletePublicKey(ctx, pk.ARN); err != nil {
		t.Fatalf("DeletePublicKey: %v", err)
	}
	after, err := s.Mint(stage, service.TokenRequest{UserID: "after-delete"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	jr, err := e.Join(after.Token.Reveal())
	if err == nil {
		t.Fatalf("a token signed with a deleted key joined: %+v", jr)
	}
	if strings.Contains(err.Error(), after.Token.Reveal()) {
		t.Error("the refusal quotes the token")
	}
}

func TestExpiredSelfSignedTokenIsRefused(t *testing.T) {
	e, _, s, stage, _ := setup(t)
	tok, err := s.Mint(stage, service.TokenRequest{DurationMinutes: 1}, time.Now().Add(-2*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if jr, err := e.Join(tok.Token.Reveal()); err == nil {
		t.Fatalf("an expired token joined: %+v", jr)
	}
}
