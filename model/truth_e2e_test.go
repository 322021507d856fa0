package model

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/ui"
)

// End to end: what the dashboard claims to know when the API is gone.

// newSceneEmulator is an emulator holding a fault scene (one of
// everything a pane shows), with nothing expiring during a test.
func newSceneEmulator(t *testing.T) (*emulator.Emulator, *faultScene) {
	t.Helper()
	e := newEmulator(t, emulator.Options{NoThrottle: true, Seed: 7, CompositionRetention: time.Hour, CompositionIdleTimeout: time.Hour})
	return e, buildFaultScene(t, e)
}

// closedPort is a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestUnreachableAtStartIsUnknownAndReadableWhole(t *testing.T) {
	endpoint := "http://" + closedPort(t)
	client := service.NewForEndpoint(endpoint, "us-east-1", budget.Config{Fraction: 1})
	d := newModelDriver(t, New(Config{Client: client, Interval: 5 * time.Second, Mode: "test", Endpoint: endpoint, Clock: newFakeClock(t)}), 100, 30)
	if !d.runUntil(20*time.Second, func() bool { return d.app.top().Load().LastErr != nil }) {
		t.Fatalf("the first load never failed:\n%s", d.screen())
	}
	screen := d.screen()
	if strings.Contains(screen, "0 stages") || !strings.Contains(screen, "? stages") {
		t.Errorf("stages never read are counted as zero:\n%s", screen)
	}
	last := d.app.statusInfo().LastError
	if strings.Contains(last, "https") || !strings.Contains(last, endpoint+"/ListStages") {
		t.Errorf("the error should name the endpoint as given (%s), not https: %q", endpoint, last)
	}
	d.press("L")
	d.settle()
	screen = d.screen()
	for _, want := range []string{"Last error", "refreshing the stages pane", endpoint + "/ListStages", "--demo"} {
		if !strings.Contains(screen, want) {
			t.Errorf("L should show the whole error; %q missing:\n%s", want, screen)
		}
	}
	d.press("esc")
	d.settle()
	if strings.Contains(d.screen(), "Last error") {
		t.Errorf("esc did not close the error:\n%s", d.screen())
	}
	d.press("?")
	d.settle()
	if !strings.Contains(d.screen(), "last error in full") {
		t.Errorf("the help does not offer L:\n%s", d.screen())
	}
	d.checkPanics()
}

// The outage: the emulator stops under the dashboard. The live figures it
// can no longer read become unknown, never 0 0.
func TestOutageLeavesNoFakeZeros(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end against the emulator")
	}
	e, scene := newSceneEmulator(t)
	d := newModelDriver(t, New(Config{Client: testClient(e), Interval: matrixInterval, Mode: "test", Endpoint: e.URL(), Clock: newFakeClock(t)}), 160, 40)
	openLive(t, d, scene)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	gone := func() bool {
		return d.app.statusInfo().Stale && liveFiguresAre("?", "?")(scene, d.screen())
	}
	if !d.runUntil(30*time.Second, gone) {
		t.Fatalf("after the emulator stopped, the live figures should be unknown, the list stale:\n%s", d.screen())
	}
	if info := d.app.statusInfo(); !strings.Contains(d.screen(), "live figures") || info.Failing == "" {
		t.Errorf("the status bar does not name the failing read:\n%s", d.screen())
	}
	d.checkPanics()
}

// After a session ends, the participant's pane says that polling stopped,
// and it does stop.
func TestEndedSessionSaysWhatIsTrue(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end against the emulator")
	}
	e, scene := newSceneEmulator(t)
	client := testClient(e)
	for _, p := range []service.Participant{scene.alice, scene.bob} {
		if err := e.Leave(scene.stage.ARN, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	ctx := t.Context()
	session, err := client.GetStageSession(ctx, scene.stage.ARN, scene.session.ID)
	if err != nil || session.Live() {
		t.Fatalf("the session should have ended when everyone left: %+v, %v", session, err)
	}
	alice, err := client.GetParticipant(ctx, scene.stage.ARN, session.ID, scene.alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	clock := newFakeClock(t)
	d := newModelDriver(t, New(Config{Client: client, Interval: 5 * time.Second, Mode: "test", Endpoint: e.URL(), Clock: clock}), 160, 40)
	waitLoaded(t, d, "stages", "fault-stage")
	d.send(kit.OpenMsg{To: route.Participant{Stage: scene.stage, Session: session, Participant: alice}})
	waitLoaded(t, d, "participant", "Participant alice")
	d.settle() // the pane's first reads may still be on the wire: count from when they are done
	want := "session ended " + ui.Clock(session.End, clock.Now()) + ": nothing more to poll"
	before := e.Operations()["GetParticipant"]
	d.runUntilClock(clock.Now().Add(30 * time.Second))
	screen := d.screen()
	if strings.Contains(screen, "polling every") || !strings.Contains(screen, want) {
		t.Errorf("the status bar should say %q:\n%s", want, screen)
	}
	if n := e.Operations()["GetParticipant"] - before; n > 0 {
		t.Errorf("%d GetParticipant calls after the record became final", n)
	}
	d.checkPanics()
}
