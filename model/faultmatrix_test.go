package model

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// The fault matrix: every pane under every fault the emulator can inject.
// For each case the dashboard loads the pane, the fault starts, and while it
// lasts the pane must keep its last good data on screen marked stale with
// its age and the status bar must say what is wrong in words; the calls the
// emulator saw during the fault must stay under a bound derived from the
// polling interval and the API budget (no retry loop); once the fault ends
// the pane must recover by itself within one interval plus the service's
// own backoff; nothing may panic. The cases run the App through
// modelDriver (real client, real emulator, no terminal), many at once, on a
// fake clock: the dashboard's polling and the watcher's schedule take no
// real time, while calls, the SDK's retries, the service's backoff and the
// emulator's faults keep theirs. One row also runs in the real program
// (faultRowThroughTheProgram), alongside the others.

// matrixInterval is the polling interval of the matrix (main's minimum).
const matrixInterval = time.Second

// matrixLatency is the delay of the latency fault, and
// matrixLatencyTimeout the call timeout of those cases: shorter, so the
// panes' calls time out instead of hanging. Both are real time.
const (
	matrixLatency        = 4 * time.Second
	matrixLatencyTimeout = 1500 * time.Millisecond
)

// sdkRetryDelay is the longest the SDK's retryer waits before its one retry
// of a 5xx or a reset (service.newRetryer: MaxBackoff 2s).
const sdkRetryDelay = 2 * time.Second

// schedulingSlack absorbs a loaded 2-core CI machine running the race
// detector: the clock tick that reschedules the watcher (1 s) and the
// goroutines' scheduling.
const schedulingSlack = 1500 * time.Millisecond

type matrixPane struct {
	name string
	// open drives the dashboard to the pane as a person would, waits until
	// it has loaded, and returns texts that must stay on screen.
	open func(t *testing.T, d *modelDriver, s *faultScene) []string
	// perCycle is the most calls the pane itself makes per refresh.
	perCycle int
	// watched: the error watcher reads the scene's live session meanwhile
	// (it is on a pane of the stack). A failed read of a participant waits
	// an interval (package watch, participant.failedAt) and a session's list is
	// read at most once an interval, so the watcher adds at most one call
	// per participant and one list per interval.
	watched bool
	// background: the pane's data comes from the error watcher, whose
	// calls are background work with their own long timeout
	// (backgroundTimeout): a slow API delays them rather than fails them.
	background bool
}

type matrixFault struct {
	name  string
	start func(e *emulator.Emulator) error
	stop  func(e *emulator.Emulator) error
	// says are words the status bar's last error must hold.
	says []string
	// slow: calls are delayed, not refused: foreground calls time out
	// (matrixLatencyTimeout) and fail; background calls wait it out.
	slow bool
	// throttled: the service holds calls back in its backoff rather than
	// fail them at once, so the status bar may say so ("backing off",
	// "throttled N") before any refresh has failed.
	throttled bool
}

func setFaults(spec string) func(*emulator.Emulator) error {
	return func(e *emulator.Emulator) error { return e.SetFaults(spec) }
}

func setCredentials(mode string) func(*emulator.Emulator) error {
	return func(e *emulator.Emulator) error { return e.SetCredentialMode(mode) }
}

// matrixFaults are the faults of issue 7, each on every call while it lasts.
var matrixFaults = []matrixFault{
	{name: "latency", start: setFaults("latency=" + matrixLatency.String()), stop: setFaults(""), says: []string{"timed out"}, slow: true},
	{name: "error500", start: setFaults("error500=1"), stop: setFaults(""), says: []string{"internal error"}},
	{name: "throttle", start: setFaults("throttle=1"), stop: setFaults(""), says: []string{"throttling"}, throttled: true},
	{name: "reset", start: setFaults("reset=1"), stop: setFaults(""), says: []string{"Cannot reach the IVS API"}},
	{name: "truncate", start: setFaults("truncate=1"), stop: setFaults(""), says: []string{"could not be read"}},
	{name: "badjson", start: setFaults("badjson=1"), stop: setFaults(""), says: []string{"could not be read"}},
	// The outage is ended by the test, as the others are: its window is
	// on the emulator's clock (real time), and the cases count intervals
	// on the dashboard's.
	{name: "outage", start: setFaults("outage=1h"), stop: setFaults(""), says: []string{"internal error", "Service Unavailable"}},
	{name: "expired", start: setCredentials("expired"), stop: setCredentials("ok"), says: []string{"expired", "aws sso login"}},
	{name: "denied", start: setCredentials("denied"), stop: setCredentials("ok"), says: []string{"Access denied", "grant ivs:"}},
}

// waitLoaded runs the dashboard until the top pane has loaded and shows texts.
func waitLoaded(t *testing.T, d *modelDriver, what string, texts ...string) {
	t.Helper()
	if !d.runUntil(30*time.Second, func() bool { return d.loaded() && d.shows(texts...) }) {
		t.Fatalf("%s never loaded (want %q); status %+v; screen:\n%s", what, texts, d.app.statusInfo(), d.screen())
	}
}

func openStages(t *testing.T, d *modelDriver, s *faultScene) []string {
	waitLoaded(t, d, "stages", "fault-stage")
	return []string{"fault-stage"}
}

func openSessions(t *testing.T, d *modelDriver, s *faultScene) []string {
	openStages(t, d, s)
	d.press("enter")
	waitLoaded(t, d, "sessions", "Sessions of fault-stage", s.session.ID)
	return []string{s.session.ID}
}

func openParticipants(t *testing.T, d *modelDriver, s *faultScene) []string {
	openSessions(t, d, s)
	d.press("enter")
	waitLoaded(t, d, "participants", "alice", "bob")
	return []string{"alice", "bob"}
}

var matrixPanes = []matrixPane{
	{name: "stages", open: openStages, perCycle: 4, watched: true}, // ListStages; GetStageSession and two ListParticipants for the live figures
	{name: "sessions", open: openSessions, perCycle: 1, watched: true},
	{name: "participants", open: openParticipants, perCycle: 2, watched: true}, // publishers and the listing
	{name: "participant", perCycle: 3, watched: true, // GetParticipant, events, replicas of a SOURCE
		open: func(t *testing.T, d *modelDriver, s *faultScene) []string {
			openParticipants(t, d, s)
			d.send(kit.PushPaneMsg{Pane: panes.NewParticipantPane(d.app.ctx, s.stage, s.session, s.alice)})
			waitLoaded(t, d, "participant", "Participant alice", "JOINED", "PUBLISH_STARTED")
			return []string{"Participant alice", "PUBLISH_STARTED"}
		}},
	{name: "timeline", perCycle: 0, watched: true, background: true, // the watcher reads for it
		open: func(t *testing.T, d *modelDriver, s *faultScene) []string {
			openParticipants(t, d, s)
			d.press("s")
			waitLoaded(t, d, "session timeline", "Timeline · fault-stage", "PUBLISH_ERROR", "INSUFFICIENT_CAPABILITIES")
			return []string{"PUBLISH_ERROR", "INSUFFICIENT_CAPABILITIES"}
		}},
	{name: "compositions", perCycle: 1,
		open: func(t *testing.T, d *modelDriver, s *faultScene) []string {
			id := kit.ResourceID(s.composition.ARN)
			waitLoaded(t, d, "compositions", id)
			return []string{id}
		}},
	{name: "composition", perCycle: 1,
		open: func(t *testing.T, d *modelDriver, s *faultScene) []string {
			id := kit.ResourceID(s.composition.ARN)
			waitLoaded(t, d, "compositions", id)
			d.press("enter")
			waitLoaded(t, d, "composition detail", "Composition "+id, "FaultChan001")
			return []string{"Composition " + id, "FaultChan001"}
		}},
	{name: "stage", perCycle: 1, watched: true,
		open: func(t *testing.T, d *modelDriver, s *faultScene) []string {
			openStages(t, d, s)
			d.press("d")
			waitLoaded(t, d, "stage detail", "Stage fault-stage", s.stage.ARN)
			return []string{"Stage fault-stage", s.stage.ARN}
		}},
	{name: "ingest", perCycle: 2, // the list, and the stages that name its STAGE column
		open: func(t *testing.T, d *modelDriver, s *faultScene) []string {
			waitLoaded(t, d, "ingest", "fault-ingest", "fault-stage")
			return []string{"fault-ingest", "fault-stage"}
		}},
	{name: "encoders", perCycle: 1,
		open: func(t *testing.T, d *modelDriver, s *faultScene) []string {
			waitLoaded(t, d, "encoders", "fault-encoder")
			return []string{"fault-encoder"}
		}},
	{name: "storage", perCycle: 1,
		open: func(t *testing.T, d *modelDriver, s *faultScene) []string {
			waitLoaded(t, d, "storage", "fault-storage", "fault-recordings")
			return []string{"fault-storage", "fault-recordings"}
		}},
	{name: "keys", perCycle: 1,
		open: func(t *testing.T, d *modelDriver, s *faultScene) []string {
			waitLoaded(t, d, "keys", "fault-key")
			return []string{"fault-key"}
		}},
	{name: "triage", perCycle: 0, watched: true, background: true,
		open: func(t *testing.T, d *modelDriver, s *faultScene) []string {
			openStages(t, d, s)
			d.press("!")
			waitLoaded(t, d, "triage", "Error triage", "INSUFFICIENT_CAPABILITIES", "bob")
			return []string{"INSUFFICIENT_CAPABILITIES", "bob"}
		}},
}

// startPane is the dashboard's first pane for a matrix pane.
func startPane(name string) string {
	switch name {
	case "compositions", "composition":
		return "compositions"
	case "ingest", "encoders", "storage", "keys":
		return name
	}
	return "stages"
}

// The status bar's words, long or short as the width allows: stale data
// with its age, calls throttled, the backoff in progress.
var (
	staleAge       = regexp.MustCompile(`STALE(: data)? \d+[smhd]`)
	throttledCount = regexp.MustCompile(`thr(ottled)? \d+`)
	backingOff     = regexp.MustCompile(`back(ing off|off) \d+`)
)

// matrixResult is one case's measurements, for the summary.
type matrixResult struct {
	pane, fault     string
	window          time.Duration // how long the fault lasted (the dashboard's clock)
	calls, bound    int           // AWS calls the emulator saw during it, and the bound
	recovered       time.Duration // from the fault's end to fresh data (real time)
	recoveryBound   time.Duration
	firstErrorAfter time.Duration // from the fault's start to the error on screen (the dashboard's clock)
}

func TestFaultMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("the fault matrix takes about a minute")
	}
	start := time.Now()
	var (
		mu      sync.Mutex
		results []matrixResult
		wg      sync.WaitGroup
	)
	// The cases wait on timers most of the time; this many at once keeps a
	// 2-core machine busy without starving any case's timing.
	sem := make(chan struct{}, 24)
	wg.Add(1)
	go func() {
		defer wg.Done()
		t.Run("program/stages", faultRowThroughTheProgram)
	}()
	for _, pane := range matrixPanes {
		for _, fault := range matrixFaults {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				t.Run(pane.name+"/"+fault.name, func(t *testing.T) {
					r := runMatrixCase(t, pane, fault)
					mu.Lock()
					results = append(results, r)
					mu.Unlock()
				})
			}()
		}
	}
	wg.Wait()
	logMatrix(t, results, time.Since(start))
}

func runMatrixCase(t *testing.T, pane matrixPane, fault matrixFault) matrixResult {
	r := matrixResult{pane: pane.name, fault: fault.name}
	e := newEmulator(t, emulator.Options{NoThrottle: true, Seed: 7, CompositionRetention: time.Hour, CompositionIdleTimeout: time.Hour})
	scene := buildFaultScene(t, e)
	client := testClient(e)
	clock := newFakeClock(t)
	cfg := Config{Client: client, Interval: matrixInterval, Mode: "test", Endpoint: e.URL(), Start: startPane(pane.name), Clock: clock}
	if fault.name == "latency" {
		cfg.CallTimeout = matrixLatencyTimeout
	}
	app := New(cfg)
	d := newModelDriver(t, app, 120, 40)
	keep := pane.open(t, d, scene)

	// The fault starts: at least two intervals of it, and long enough for
	// the pane to have said so. Intervals are on the dashboard's (fake)
	// clock; the budget and the emulator count real time.
	before := sumCounts(e.Operations(), e.Refused())
	began, realBegan := clock.Now(), time.Now()
	if err := fault.start(e); err != nil {
		t.Fatal(err)
	}
	if fault.slow || fault.throttled {
		// Time passes while calls hang or wait out the service's backoff:
		// a tenth of a second of quiet is a step of the dashboard's clock.
		d.quiet = 100 * time.Millisecond
	}
	waitingOut := fault.slow && pane.background
	lastOK := d.app.top().Load().LastOK
	failing := func() bool {
		switch {
		case waitingOut:
			return clock.Now().Sub(lastOK) >= 2*matrixInterval
		case fault.throttled:
			return d.app.statusInfo().Stale
		}
		l := d.app.top().Load()
		return l.LastErr != nil && l.Stale()
	}
	if !d.runUntil(20*time.Second, failing) {
		t.Fatalf("the pane never showed the failure; status %+v\n%s", d.app.statusInfo(), d.screen())
	}
	r.firstErrorAfter = clock.Now().Sub(began)
	check := func() {
		if waitingOut {
			checkWaiting(t, d, keep, lastOK)
		} else {
			checkFailing(t, d, fault, keep)
		}
	}
	check()
	d.runUntilClock(began.Add(2*matrixInterval + matrixInterval/2))
	check()
	if err := fault.stop(e); err != nil {
		t.Fatal(err)
	}
	ended, realEnded := clock.Now(), time.Now()
	r.window = ended.Sub(began)
	realWindow := realEnded.Sub(realBegan)
	during := diffCounts(sumCounts(e.Operations(), e.Refused()), before)
	r.calls = total(during)
	r.bound = callBound(pane, r.window)
	if r.calls > r.bound {
		t.Errorf("%d calls during %v of %s (bound %d from the %v interval): %v", r.calls, r.window.Round(time.Millisecond), fault.name, r.bound, matrixInterval, during)
	}
	// Whatever the interval bound says, the budget bounds each operation
	// (in real time, which it keeps).
	for op, n := range during {
		rate := budget.Config{Fraction: 1}.Rate(ivs.GroupOf(op))
		if limit := int(math.Ceil(rate*realWindow.Seconds())) + 2 + 1; n > limit {
			t.Errorf("%s: %d calls in %v, over the budget's %d", op, n, realWindow.Round(time.Millisecond), limit)
		}
	}

	// Recovery by itself: fresh data within an interval plus the backoff
	// the service was in when the fault ended, both on the dashboard's
	// clock (which stands still while calls wait in real time) and in real
	// time (where the interval passes as soon as the dashboard is idle).
	backoff := time.Duration(0)
	if u := client.Usage(); u.BackingOff {
		backoff = max(0, time.Until(u.BackoffUntil))
	}
	r.recoveryBound = matrixInterval + sdkRetryDelay + backoff + schedulingSlack
	switch {
	case waitingOut:
		r.recoveryBound += matrixLatency // a call in flight at the end still takes its delay
	case fault.slow:
		r.recoveryBound += matrixLatencyTimeout // a call in flight at the end still waits its timeout
	}
	recovered := func() bool {
		l := d.app.top().Load()
		return l.LastErr == nil && l.LastOK.After(ended) && !d.app.statusInfo().Stale
	}
	if !d.runUntil(r.recoveryBound+15*time.Second, recovered) {
		t.Fatalf("no recovery 15 s past the bound %v; status %+v\n%s", r.recoveryBound, d.app.statusInfo(), d.screen())
	}
	r.recovered = time.Since(realEnded)
	fakeRecovered := clock.Now().Sub(ended)
	took := []time.Duration{r.recovered}
	if d.quiet == 0 { // else waiting calls moved the fake clock too
		took = append(took, fakeRecovered)
	}
	for _, took := range took {
		if took > r.recoveryBound {
			t.Errorf("recovered %v after the fault ended (%v on the dashboard's clock), bound %v (interval %v + SDK retry %v + backoff %v + slack)", r.recovered.Round(time.Millisecond), fakeRecovered, r.recoveryBound.Round(time.Millisecond), matrixInterval, sdkRetryDelay, backoff.Round(time.Millisecond))
			break
		}
	}
	info := d.app.statusInfo()
	if info.Stale || info.LastError != "" {
		t.Errorf("recovered, yet the status bar says stale %v, error %q", info.Stale, info.LastError)
	}
	if screen := d.screen(); strings.Contains(screen, "STALE") || !containsAll(screen, keep) {
		t.Errorf("after recovery the screen should be fresh and show %q:\n%s", keep, screen)
	}
	d.checkPanics()
	t.Logf("%s/%s: error shown after %v; %d calls in %v (bound %d): %v; recovered in %v (%v on the dashboard's clock; bound %v)",
		pane.name, fault.name, r.firstErrorAfter.Round(time.Millisecond), r.calls, r.window.Round(time.Millisecond), r.bound, during,
		r.recovered.Round(time.Millisecond), fakeRecovered, r.recoveryBound.Round(time.Millisecond))
	return r
}

// checkWaiting asserts what the screen says while background calls wait
// out a slow API: the data stays, with its age.
func checkWaiting(t *testing.T, d *modelDriver, keep []string, lastOK time.Time) {
	t.Helper()
	screen := d.screen()
	checkFits(t, screen, 120, 40)
	if !containsAll(screen, keep) {
		t.Errorf("the last good data left the screen while the API was slow (want %q):\n%s", keep, screen)
	}
	info := d.app.statusInfo()
	if !info.LastRefresh.Equal(lastOK) || !strings.Contains(screen, ui.TimeAge(lastOK, info.Now)) {
		t.Errorf("the status bar should show the data's age (%s):\n%s", ui.TimeAge(lastOK, info.Now), screen)
	}
}

// checkFailing asserts what the screen says while a fault lasts.
func checkFailing(t *testing.T, d *modelDriver, fault matrixFault, keep []string) {
	t.Helper()
	screen := d.screen()
	checkFits(t, screen, 120, 40)
	if !containsAll(screen, keep) {
		t.Errorf("the last good data left the screen during %s (want %q):\n%s", fault.name, keep, screen)
	}
	if !staleAge.MatchString(screen) {
		t.Errorf("no stale marker with the data's age during %s:\n%s", fault.name, screen)
	}
	info := d.app.statusInfo()
	if fault.throttled {
		// Throttling: "throttled N" and either the backoff in progress or
		// a failed refresh saying so.
		if !throttledCount.MatchString(screen) {
			t.Errorf("the status bar does not say calls are throttled:\n%s", screen)
		}
		if !backingOff.MatchString(screen) && !strings.Contains(info.LastError, "throttling") {
			t.Errorf("the status bar says neither that it backs off nor that AWS throttles (last error %q):\n%s", info.LastError, screen)
		}
		if info.LastError != "" && !strings.Contains(info.LastError, "throttl") {
			t.Errorf("a refresh failed under throttling, and the last error does not say so: %q", info.LastError)
		}
		return
	}
	for _, w := range fault.says {
		if !strings.Contains(info.LastError, w) {
			t.Errorf("during %s the last error should say %q: %q", fault.name, w, info.LastError)
		}
	}
	if info.Flash == "" && !strings.Contains(screen, "last error") {
		t.Errorf("the status bar does not show the last error during %s:\n%s", fault.name, screen)
	}
}

// callBound is the most AWS calls a pane may cause while a fault lasts
// window: one refresh per interval (plus the one in flight when the fault
// began), each call tried at most twice (the SDK retries a 5xx or a reset
// once, the budget a 429 once), and the watcher's reads when it watches
// the scene's session (two participants and a list).
func callBound(p matrixPane, window time.Duration) int {
	cycles := int(window/matrixInterval) + 2
	perCycle := p.perCycle
	if p.watched {
		perCycle += 3
	}
	return 2 * cycles * perCycle
}

func containsAll(s string, texts []string) bool {
	for _, x := range texts {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

func sumCounts(ms ...map[string]int) map[string]int {
	out := map[string]int{}
	for _, m := range ms {
		for k, v := range m {
			out[k] += v
		}
	}
	return out
}

func diffCounts(after, before map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range after {
		if n := v - before[k]; n > 0 {
			out[k] = n
		}
	}
	return out
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// logMatrix prints the measurements: per fault, the slowest recovery and
// the most calls against their bounds.
func logMatrix(t *testing.T, rs []matrixResult, took time.Duration) {
	sort.Slice(rs, func(i, j int) bool { return rs[i].pane+rs[i].fault < rs[j].pane+rs[j].fault })
	var b strings.Builder
	fmt.Fprintf(&b, "fault matrix: %d cases in %v (interval %v)\n", len(rs), took.Round(100*time.Millisecond), matrixInterval)
	fmt.Fprintf(&b, "%-10s %-14s %-14s %-16s %s\n", "fault", "error shown", "max calls", "max recovery", "its bound")
	for _, f := range matrixFaults {
		var worst matrixResult
		var errAfter time.Duration
		maxCalls, maxBound := 0, 0
		for _, r := range rs {
			if r.fault != f.name {
				continue
			}
			if r.recovered >= worst.recovered {
				worst = r
			}
			errAfter = max(errAfter, r.firstErrorAfter)
			if r.calls > maxCalls {
				maxCalls, maxBound = r.calls, r.bound
			}
		}
		fmt.Fprintf(&b, "%-10s %-14v %-14s %-16s %v\n", f.name, errAfter.Round(10*time.Millisecond),
			fmt.Sprintf("%d/%d", maxCalls, maxBound), fmt.Sprintf("%v (%s)", worst.recovered.Round(10*time.Millisecond), worst.pane), worst.recoveryBound.Round(10*time.Millisecond))
	}
	t.Log(b.String())
}
