package model

import (
	"slices"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service/metrics"
)

// Every key a pane advertises works there: the test opens every pane of
// the registry on an account with one of everything, presses each key its
// help declares, and checks that something happens: a message, a dialog,
// the help, a prompt, another pane or a changed view.

// sceneRoutes is one route of every pane, on the scene's resources.
func sceneRoutes(s *faultScene) []route.Route {
	return []route.Route{
		route.Stages{},
		route.Stage{Stage: s.stage},
		route.Sessions{Stage: s.stage},
		route.Participants{Stage: s.stage, Session: s.session},
		route.Participant{Stage: s.stage, Session: s.session, Participant: s.alice},
		route.Timeline{Stage: s.stage, Session: s.session},
		route.Replicas{Stage: s.stage, Session: s.session, Participant: s.alice},
		route.Tags{ARN: s.stage.ARN, What: "stage fault-stage"},
		route.Compositions{},
		route.Composition{Composition: s.composition},
		route.Triage{},
		route.Ingest{},
		route.IngestConfiguration{Config: s.ingest},
		route.Encoders{},
		route.EncoderConfiguration{Config: s.encoder},
		route.Storage{},
		route.StorageConfiguration{Config: s.storage},
		route.Keys{},
		route.PublicKey{Key: s.key},
		route.Breakdown{Stage: s.stage},
		route.Quotas{},
		route.Contexts{},
	}
}

// Keys the walk does not press: quitting ends the program (its own tests
// check it), moving the cursor on a one-row list has nowhere to go, and
// "mouse" is the help entry of the mouse, which no key press produces (the
// mouse's own end-to-end test clicks and scrolls).
var unwalkedKeys = []string{"q", "ctrl+c", "up", "down", "k", "j", "pgup", "pgdown", "home", "end", "g", "G", "mouse"}

func TestEveryAdvertisedKeyDoesSomething(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end against the emulator")
	}
	e, scene := newSceneEmulator(t)
	client := testClient(e)
	if n := len(sceneRoutes(scene)); n != len(panes.Panes) {
		t.Fatalf("%d routes walked, %d registered: walk every pane", n, len(panes.Panes))
	}
	open := func(t *testing.T, r route.Route) *modelDriver {
		t.Helper()
		d := newModelDriver(t, New(Config{Client: client, Metrics: metrics.New(client), Interval: 5 * time.Second, Mode: "test", Endpoint: e.URL(), Clock: newFakeClock(t)}), 160, 45)
		waitLoaded(t, d, "stages", "fault-stage")
		d.send(kit.OpenMsg{To: r})
		if !d.runUntil(30*time.Second, d.loaded) {
			t.Fatalf("%T never loaded:\n%s", r, d.screen())
		}
		d.settle()
		return d
	}
	for _, r := range sceneRoutes(scene) {
		d := open(t, r)
		kind, depth := d.app.top().Kind(), len(d.app.stack)
		for _, b := range d.app.top().Help(d.app.ctx.Keys).Bindings() {
			k := b.Keys()[0]
			if slices.Contains(unwalkedKeys, k) {
				continue
			}
			t.Run(kind+"/"+k, func(t *testing.T) {
				before := d.screen()
				d.press(k)
				d.settle()
				if d.app.quit {
					t.Fatalf("%s (%s) quit the program", k, b.Help().Desc)
				}
				if d.screen() == before && len(d.app.stack) == depth {
					t.Errorf("the %s pane advertises %s (%s), which does nothing there:\n%s", kind, k, b.Help().Desc, before)
				}
				d.checkPanics()
			})
			// Back to the pane as it was: no dialog, help, prompt, flash
			// or pause, nothing pushed; a pane that esc closed opens again.
			a := d.app
			a.dialogs, a.help, a.status = nil, false, status{}
			a.prompt.close()
			if a.paused {
				d.press("p")
			}
			if len(a.stack) < depth {
				d = open(t, r)
			}
			a = d.app
			a.stack = a.stack[:depth]
			a.status = status{}
			d.settle()
		}
	}
}
