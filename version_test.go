package main

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionFlag(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"--version"}, &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), "ivsdash ") || errOut.Len() != 0 {
		t.Fatalf("--version: exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/ivsdash/ivsdash", Version: "v1.2.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "74a5d3e0c1f2a3b4c5d6e7f8091a2b3c4d5e6f70"}, {Key: "vcs.time", Value: "2026-12-04T18:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	if got, want := versionText(bi), "ivsdash v1.2.0, revision 74a5d3e0c1f2a3b4c5d6e7f8091a2b3c4d5e6f70 (2026-12-04T18:00:00Z, modified), go1.26.8\n"; got != want {
		t.Errorf("versionText:\n got %q\nwant %q", got, want)
	}
	bare := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}
	if got, want := versionText(bare), "ivsdash (devel), revision unknown (built without version control information), go1.26.8\n"; got != want {
		t.Errorf("versionText without VCS:\n got %q\nwant %q", got, want)
	}
	if got := versionText(nil); got != "ivsdash: no build information in this binary\n" {
		t.Errorf("versionText(nil) = %q", got)
	}
}
