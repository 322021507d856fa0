package model

import (
	"strings"
	"testing"

	"github.com/ivsdash/ivsdash/model/watch"
)

// The participants list counts each participant's errors from what the
// watcher read ("—" until read), and x keeps only those with errors.
func TestParticipantsErrorsColumnAndErrorsOnly(t *testing.T) {
	a := newTestApp(160, 30)
	withParticipants(t, a, 5)
	a.ctx.Watch.Want([]watch.Target{{Stage: stMain, Session: kMain.SessionID, Opened: true}}, t0)
	a.Update(watchListed(kMain, t0, part("pAlice000001", "alice", true), part("pBob00000002", "bob", false)))
	a.Update(watchRead(kMain, "pAlice000001", t0, ev("PUBLISH_ERROR", "pAlice000001", "QUOTA_EXCEEDED", t0), ev("PUBLISH_ERROR", "pAlice000001", "BITRATE_EXCEEDED", t0), ev("PUBLISH_ERROR", "pAlice000001", "QUOTA_EXCEEDED", t0), ev("PUBLISH_ERROR", "pAlice000001", "QUOTA_EXCEEDED", t0)))
	a.Update(watchRead(kMain, "pBob00000002", t0))
	out := screen(a)
	if !strings.Contains(out, "ERRORS") {
		t.Fatalf("no ERRORS column:\n%s", out)
	}
	if l := lineWith(out, "pAlice000001"); !strings.Contains(l, "✖ 4") {
		t.Fatalf("alice's row should count her 4 errors: %q", l)
	}
	if l := lineWith(out, "pCarol000003"); !strings.Contains(l, "—") {
		t.Fatalf("carol was not read: her count is unknown, %q", l)
	}

	a.Update(keyMsg("x"))
	out = screen(a)
	if !strings.Contains(out, "pAlice000001") || strings.Contains(out, "pBob00000002") || strings.Contains(out, "pCarol000003") {
		t.Fatalf("x should keep only alice:\n%s", out)
	}
	if !strings.Contains(out, "1 with errors") {
		t.Fatalf("the header should say errors only is on:\n%s", out)
	}
	// bob's new error shows him without another key.
	a.Update(watchRead(kMain, "pBob00000002", t0, ev("SUBSCRIBE_ERROR", "pBob00000002", "PUBLISHER_NOT_FOUND", t0)))
	if out = screen(a); !strings.Contains(out, "pBob00000002") {
		t.Fatalf("a participant whose errors were read since should join the list:\n%s", out)
	}
	a.Update(keyMsg("x"))
	if out = screen(a); !strings.Contains(out, "pCarol000003") || strings.Contains(out, "with errors") {
		t.Fatalf("x again should show everyone:\n%s", out)
	}
}
