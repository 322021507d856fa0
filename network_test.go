package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// What the program sends, and where: the token and export commands run in a
// child process whose every HTTP request off this machine goes to a
// recording proxy (HTTP_PROXY and HTTPS_PROXY; Go never proxies loopback).
// Against the emulator (--endpoint-url on loopback, through a recorder)
// every call is SigV4-signed for IVS with the credentials of the standard
// chain (here the environment's); without --endpoint-url the only host
// asked for is the region's IVS Real-Time endpoint; and nothing else is
// requested: no telemetry, no update check.
func TestNoRequestButToTheEndpoint(t *testing.T) {
	if os.Getenv("IVSDASH_NETWORK_CHILD") != "" {
		networkChild(t)
		return
	}
	env := newCLIEnv(t)
	target, err := url.Parse(env.e.URL())
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var signed, outside []string
	proxy := httputil.NewSingleHostReverseProxy(target)
	local := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		signed = append(signed, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization"))
		mu.Unlock()
		proxy.ServeHTTP(w, r)
	}))
	defer local.Close()
	recorder := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		outside = append(outside, r.Method+" "+r.Host)
		mu.Unlock()
		http.Error(w, "no network in this test", http.StatusForbidden)
	}))
	defer recorder.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestNoRequestButToTheEndpoint$", "-test.count=1")
	cmd.Env = append(os.Environ(),
		"IVSDASH_NETWORK_CHILD=1", "CHILD_ENDPOINT="+local.URL, "CHILD_STAGE="+env.stage.ARN,
		"HTTP_PROXY="+recorder.URL, "HTTPS_PROXY="+recorder.URL, "http_proxy="+recorder.URL, "https_proxy="+recorder.URL,
		"NO_PROXY=", "no_proxy=", "HOME="+t.TempDir(), "AWS_CONFIG_FILE=/nonexistent", "AWS_SHARED_CREDENTIALS_FILE=/nonexistent",
		"AWS_PROFILE=", "AWS_ACCESS_KEY_ID=AKIDIVSDASHTEST", "AWS_SECRET_ACCESS_KEY=ivsdash-test-secret",
		"AWS_SESSION_TOKEN=", "AWS_REGION=us-east-1", "AWS_ENDPOINT_URL=", "AWS_ENDPOINT_URL_IVS_REALTIME=",
		"AWS_EC2_METADATA_DISABLED=true", "AWS_MAX_ATTEMPTS=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("the child: %v\n%s", err, out.String())
	}

	mu.Lock()
	defer mu.Unlock()
	if len(signed) < 3 {
		t.Fatalf("the emulator saw %d calls; want the token and export commands' calls:\n%s", len(signed), out.String())
	}
	for _, call := range signed {
		if !strings.Contains(call, " AWS4-HMAC-SHA256 Credential=AKIDIVSDASHTEST/") || !strings.Contains(call, "/us-east-1/ivs/aws4_request") {
			t.Errorf("a call not signed with SigV4 for ivs in us-east-1 with the environment's key: %s", call)
		}
	}
	if len(outside) == 0 {
		t.Fatalf("nothing asked for the region's endpoint:\n%s", out.String())
	}
	for _, req := range outside {
		if req != "CONNECT ivsrealtime.us-east-1.amazonaws.com:443" {
			t.Errorf("a request off this machine to anything but the endpoint: %s", req)
		}
	}
	t.Logf("%d signed calls to the emulator; off the machine: %v", len(signed), outside)
}

// networkChild runs the commands of TestNoRequestButToTheEndpoint.
func networkChild(t *testing.T) {
	endpoint, stage := os.Getenv("CHILD_ENDPOINT"), os.Getenv("CHILD_STAGE")
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"token", "--stage", stage, "--user-id", "net-nia", "--endpoint-url", endpoint}, 0},
		{[]string{"export", "--stage", stage, "--format", "json", "--endpoint-url", endpoint}, 0},
		{[]string{"token", "--stage", stage, "--user-id", "net-nia"}, 1}, // the proxy refuses AWS
	} {
		var out, errOut bytes.Buffer
		if code := run(c.args, &out, &errOut); code != c.code {
			t.Errorf("%v: exit %d, want %d: %s", c.args, code, c.code, errOut.String())
		}
	}
}
