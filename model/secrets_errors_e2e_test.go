package model

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// An AWS error whose text holds a stream key and a token (a server echoing
// what it was sent) is shown and logged with both masked: on the pane that
// failed to load, in the status bar after a refused delete, and in the
// --log file (the client's call records and the dashboard's actions).
func TestE2ESecretsInAWSErrorTextAreMasked(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true, Seed: 21})
	ctx := context.Background()
	direct := testClient(e)
	st, _, err := direct.CreateStage(ctx, service.CreateStageRequest{Name: "echo-stage"})
	if err != nil {
		t.Fatal(err)
	}
	ing, err := direct.CreateIngestConfiguration(ctx, service.CreateIngestRequest{Name: "echo-obs", Protocol: "RTMPS", StageARN: st.ARN})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := direct.CreateParticipantToken(ctx, service.TokenRequest{StageARN: st.ARN, UserID: "echo"})
	if err != nil {
		t.Fatal(err)
	}
	key, jwt := ing.StreamKey.Reveal(), tok.Token.Reveal()
	if key == "" || jwt == "" {
		t.Fatal("the emulator returned no stream key or token")
	}

	// A proxy to the emulator that refuses two operations, echoing both
	// secrets in AWS's error shape.
	target, err := url.Parse(e.URL())
	if err != nil {
		t.Fatal(err)
	}
	var failList atomic.Bool
	failList.Store(true)
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code, status := "", 0
		switch {
		case r.URL.Path == "/ListIngestConfigurations" && failList.Load():
			code, status = "ValidationException", http.StatusBadRequest
		case r.URL.Path == "/DeleteIngestConfiguration":
			code, status = "ConflictException", http.StatusConflict
		default:
			proxy.ServeHTTP(w, r)
			return
		}
		text := "stream key " + key + " of token " + jwt + " refused"
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("x-amzn-ErrorType", code)
		w.Header().Set("x-amzn-RequestId", "echo-request")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"message": text, "exceptionMessage": text})
	}))
	t.Cleanup(srv.Close)
	client := service.NewForEndpoint(srv.URL, "us-east-1", budget.Config{Fraction: 1})

	logPath := filepath.Join(t.TempDir(), "ivsdash.log")
	logFile, err := os.OpenFile(logPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(logFile, &slog.HandlerOptions{Level: slog.LevelDebug}))
	client.SetLogger(logger)
	h := startHarness(t, e, harnessOpts{width: 200, height: 45, start: "ingest", config: func(c *Config) {
		c.Client, c.Logger = client, logger
	}})

	var screens []string
	secretFree := func(where, screen string) {
		t.Helper()
		screens = append(screens, screen)
		for _, s := range []string{key, jwt, jwt[:20]} {
			if strings.Contains(screen, s) {
				t.Errorf("%s: the screen shows a secret:\n%s", where, screen)
			}
		}
	}
	secretFree("the list refused", h.waitFor("refused", "••••"))
	failList.Store(false)
	h.waitFor("echo-obs")
	h.press("enter")
	h.waitFor("Ingest configuration echo-obs", "Stream key")
	h.press("ctrl+d")
	h.waitFor("Delete ingest configuration")
	h.press("y")
	secretFree("the delete refused", h.waitFor("refused", "••••"))
	h.press("q")
	<-h.done
	logFile.Close()

	logged, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"op=ListIngestConfigurations", "op=DeleteIngestConfiguration"} {
		if !bytes.Contains(logged, []byte(want)) {
			t.Errorf("the log lacks %q: it did not record the session\n%s", want, logged)
		}
	}
	for _, s := range []string{key, jwt, strings.Split(jwt, ".")[1]} {
		if bytes.Contains(logged, []byte(s)) {
			t.Errorf("the log holds a secret:\n%s", logged)
		}
	}
}
