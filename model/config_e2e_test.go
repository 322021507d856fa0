package model

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// End-to-end tests of the configuration panes and tags: the real program
// against the emulator, driven by keys, with the emulator's state checked
// after each operation.

// configEmulator stops compositions quickly, so a 409 can be lifted.
func configEmulator(t *testing.T) *emulator.Emulator {
	return newEmulator(t, emulator.Options{NoThrottle: true, CompositionStopDelay: 10 * time.Millisecond, CompositionRetention: 10 * time.Millisecond})
}

// calls is how many calls of an operation the emulator has served.
func calls(e *emulator.Emulator, op string) int { return e.Operations()[op] }

func mustStage(t *testing.T, c *service.Client, name string) service.Stage {
	t.Helper()
	st, _, err := c.CreateStage(context.Background(), service.CreateStageRequest{Name: name})
	if err != nil {
		t.Fatalf("CreateStage %s: %v", name, err)
	}
	return st
}

// waitGone waits until the screen no longer shows text (a dialog closed:
// dialogs close through a command, so keys sent at once may still reach them).
func (h *harness) waitGone(text string) {
	h.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if !strings.Contains(h.term.screen(), text) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	h.t.Fatalf("the screen still shows %q:\n%s", text, h.term.screen())
}

// jump opens a resource pane with `:`.
func (h *harness) jump(target string) {
	h.press(":")
	h.typeText(target)
	h.press("enter")
}

func TestE2EEncoderCreateInUseAndDelete(t *testing.T) {
	e := configEmulator(t)
	c := testClient(e)
	ctx := context.Background()
	h := startHarness(t, e, harnessOpts{start: "encoders"})
	h.waitFor("no encoder configurations")

	h.press("c")
	h.waitFor("Create an encoder configuration", "1280", "720", "2500000")
	h.typeText("e2e-hd")
	h.press("tab", "ctrl+u")
	h.typeText("1920")
	h.press("tab", "ctrl+u")
	h.typeText("1200")
	h.press("enter")
	h.waitFor("2,304,000 pixels")
	if n := calls(e, "CreateEncoderConfiguration"); n != 0 {
		t.Fatalf("the form called CreateEncoderConfiguration %d times with an invalid size", n)
	}
	h.press("ctrl+u")
	h.typeText("1080")
	h.press("enter")
	h.waitFor("created encoder configuration e2e-hd")
	h.waitGone("Create an encoder configuration")
	encs, err := c.AllEncoderConfigurations(ctx)
	if err != nil || len(encs) != 1 {
		t.Fatalf("encoder configurations after create: %v %v", encs, err)
	}
	got, err := c.GetEncoderConfiguration(ctx, encs[0].ARN)
	if err != nil {
		t.Fatal(err)
	}
	if want := (service.Video{Width: 1920, Height: 1080, Bitrate: 2_500_000, Framerate: 30}); got.Name != "e2e-hd" || got.Video != want {
		t.Fatalf("created %q %+v, want e2e-hd %+v", got.Name, got.Video, want)
	}

	// A running composition uses it: the delete is refused, in words.
	st := mustStage(t, c, "e2e-enc-stage")
	comp, err := c.StartComposition(ctx, service.StartCompositionRequest{StageARN: st.ARN, Destinations: []service.Destination{{
		Channel: &service.ChannelDestination{ChannelARN: "arn:aws:ivs:us-east-1:123456789012:channel/e2eChannel01", EncoderConfigurationARN: got.ARN},
	}}})
	if err != nil {
		t.Fatalf("StartComposition: %v", err)
	}
	h.waitFor("1 encoder configuration") // the list, not the flash
	h.press("enter")                     // the detail names the composition that uses it
	h.waitFor("Encoder configuration e2e-hd", "1920x1080", kit.ResourceID(comp.ARN))
	h.press("ctrl+d")
	h.waitFor("Delete encoder configuration")
	h.press("y")
	h.waitFor("in use: a running composition uses encoder configuration e2e-hd")
	if _, err := c.GetEncoderConfiguration(ctx, got.ARN); err != nil {
		t.Fatalf("the encoder configuration is gone after a refused delete: %v", err)
	}

	if err := c.StopComposition(ctx, comp.ARN); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the composition to stop", func() bool {
		xs, err := c.AllCompositions(ctx, service.CompositionFilter{EncoderConfigurationARN: got.ARN})
		return err == nil && (len(xs) == 0 || xs[0].State == "STOPPED")
	})
	h.press("ctrl+d")
	h.waitFor("Delete encoder configuration")
	h.press("y")
	waitUntil(t, "GetEncoderConfiguration to answer 404", func() bool {
		_, err := c.GetEncoderConfiguration(ctx, got.ARN)
		return service.IsNotFound(err)
	})
	// The success flash may wait behind the refusal's error flash; the
	// detail says it at once.
	h.waitFor("State", "deleted")
}

func TestE2EStorageCreateInUseAndDelete(t *testing.T) {
	e := configEmulator(t)
	c := testClient(e)
	ctx := context.Background()
	h := startHarness(t, e, harnessOpts{start: "storage"})
	h.waitFor("no storage configurations")

	h.press("c")
	h.waitFor("Create a storage configuration")
	h.typeText("e2e-rec")
	h.press("tab")
	h.typeText("Bad_Bucket")
	h.press("enter")
	h.waitFor("lowercase letters, digits, dots and hyphens")
	if n := calls(e, "CreateStorageConfiguration"); n != 0 {
		t.Fatalf("the form called CreateStorageConfiguration %d times with a bad bucket name", n)
	}
	h.press("ctrl+u")
	h.typeText("e2e-recordings")
	h.press("enter")
	h.waitFor("created storage configuration e2e-rec")
	h.waitGone("Create a storage configuration")
	all, err := c.AllStorageConfigurations(ctx)
	if err != nil || len(all) != 1 || all[0].Bucket != "e2e-recordings" || all[0].Name != "e2e-rec" {
		t.Fatalf("storage configurations after create: %+v %v", all, err)
	}
	arn := all[0].ARN

	// A stage records to it: the delete is refused, in words.
	st, _, err := c.CreateStage(ctx, service.CreateStageRequest{Name: "e2e-rec-stage", AutoRecording: &service.AutoRecording{StorageConfigurationARN: arn}})
	if err != nil {
		t.Fatalf("CreateStage with recording: %v", err)
	}
	h.waitFor("1 storage configuration")
	h.press("ctrl+d")
	h.waitFor("Delete storage configuration", "e2e-recordings")
	h.press("y")
	h.waitFor("in use: a running composition or a stage's auto-recording uses storage configuration e2e-rec")
	if _, err := c.GetStorageConfiguration(ctx, arn); err != nil {
		t.Fatalf("gone after a refused delete: %v", err)
	}

	if err := c.DeleteStage(ctx, st.ARN); err != nil {
		t.Fatal(err)
	}
	// From the detail this time (GetStorageConfiguration).
	h.press("enter")
	h.waitFor("Storage configuration e2e-rec", "S3 bucket", "e2e-recordings")
	h.press("ctrl+d")
	h.waitFor("Delete storage configuration")
	h.press("y")
	waitUntil(t, "GetStorageConfiguration to answer 404", func() bool {
		_, err := c.GetStorageConfiguration(ctx, arn)
		return service.IsNotFound(err)
	})
	h.waitFor("State", "deleted")
	h.press("esc")
	h.waitFor("no storage configurations")
}

// writeKeyPair writes a P-384 key pair as PEM files and returns their paths.
func writeKeyPair(t *testing.T, dir, name string) (public, private string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	public, private = filepath.Join(dir, name+".pub.pem"), filepath.Join(dir, name+".pem")
	if err := os.WriteFile(public, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(private, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: priv}), 0o600); err != nil {
		t.Fatal(err)
	}
	return public, private
}

func TestE2EPublicKeyImportQuotaAndDelete(t *testing.T) {
	e := configEmulator(t)
	c := testClient(e)
	ctx := context.Background()
	// A short directory: every character typed is a key press and a frame.
	dir, err := os.MkdirTemp("", "ivk")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	// Two keys exist already: the dashboard imports the third, the
	// fourth meets the quota of 3.
	for _, n := range []string{"one", "two"} {
		pub, _ := writeKeyPair(t, dir, n)
		raw, _ := os.ReadFile(pub)
		if _, err := c.ImportPublicKey(ctx, n, string(raw), nil); err != nil {
			t.Fatal(err)
		}
	}
	third, thirdPrivate := writeKeyPair(t, dir, "three")
	fourth, _ := writeKeyPair(t, dir, "four")
	before := calls(e, "ImportPublicKey")

	h := startHarness(t, e, harnessOpts{start: "keys"})
	h.waitFor("2 of at most 3 public keys")
	h.press("c")
	h.waitFor("Import a public key")
	h.typeText("e2e-signer")
	h.press("tab")
	h.typeText(thirdPrivate)
	h.press("enter")
	h.waitFor("this is a private key")
	h.press("ctrl+u")
	h.typeText(filepath.Join(dir, "missing.pem"))
	h.press("enter")
	h.waitFor("cannot read")
	if n := calls(e, "ImportPublicKey") - before; n != 0 {
		t.Fatalf("ImportPublicKey was called %d times before the file held a public key", n)
	}
	h.press("ctrl+u")
	h.typeText(third)
	h.press("enter")
	h.waitFor("imported public key e2e-signer")
	h.waitGone("Import a public key")
	keys, err := c.AllPublicKeys(ctx)
	if err != nil || len(keys) != 3 {
		t.Fatalf("public keys after import: %+v %v", keys, err)
	}
	var imported service.PublicKey
	for _, k := range keys {
		if k.Name == "e2e-signer" {
			imported, _ = c.GetPublicKey(ctx, k.ARN)
		}
	}
	raw, _ := os.ReadFile(third)
	if strings.TrimSpace(imported.PEM) != strings.TrimSpace(string(raw)) {
		t.Fatalf("the imported key is not the file's: %+v", imported)
	}
	h.waitFor("3 of at most 3 public keys")

	h.press("c")
	h.waitFor("Import a public key")
	h.press("tab")
	h.typeText(fourth)
	h.press("enter")
	h.waitFor("IVS allows at most 3 public keys per region")
	h.press("esc")
	h.waitGone("Import a public key")

	// The imported key is the last row; its detail shows the fingerprint.
	h.press("end", "enter")
	h.waitFor("Public key e2e-signer", "Fingerprint", imported.Fingerprint[:20], "BEGIN PUBLIC KEY")
	h.press("ctrl+d")
	h.waitFor("Delete public key", "tokens signed with its private key stop working")
	h.press("y")
	waitUntil(t, "ListPublicKeys without e2e-signer", func() bool {
		keys, err := c.AllPublicKeys(ctx)
		return err == nil && len(keys) == 2
	})
	h.waitFor("deleted public key e2e-signer")
}

func TestE2EIngestCreateRevealAttachForceDelete(t *testing.T) {
	e := configEmulator(t)
	c := testClient(e)
	ctx := context.Background()
	a := mustStage(t, c, "e2e-alpha")
	b := mustStage(t, c, "e2e-bravo")
	h := startHarness(t, e, harnessOpts{start: "ingest"})
	h.waitFor("no ingest configurations")

	h.press("c")
	h.waitFor("Create an ingest configuration")
	h.typeText("e2e-obs")
	h.press("tab", "space") // RTMP
	h.press("enter")
	h.waitFor("RTMP needs insecure ingest")
	if n := calls(e, "CreateIngestConfiguration"); n != 0 {
		t.Fatalf("CreateIngestConfiguration called %d times for RTMP without insecure ingest", n)
	}
	h.press("space")       // the focus is on the refused checkbox: turn it on
	h.press("tab")         // the stage list
	h.waitFor("e2e-bravo") // loaded
	h.typeText("alpha")
	h.waitFor("filter: alpha")
	h.press("tab")
	h.typeText("obs-1")
	h.press("tab")
	h.typeText("room=studio")
	h.press("ctrl+s")
	h.waitFor("created ingest configuration e2e-obs (RTMP, stage e2e-alpha)")
	h.waitGone("Create an ingest configuration")
	list, err := c.AllIngestConfigurations(ctx, service.IngestFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("ingest configurations after create: %+v %v", list, err)
	}
	x, err := c.GetIngestConfiguration(ctx, list[0].ARN)
	if err != nil {
		t.Fatal(err)
	}
	if x.Protocol != "RTMP" || x.StageARN != a.ARN || x.UserID != "obs-1" || x.Attributes["room"] != "studio" {
		t.Fatalf("created %+v", x)
	}
	key := x.StreamKey.Reveal()

	// The detail masks the key until v, and shows the encoder's URL.
	h.waitFor("1 ingest configuration ·")
	h.press("enter")
	screen := h.waitFor("Ingest configuration e2e-obs", "Stream key", "Server", "rtmp://", "ffmpeg")
	if strings.Contains(screen, key) {
		t.Fatal("the stream key is on screen before v")
	}
	h.press("v")
	h.waitFor(key)
	h.press("v")

	// Attach to the other stage.
	h.press("a")
	h.waitFor("Attach ingest configuration e2e-obs to a stage", "e2e-bravo")
	h.typeText("bravo")
	h.waitFor("filter: bravo")
	h.press("enter")
	h.waitFor("attached ingest configuration e2e-obs to stage e2e-bravo")
	h.waitGone("Attach ingest configuration")
	if x, _ := c.GetIngestConfiguration(ctx, x.ARN); x.StageARN != b.ARN {
		t.Fatalf("after attach the stage is %s, want %s", x.StageARN, b.ARN)
	}

	// An encoder publishes: ACTIVE cannot be updated, and delete needs force.
	joined, err := e.IngestPublish(key, "RTMP")
	if err != nil {
		t.Fatalf("IngestPublish: %v", err)
	}
	h.press("esc")
	h.press("f") // ACTIVE only
	h.waitFor("filter: ACTIVE only", "▲ ACTIVE")
	h.press("a")
	h.waitFor("is ACTIVE (an encoder is publishing through it)")
	h.press("ctrl+d")
	h.waitFor("Force-delete ingest configuration", "disconnects the publisher")
	h.press("y")
	waitUntil(t, "GetIngestConfiguration to answer 404", func() bool {
		_, err := c.GetIngestConfiguration(ctx, x.ARN)
		return service.IsNotFound(err)
	})
	p, err := c.GetParticipant(ctx, b.ARN, joined.SessionID, joined.ParticipantID)
	if err != nil || p.State != service.StateDisconnected {
		t.Fatalf("the publisher after a forced delete: %+v %v", p, err)
	}
	h.waitFor("0 ingest configurations")
}

func TestE2EIngestFilterByStage(t *testing.T) {
	e := configEmulator(t)
	c := testClient(e)
	ctx := context.Background()
	a := mustStage(t, c, "e2e-alpha")
	mustStage(t, c, "e2e-bravo")
	for _, r := range []service.CreateIngestRequest{
		{Name: "on-alpha", Protocol: "RTMPS", StageARN: a.ARN},
		{Name: "nowhere", Protocol: "RTMPS"},
	} {
		if _, err := c.CreateIngestConfiguration(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	h := startHarness(t, e, harnessOpts{start: "ingest"})
	h.waitFor("on-alpha", "nowhere", "e2e-alpha")
	h.press("f")
	h.waitFor("filter: ACTIVE only", "no ingest configurations")
	h.press("f")
	h.waitFor("filter: INACTIVE only", "on-alpha", "nowhere")
	h.press("f") // the stage of the selection: on-alpha's
	screen := h.waitFor("filter: stage e2e-alpha", "1 ingest configuration ·")
	if strings.Contains(screen, "nowhere") {
		t.Fatalf("the stage filter still lists an ingest configuration of no stage:\n%s", screen)
	}
	h.press("f")
	h.waitFor("filter: all", "nowhere")

	// An INACTIVE one is deleted without force.
	h.press("end", "ctrl+d")
	h.waitFor("Delete ingest configuration", "nowhere", "stream key stops working")
	h.press("y")
	waitUntil(t, "only on-alpha left", func() bool {
		list, err := c.AllIngestConfigurations(ctx, service.IngestFilter{})
		return err == nil && len(list) == 1 && list[0].Name == "on-alpha"
	})
	h.waitFor("1 ingest configuration ·")
}

// TestE2ETagsOnEveryResource adds and removes a tag through T on a
// resource of every taggable kind, checking ListTagsForResource each time.
func TestE2ETagsOnEveryResource(t *testing.T) {
	e := configEmulator(t)
	c := testClient(e)
	ctx := context.Background()
	st := mustStage(t, c, "e2e-tagged")
	enc, err := c.CreateEncoderConfiguration(ctx, "e2e-enc", service.Video{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sto, err := c.CreateStorageConfiguration(ctx, "e2e-sto", "e2e-bucket", nil)
	if err != nil {
		t.Fatal(err)
	}
	ing, err := c.CreateIngestConfiguration(ctx, service.CreateIngestRequest{Name: "e2e-ing", Protocol: "RTMPS"})
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := writeKeyPair(t, t.TempDir(), "k")
	raw, _ := os.ReadFile(pub)
	key, err := c.ImportPublicKey(ctx, "e2e-key", string(raw), nil)
	if err != nil {
		t.Fatal(err)
	}
	comp, err := c.StartComposition(ctx, service.StartCompositionRequest{StageARN: st.ARN, Destinations: []service.Destination{{
		S3: &service.S3Destination{StorageConfigurationARN: sto.ARN, EncoderConfigurationARNs: []string{enc.ARN}},
	}}})
	if err != nil {
		t.Fatal(err)
	}

	h := startHarness(t, e, harnessOpts{})
	for _, r := range []struct{ jump, shows, arn, what string }{
		{"stages", "e2e-tagged", st.ARN, "stage e2e-tagged"},
		{"compositions", kit.ResourceID(comp.ARN), comp.ARN, "composition " + kit.ResourceID(comp.ARN)},
		{"ingest", "e2e-ing", ing.ARN, "ingest configuration e2e-ing"},
		{"encoders", "e2e-enc", enc.ARN, "encoder configuration e2e-enc"},
		{"storage", "e2e-sto", sto.ARN, "storage configuration e2e-sto"},
		{"keys", "e2e-key", key.ARN, "public key e2e-key"},
	} {
		t.Run(r.jump, func(t *testing.T) {
			h.t = t
			if r.jump != "stages" {
				// Stages is the first pane already: a jump there would
				// show the old list while the new one loads, and T could
				// land on the empty new one.
				h.jump(r.jump)
			}
			h.waitFor(r.shows)
			h.press("T")
			h.waitFor("Tags of "+r.what, "no tags")
			h.press("c")
			h.waitFor("Add a tag to " + r.what)
			h.typeText("owner")
			h.press("tab")
			h.typeText("team-" + r.jump)
			h.press("enter")
			h.waitGone("Add a tag to")
			waitUntil(t, "the tag in ListTagsForResource", func() bool {
				tags, err := c.ListTags(ctx, r.arn)
				return err == nil && tags["owner"] == "team-"+r.jump
			})
			h.waitFor("1 of at most 50 tags") // the list, not the flash, has it
			h.press("ctrl+d")
			h.waitFor("Remove tag")
			h.press("y")
			h.waitGone("Remove tag")
			waitUntil(t, "the tag removed", func() bool {
				tags, err := c.ListTags(ctx, r.arn)
				return err == nil && len(tags) == 0
			})
			h.waitFor("no tags")
		})
	}
}

// TestE2ETagEditAndLimits edits a stage's tag value and checks that the
// reserved prefix never reaches the API.
func TestE2ETagEditAndLimits(t *testing.T) {
	e := configEmulator(t)
	c := testClient(e)
	ctx := context.Background()
	st, _, err := c.CreateStage(ctx, service.CreateStageRequest{Name: "e2e-tags", Tags: map[string]string{"team": "video"}})
	if err != nil {
		t.Fatal(err)
	}
	h := startHarness(t, e, harnessOpts{})
	h.waitFor("e2e-tags")
	h.press("d") // stage detail: T works there too
	h.waitFor("Stage e2e-tags")
	h.press("T")
	h.waitFor("Tags of stage e2e-tags", "team", "video")

	h.press("c")
	h.waitFor("Add a tag to stage e2e-tags")
	h.typeText("aws:cost")
	h.press("enter")
	h.waitFor("reserved for AWS")
	if n := calls(e, "TagResource"); n != 0 {
		t.Fatalf("TagResource called %d times for a reserved key", n)
	}
	h.press("esc")
	h.waitGone("Add a tag to")

	h.press("e")
	h.waitFor("Change tag team of stage e2e-tags")
	h.press("ctrl+u")
	h.typeText("audio")
	h.press("enter")
	waitUntil(t, "team=audio", func() bool {
		tags, err := c.ListTags(ctx, st.ARN)
		return err == nil && tags["team"] == "audio" && len(tags) == 1
	})
	h.waitFor("audio")
}
