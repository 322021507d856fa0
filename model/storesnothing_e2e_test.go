package model

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// By default the dashboard stores nothing: a session that visits every
// pane, opens a stage, its session and a participant, and mints and copies
// a token leaves the home directory, the XDG configuration, cache, data and
// state directories, the temporary directory and the working directory as
// empty as they were.
func TestE2EStoresNothingByDefault(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	sc := buildScene(t, e)
	c := testClient(e)
	ctx := context.Background()
	for _, err := range []error{
		func() error {
			_, err := c.CreateIngestConfiguration(ctx, service.CreateIngestRequest{Name: "store-ing", Protocol: "RTMPS"})
			return err
		}(),
		func() error {
			_, err := c.CreateEncoderConfiguration(ctx, "store-enc", service.Video{}, nil)
			return err
		}(),
		func() error {
			_, err := c.CreateStorageConfiguration(ctx, "store-sto", "store-bucket", nil)
			return err
		}(),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}

	root := t.TempDir()
	dirs := map[string]string{}
	for _, name := range []string{"HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "TMPDIR", "cwd"} {
		dirs[name] = filepath.Join(root, name)
		if err := os.Mkdir(dirs[name], 0o700); err != nil {
			t.Fatal(err)
		}
		if name != "cwd" {
			t.Setenv(name, dirs[name])
		}
	}
	t.Chdir(dirs["cwd"])

	h := startHarness(t, e, harnessOpts{width: 160, height: 45})
	h.waitFor("e2e-live")
	h.press("enter")
	h.waitFor(sc.session)
	h.press("enter")
	h.waitFor("alice", "bob")
	h.press("esc", "esc")
	h.waitFor("e2e-live")
	h.press("t")
	h.waitFor("Mint a participant token")
	h.typeText("store-sue")
	h.press("enter")
	h.waitFor("Participant", "store-sue", "by CreateParticipantToken on e2e-live")
	h.press("v", "y")
	h.waitFor("copied")
	h.press("esc")
	h.waitGone("Mint a participant token")
	for _, r := range []struct{ jump, shows string }{
		{"compositions", "compositions"}, {"ingest", "store-ing"}, {"encoders", "store-enc"},
		{"storage", "store-sto"}, {"keys", "public keys"}, {"triage", "triage"},
	} {
		h.jump(r.jump)
		h.waitFor(r.shows)
	}
	h.press("q")
	<-h.done

	for name, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, _ fs.DirEntry, err error) error {
			if err == nil && path != dir {
				t.Errorf("the dashboard wrote %s (in %s)", path, name)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
