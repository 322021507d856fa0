package model

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/service/metrics"
)

// Broadcast health end to end (issue 11): the dashboard against the
// emulator's CloudWatch, on a fake clock the emulator runs on too, so the
// per-minute history is there without waiting minutes.

// healthScene is a stage with a broadcast of some minutes: a host on a
// recent SDK publishing (with a BITRATE_EXCEEDED), alice subscribing from
// iOS, bob subscribing on a Web SDK too old for metrics, an RTMPS encoder
// publishing, and carol who only joined.
type healthScene struct {
	e      *emulator.Emulator
	clock  *fakeClock
	client *service.Client
	stage  service.Stage
	errAt  time.Time // the BITRATE_EXCEEDED
}

func newHealthScene(t *testing.T) *healthScene {
	t.Helper()
	clock := newFakeClock(t)
	clock.advanceTo(clock.Now().Truncate(time.Minute).Add(time.Minute + 10*time.Second))
	e := newEmulator(t, emulator.Options{NoThrottle: true, Seed: 11, Now: clock.Now})
	client := testClient(e)
	ctx := context.Background()
	st, _, err := client.CreateStage(ctx, service.CreateStageRequest{Name: "show"})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	join := func(user string, ci emulator.ClientInfo) string {
		t.Helper()
		tok, err := client.CreateParticipantToken(ctx, service.TokenRequest{StageARN: st.ARN, UserID: user})
		must(err)
		j, err := e.JoinWith(tok.Token.Reveal(), ci)
		must(err)
		return j.ParticipantID
	}
	minute := func() { clock.advanceTo(clock.Now().Add(time.Minute)) }
	host := join("host", emulator.ClientInfo{BrowserName: "Chrome", OSName: "macOS", SDKVersion: "1.20.0"})
	must(e.Publish(st.ARN, host))
	minute()
	alice := join("alice", emulator.ClientInfo{OSName: "iOS", SDKVersion: "1.14.0"})
	must(e.Subscribe(st.ARN, alice, host))
	minute()
	bob := join("bob", emulator.ClientInfo{BrowserName: "Firefox", OSName: "Windows", SDKVersion: "1.4.0"})
	must(e.Subscribe(st.ARN, bob, host))
	minute()
	must(e.RecordError(st.ARN, host, "PUBLISH_ERROR", "BITRATE_EXCEEDED"))
	errAt := clock.Now()
	minute()
	ing, err := client.CreateIngestConfiguration(ctx, service.CreateIngestRequest{Name: "encoder", Protocol: "RTMPS", StageARN: st.ARN, UserID: "encoder"})
	must(err)
	_, err = e.IngestPublish(ing.StreamKey.Reveal(), "RTMPS")
	must(err)
	minute()
	join("carol", emulator.ClientInfo{BrowserName: "Chrome", OSName: "Linux", SDKVersion: "1.20.0"})
	minute()
	st, err = client.GetStage(ctx, st.ARN)
	must(err)
	return &healthScene{e: e, clock: clock, client: client, stage: st, errAt: errAt}
}

// withMetrics gives the dashboard a CloudWatch client on the emulator.
func withMetrics(c *Config) { c.Metrics = metrics.New(c.Client) }

// sparkRunes are a sparkline's cells.
const sparkRunes = "▁▂▃▄▅▆▇█"

// rowWith is the screen's line that contains text ("" when none).
func rowWith(screen, text string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

// openParticipant goes from the participants pane to one participant's
// metrics: filter by user id, open, m.
func openParticipant(h *harness, user string) string {
	h.t.Helper()
	h.press("/")
	h.typeText(user)
	h.press("enter")
	h.waitScreen("only "+user+" listed", func(s string) bool {
		return strings.Contains(s, "filter: "+user) && strings.Contains(rowWith(s, "▸"), user) && strings.Contains(s, "1 shown")
	})
	h.press("enter")
	h.waitFor("Participant " + user)
	h.press("m")
	return h.waitScreen(user+"'s metrics", func(s string) bool {
		return strings.Contains(s, "▲1 ") || strings.Contains(s, "no metrics")
	})
}

// Every metric the issue names, reached through the keys: the stages'
// sparklines, the stage's charts against its quotas (detail and sessions),
// the breakdown by platform, SDK version and country, each participant's
// charts with the error marked at its minute, why some have none, and
// :quotas.
func TestBroadcastHealthEndToEnd(t *testing.T) {
	sc := newHealthScene(t)
	h := startHarness(t, sc.e, harnessOpts{width: 140, height: 44, clock: sc.clock, config: withMetrics})

	h.waitScreen("the show's sparklines", func(s string) bool {
		return strings.Contains(s, "SUBS 15m") && strings.ContainsAny(rowWith(s, "show"), sparkRunes)
	})

	h.press("d")
	h.waitFor("Stage show", "Publishers 2/12", "Subscribers 2/10,000", "now 2")
	h.press("b")
	h.waitFor("Quality of show", "PLATFORM", "iOS", "SUBSCRIBE BITRATE", "DROPPED FRAMES", "PACKET LOSS")
	h.press("tab")
	h.waitFor("SDK VERSION", "iOS 1.14.0")
	h.press("tab")
	scr := h.waitScreen("the countries", func(s string) bool {
		return strings.Contains(s, "COUNTRY") && strings.ContainsAny(rowWith(s, "%"), sparkRunes)
	})
	if strings.Contains(scr, "1.4.0") {
		t.Errorf("bob's SDK sends no metrics, yet it is in the breakdown:\n%s", scr)
	}
	h.press("esc", "esc")
	h.waitFor("SUBS 15m")
	h.press("enter")
	h.waitFor("Sessions of show", "◆ LIVE", "Publishers 2/12", "Subscribers 2/10,000")
	h.press("enter")
	h.waitFor("carol", "encoder")

	scr = openParticipant(h, "host")
	errMinute := sc.errAt.UTC().Format("15:04")
	for _, want := range []string{"Publish bitrate", "Publish resolution", "8.5 Mb/s", "720p", "PUBLISH_ERROR BITRATE_EXCEEDED"} {
		if !strings.Contains(scr, want) {
			t.Errorf("the host's metrics lack %q:\n%s", want, scr)
		}
	}
	if legend := rowWith(scr, "BITRATE_EXCEEDED"); !strings.Contains(legend, errMinute) {
		t.Errorf("the error's marker is not at %s: %q", errMinute, legend)
	}
	checkMarkerColumn(t, scr)
	h.press("esc", "esc")

	h.waitFor("carol")
	scr = openParticipant(h, "alice")
	for _, want := range []string{"Subscribe bitrate", "Dropped frames", "Packet loss"} {
		if !strings.Contains(scr, want) {
			t.Errorf("alice's metrics lack %q:\n%s", want, scr)
		}
	}
	h.press("esc", "esc")
	h.waitFor("carol")
	openParticipant(h, "bob")
	h.waitFor("1.4.0", "older than 1.5.2")
	h.press("esc", "esc")
	h.waitFor("carol")
	openParticipant(h, "carol")
	h.waitFor("neither published nor subscribed")
	h.press("esc", "esc")
	h.waitFor("carol")
	openParticipant(h, "encoder")
	h.waitFor("Publish frame rate", "fps")
	h.press("m")
	h.waitFor("Events")

	h.jump("quotas")
	scr = h.waitScreen("the quotas", func(s string) bool {
		return strings.Contains(rowWith(s, "Concurrent publishers"), "1,000") && strings.ContainsAny(rowWith(s, "Concurrent subscriptions"), sparkRunes) &&
			strings.Contains(rowWith(s, "Ingest configurations"), "1 ")
	})
	for name, want := range map[string]string{
		"Concurrent publishers": " 2 ", "Concurrent subscriptions": " 2 ", "Stages": " 1 ", "Active compositions": " 0 ",
		"Encoder configurations": " 0 ", "Storage configurations": " 0 ", "Public keys": " 0 ",
	} {
		if row := rowWith(scr, name); !strings.Contains(row, want) {
			t.Errorf("%s: %q, want %q used", name, row, want)
		}
	}
}

// checkMarkerColumn checks that the bitrate chart's ▲ of the error sits
// in a column where the bar reaches the top row (over the limit: the
// emulator has the bitrate over 8.5 Mb/s in the error's minute and the one
// before), and the markers of the join at the start do not.
func checkMarkerColumn(t *testing.T, scr string) {
	t.Helper()
	lines := strings.Split(scr, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "Publish bitrate") || i+1 >= len(lines) {
			continue
		}
		top := []rune(lines[i+1])
		for _, axis := range lines[i+2:] {
			if !strings.Contains(axis, "└") {
				continue
			}
			over, under := 0, 0
			left := []rune(axis)
			if second := strings.LastIndex(axis, "└"); second != strings.Index(axis, "└") {
				left = []rune(axis[:second]) // the chart beside it is not this one
			}
			for j, r := range left {
				if r != '▲' {
					continue
				}
				if j < len(top) && top[j] == '█' {
					over++
				} else {
					under++
				}
			}
			if over != 1 || under != 1 {
				t.Errorf("markers over the limit %d, under it %d; want the error's over, the join's under:\n%s\n%s", over, under, lines[i+1], axis)
			}
			return
		}
	}
	t.Errorf("no bitrate chart at the left:\n%s", scr)
}

// --no-metrics: no sparkline, no chart, m does nothing, and no CloudWatch call.
func TestNoMetricsMakesNoCall(t *testing.T) {
	sc := newHealthScene(t)
	h := startHarness(t, sc.e, harnessOpts{width: 140, height: 44, clock: sc.clock})
	h.waitFor("show", "live")
	h.press("d")
	h.waitFor("Stage show", "RTMPS")
	h.press("esc", "enter")
	h.waitFor("Sessions of show", "◆ LIVE")
	h.press("enter")
	h.waitFor("carol")
	h.press("/")
	h.typeText("host")
	h.press("enter", "enter")
	h.waitFor("Participant host", "Events")
	h.press("m")
	h.waitClock(sc.clock.Now().Add(3 * time.Minute))
	scr := h.waitFor("Events")
	for _, not := range []string{"Publish bitrate", "SUBS 15m", "CloudWatch"} {
		if strings.Contains(scr, not) {
			t.Errorf("--no-metrics shows %q:\n%s", not, scr)
		}
	}
	if ops := sc.e.Operations(); ops["GetMetricData"]+ops["ListMetrics"] != 0 {
		t.Errorf("--no-metrics called CloudWatch: %d GetMetricData, %d ListMetrics", ops["GetMetricData"], ops["ListMetrics"])
	}
}

// Without cloudwatch:GetMetricData the panes say so, once, with the action
// to grant, stop asking, and everything else works. CloudWatch is a second
// emulator whose credentials are refused; IVS is the first.
func TestMetricsDeniedSaysSoOnce(t *testing.T) {
	sc := newHealthScene(t)
	cw := newEmulator(t, emulator.Options{NoThrottle: true, Now: sc.clock.Now})
	if err := cw.SetCredentialMode(emulator.CredentialsDenied); err != nil {
		t.Fatal(err)
	}
	h := startHarness(t, sc.e, harnessOpts{width: 140, height: 44, clock: sc.clock, config: func(c *Config) {
		c.Metrics = metrics.New(testClient(cw))
	}})
	scr := h.waitFor("show", "no sparklines: grant cloudwatch:GetMetricData")
	if strings.Contains(scr, "SUBS 15m") {
		t.Errorf("the sparkline columns stay after the refusal:\n%s", scr)
	}
	h.press("d")
	scr = h.waitFor("Stage show", "RTMPS", "cloudwatch:GetMetricData")
	if n := strings.Count(scr, "cloudwatch:GetMetricData"); n != 1 {
		t.Errorf("the stage detail says it %d times:\n%s", n, scr)
	}
	h.press("esc", "enter")
	h.waitFor("Sessions of show", "◆ LIVE", "cloudwatch:GetMetricData")
	h.press("enter")
	h.waitFor("carol", "host")
	calls := cw.Refused()["GetMetricData"] + cw.Operations()["GetMetricData"]
	h.waitClock(sc.clock.Now().Add(3 * time.Minute))
	if again := cw.Refused()["GetMetricData"] + cw.Operations()["GetMetricData"]; again != calls || calls != 1 {
		t.Errorf("%d GetMetricData refused before, %d after three minutes: want one, and no more", calls, again)
	}
	if sc.e.Operations()["ListParticipants"] == 0 {
		t.Error("the participants were not listed")
	}
}

// The stages pane with 1,000 stages (every third live) reads the
// sparklines of the screen's live stages in one GetMetricData call, at most
// once a minute for the same screen: paging the list in, polling and
// moving within the screen cost nothing more; a new screen costs one call,
// and a screen read less than a minute ago none. The sparklines show
// within 2 s of the rows (real time; the figure is in BENCHMARKS.md).
func TestStagesSparklinesCostOneCallPerScreenPerMinute(t *testing.T) {
	clock := newFakeClock(t)
	e := newEmulator(t, emulator.Options{NoThrottle: true, Seed: 5, Now: clock.Now})
	client := service.NewForEndpoint(e.URL(), "us-east-1", budget.Config{Unlimited: true}) // the setup's

	ctx := context.Background()
	made := time.Now()
	for i := range 1000 {
		st, _, err := client.CreateStage(ctx, service.CreateStageRequest{Name: fmt.Sprintf("stage-%04d", i)})
		if err != nil {
			t.Fatal(err)
		}
		if i%3 != 0 {
			continue
		}
		tok, err := client.CreateParticipantToken(ctx, service.TokenRequest{StageARN: st.ARN})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Join(tok.Token.Reveal()); err != nil {
			t.Fatal(err)
		}
	}
	clock.advanceTo(clock.Now().Add(2 * time.Minute))
	t.Logf("1,000 stages made in %v", time.Since(made).Round(time.Millisecond))
	calls := func() int { return e.Operations()["GetMetricData"] }

	h := startHarness(t, e, harnessOpts{width: 140, height: 40, clock: clock, interval: 10 * time.Second, config: withMetrics})
	var rowsAt time.Time
	scr := h.waitScreen("sparklines on the first screen", func(s string) bool {
		if rowsAt.IsZero() && strings.Contains(s, "stage-") {
			rowsAt = time.Now()
		}
		return strings.ContainsAny(rowWith(s, "stage-0000"), sparkRunes)
	})
	took := time.Since(rowsAt)
	t.Logf("sparklines %v after the rows (1,000 stages, %d live on screen)", took.Round(time.Millisecond), strings.Count(scr, "LIVE"))
	if took > 2*time.Second {
		t.Errorf("the sparklines took %v after the rows, want under 2 s", took)
	}
	h.waitFor("1,000 stages")
	start := clock.Now()
	if n := calls(); n != 1 {
		t.Fatalf("%d GetMetricData calls for the first screen, want 1", n)
	}
	// Polling for half a minute and moving within the screen: no call.
	h.press("down", "down")
	h.waitClock(start.Add(30 * time.Second))
	if n := calls(); n != 1 {
		t.Errorf("%d calls after half a minute on one screen, want 1", n)
	}
	// The next screen: one call; back to the first, read 30 s ago: none.
	h.press("pgdown")
	h.waitScreen("the next screen's sparklines", func(s string) bool {
		return !strings.Contains(s, "stage-0000") && strings.ContainsAny(rowWith(s, "stage-0039"), sparkRunes)
	})
	if n := calls(); n != 2 {
		t.Errorf("%d calls after a second screen, want 2", n)
	}
	h.press("pgup")
	h.waitFor("stage-0000")
	h.waitClock(start.Add(45 * time.Second))
	if n := calls(); n != 2 {
		t.Errorf("%d calls after going back to a screen read 45 s ago, want 2", n)
	}
	// A minute after the first read the screen is read again, once.
	h.waitClock(start.Add(90 * time.Second))
	if n := calls(); n != 3 {
		t.Errorf("%d calls after a minute and a half, want 3", n)
	}
}
