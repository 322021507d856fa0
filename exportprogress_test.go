package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/report"
)

// Not a terminal: plain lines, one every few seconds and the last state.
func TestExportProgressPlainLines(t *testing.T) {
	var out bytes.Buffer
	p := newExportProgress(&out)
	clock := time.Unix(1_000_000, 0)
	p.now = func() time.Time { return clock }
	for done := range 5 {
		p.update(report.Progress{Listed: 400, Done: done * 100, Calls: done * 101, Left: time.Duration(4-done) * 20 * time.Second})
		clock = clock.Add(2 * time.Second)
	}
	p.finish()
	want := "ivsdash export: 0 of 400 participants · 0 calls · about 1m20s left\n" +
		"ivsdash export: 300 of 400 participants · 303 calls · about 20s left\n" +
		"ivsdash export: 400 of 400 participants · 404 calls\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// A terminal: a bar redrawn in place, its line ended at the end.
func TestExportProgressBarOnATerminal(t *testing.T) {
	var out bytes.Buffer
	p := newExportProgress(&out)
	p.tty, p.every = true, 0
	p.update(report.Progress{Listed: 10, Done: 5, Calls: 6, Left: 2 * time.Second})
	p.finish()
	lines := strings.Split(out.String(), "\r")
	if len(lines) != 3 || !strings.HasSuffix(out.String(), "\n") {
		t.Fatalf("%q: want two redraws and a newline", out.String())
	}
	if want := strings.Repeat("█", 15) + strings.Repeat("░", 15) + " 5 of 10 participants · 6 calls · about 2s left\x1b[K"; lines[1] != want {
		t.Errorf("bar %q, want %q", lines[1], want)
	}
}

// syncBuffer is a bytes.Buffer written by the command and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// --details chooses whose details are read, and the report says whose.
func TestExportDetailsFlag(t *testing.T) {
	env := newCLIEnv(t)
	code, out, errOut := env.run(t, "export", "--stage", env.stage.ARN)
	if code != 0 || !strings.Contains(out, "fetched for publishers and participants with errors only") {
		t.Errorf("default: exit %d, stderr %q, report:\n%s", code, errOut, out)
	}
	if !strings.Contains(errOut, "ivsdash export: 1 of 1 participants · 2 calls") {
		t.Errorf("no progress line on stderr: %q", errOut)
	}
	code, out, _ = env.run(t, "export", "--stage", env.stage.ARN, "--details", "all")
	if code != 0 || strings.Contains(out, "client details") {
		t.Errorf("--details all: exit %d, report:\n%s", code, out)
	}
	code, out, errOut = env.run(t, "export", "--stage", env.stage.ARN, "--details", "some")
	if code != 2 || out != "" || !strings.Contains(errOut, "--details \"some\": choose all, errors, publishers") {
		t.Errorf("--details some: exit %d, stderr %q", code, errOut)
	}
}

// SIGTERM (or ctrl+c) in the middle of an export writes what was read,
// marked partial, and says so.
func TestExportInterruptedWritesPartialReport(t *testing.T) {
	env := newCLIEnv(t)
	ctx := context.Background()
	for i := range 12 {
		tok, err := env.client.CreateParticipantToken(ctx, service.TokenRequest{StageARN: env.stage.ARN, UserID: fmt.Sprintf("viewer-%02d", i)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.e.Join(tok.Token.Reveal()); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "partial.md")
	var stdout, stderr syncBuffer
	code := make(chan int, 1)
	go func() {
		// 13 participants at a call a second: the signal comes long before the end.
		code <- run([]string{"export", "--stage", env.stage.ARN, "--out", path, "--endpoint-url", env.e.URL(), "--region", "us-east-1", "--budget", "0.2"}, &stdout, &stderr)
	}()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(stderr.String(), " of 13 participants") {
		if time.Now().After(deadline) {
			t.Fatalf("no progress within 20 s: %q", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var got int
	select {
	case got = <-code:
	case <-time.After(20 * time.Second):
		t.Fatal("the export did not stop on SIGTERM")
	}
	errOut := stderr.String()
	if got != 1 || !strings.Contains(errOut, "partial report:") || !strings.Contains(errOut, "wrote "+path) {
		t.Errorf("exit %d, stderr %q", got, errOut)
	}
	md, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "**Partial report:**") || !strings.Contains(string(md), "collection was interrupted") {
		t.Errorf("the report is not marked partial:\n%s", md)
	}
}
