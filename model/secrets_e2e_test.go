package model

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// Secrets and the --log file: a session that mints tokens through the API
// and locally, creates a stage with its initial tokens and an ingest
// configuration, and reveals, copies and writes each of them, logs through
// the real log path (a debug-level text log, the client's SetLogger and
// the dashboard's Logger, as main wires them). Every token and stream key the
// API returned (seen by a recording proxy between the client and the
// emulator) and every token minted locally must be absent from the log, and
// the log and the token files must be the owner's only (0600).

// secretTap is a reverse proxy to the emulator that keeps every token and
// stream key in the answers it relays.
type secretTap struct {
	mu      sync.Mutex
	secrets map[string]string // value -> where it came from
}

func (s *secretTap) collect(v any, where string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if str, ok := x.(string); ok && (k == "token" || k == "streamKey") && str != "" {
				s.mu.Lock()
				s.secrets[str] = where + " " + k
				s.mu.Unlock()
			}
			s.collect(x, where)
		}
	case []any:
		for _, x := range v {
			s.collect(x, where)
		}
	}
}

func (s *secretTap) all() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]string, len(s.secrets))
	for k, v := range s.secrets {
		out[k] = v
	}
	return out
}

func newSecretTap(t *testing.T, target string) (*secretTap, string) {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	tap := &secretTap{secrets: map[string]string{}}
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.ModifyResponse = func(r *http.Response) error {
		body, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		var v any
		if json.Unmarshal(body, &v) == nil {
			tap.collect(v, r.Request.URL.Path)
		}
		return nil
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	return tap, srv.URL
}

func TestE2ELogNeverHoldsTokensOrStreamKeys(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true, Seed: 13})
	if _, _, err := testClient(e).CreateStage(context.Background(), service.CreateStageRequest{Name: "secret-stage"}); err != nil {
		t.Fatal(err)
	}
	signer := newSigner(t, e)
	tap, proxyURL := newSecretTap(t, e.URL())
	client := service.NewForEndpoint(proxyURL, "us-east-1", budget.Config{Fraction: 1})

	dir := t.TempDir()
	logPath := filepath.Join(dir, "ivsdash.log")
	// As main's --log opens it: a text log of every level, created 0600.
	closer, err := os.OpenFile(logPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(closer, &slog.HandlerOptions{Level: slog.LevelDebug}))
	client.SetLogger(logger)
	h := startHarness(t, e, harnessOpts{width: 140, height: 45, config: func(c *Config) {
		c.Client, c.Logger, c.Signer = client, logger, signer
	}})
	h.waitFor("secret-stage")

	writeTo := func(path string) {
		t.Helper()
		h.press("w")
		h.waitFor("Write the")
		h.press("ctrl+u")
		h.typeText(path)
		h.press("enter")
		h.waitFor("written to")
	}
	var files []string

	// A token signed locally: revealed, copied, written.
	h.press("t")
	h.waitFor("Mint a participant token", "mint locally")
	h.typeText("local-lucy")
	h.press("enter")
	h.waitFor("Participant", "local-lucy", "locally, signed with")
	h.press("v", "y")
	h.waitFor("copied")
	files = append(files, filepath.Join(dir, "lucy.jwt"))
	writeTo(files[len(files)-1])
	h.press("esc")
	h.waitGone("Mint a participant token")

	// A token minted by CreateParticipantToken.
	h.press("t")
	h.waitFor("Mint a participant token")
	h.typeText("api-andy")
	h.press("tab", "tab", "tab", "tab", "tab", "space")
	h.waitFor("[x] via CreateParticipantToken")
	h.press("enter")
	h.waitFor("by CreateParticipantToken on secret-stage")
	h.press("v", "y")
	h.waitFor("copied")
	files = append(files, filepath.Join(dir, "andy.jwt"))
	writeTo(files[len(files)-1])
	h.press("esc")
	h.waitGone("Mint a participant token")

	// A stage created with two participant tokens, shown once.
	h.press("c")
	h.waitFor("Create a stage")
	h.typeText("secret-town")
	h.press("tab", "tab", "tab") // tags, recording (off), tokens to mint
	h.press("ctrl+u")
	h.typeText("2")
	h.press("enter")
	h.waitFor("its participant tokens", "guest-1", "guest-2")
	h.press("v", "y")
	h.waitFor("copied")
	files = append(files, filepath.Join(dir, "town-tokens.txt"))
	writeTo(files[len(files)-1])
	h.press("esc")
	h.waitGone("its participant tokens")

	// An ingest configuration: its stream key revealed and copied.
	h.jump("ingest")
	h.waitFor("Ingest configurations")
	h.press("c")
	h.waitFor("Create an ingest configuration")
	h.typeText("secret-obs")
	h.press("ctrl+s")
	h.waitFor("created ingest configuration secret-obs")
	h.waitGone("Create an ingest configuration")
	h.press("enter")
	h.waitFor("Ingest configuration secret-obs", "Stream key")
	h.press("v", "y")
	h.waitFor("copied")

	h.press("q")
	<-h.done
	closer.Close()

	secrets := tap.all()
	kinds := map[string]int{}
	for _, where := range secrets {
		kinds[where]++
	}
	if len(kinds) < 3 {
		t.Fatalf("the proxy saw too few secrets to prove anything: %v", kinds)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Fields(string(raw)) {
			if _, known := secrets[line]; !known {
				secrets[line] = "written to " + filepath.Base(f) // the locally signed one
			}
		}
		if fi, _ := os.Stat(f); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v, want 0600", f, fi.Mode().Perm())
		}
	}

	logged, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"op=CreateParticipantToken", "op=CreateStage", "op=CreateIngestConfiguration", "op=GetIngestConfiguration", "action done"} {
		if !bytes.Contains(logged, []byte(want)) {
			t.Errorf("the log lacks %q: it did not record the session\n%s", want, logged)
		}
	}
	for secret, where := range secrets {
		// The whole value, and each part of a JWT but its header (the
		// same for every token minted under one key: {"alg":"KMS","kid":…}).
		parts := []string{secret}
		if segs := strings.Split(secret, "."); len(segs) == 3 {
			parts = append(parts, segs[1], segs[2])
		}
		for _, p := range parts {
			if bytes.Contains(logged, []byte(p)) {
				t.Errorf("the log holds a secret (%s)", where)
			}
		}
	}
	fi, err := os.Stat(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("the log is %v, want 0600", fi.Mode().Perm())
	}
	t.Logf("%d secrets checked (%v and %d written to files) against %d bytes of log", len(secrets), kinds, len(files), len(logged))
}
