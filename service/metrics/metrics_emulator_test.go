package metrics

// The metrics client against the emulator over loopback, through the real
// aws-sdk-go-v2 cloudwatch client (Smithy RPC v2 CBOR), on a clock the test
// moves so that minutes pass at once.

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// clock is a time the test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type fixture struct {
	e     *emulator.Emulator
	ivs   *service.Client
	cw    *Client
	clock *clock
	ctx   context.Context
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	clk := &clock{t: time.Date(2026, 12, 4, 14, 0, 10, 0, time.UTC)}
	e, err := emulator.Start(ctx, "127.0.0.1:0", emulator.Options{Now: clk.now, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	svc := service.NewForEndpoint(e.URL(), "", budget.Config{Unlimited: true})
	cw := New(svc)
	cw.now = clk.now
	return &fixture{e: e, ivs: svc, cw: cw, clock: clk, ctx: ctx}
}

// broadcast makes a stage with a host publishing and n viewers subscribed,
// minute by minute: one viewer joins each minute. It returns the stage and
// the host's participant id.
func (f *fixture) broadcast(t *testing.T, name string, viewers int) (service.Stage, string) {
	t.Helper()
	st, _, err := f.ivs.CreateStage(f.ctx, service.CreateStageRequest{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	join := func(ci emulator.ClientInfo) string {
		tok, err := f.ivs.CreateParticipantToken(f.ctx, service.TokenRequest{StageARN: st.ARN})
		if err != nil {
			t.Fatal(err)
		}
		j, err := f.e.JoinWith(tok.Token.Reveal(), ci)
		if err != nil {
			t.Fatal(err)
		}
		return j.ParticipantID
	}
	host := join(emulator.ClientInfo{BrowserName: "Chrome", OSName: "macOS", SDKVersion: "1.20.0"})
	if err := f.e.Publish(st.ARN, host); err != nil {
		t.Fatal(err)
	}
	for i := range viewers {
		f.clock.add(time.Minute)
		ci := emulator.ClientInfo{OSName: "iOS", SDKVersion: "1.14.0"}
		if i%2 == 1 {
			ci = emulator.ClientInfo{BrowserName: "Firefox", OSName: "Windows", SDKVersion: "1.4.0"}
		}
		v := join(ci)
		if err := f.e.Subscribe(st.ARN, v, host); err != nil {
			t.Fatal(err)
		}
	}
	return st, host
}

func TestStageCountsFollowTheParticipants(t *testing.T) {
	f := newFixture(t)
	live, _ := f.broadcast(t, "live", 3)
	idle, _, err := f.ivs.CreateStage(f.ctx, service.CreateStageRequest{Name: "idle"})
	if err != nil {
		t.Fatal(err)
	}
	f.clock.add(time.Minute)
	w := f.cw.Recent(15 * time.Minute)
	before := f.e.Operations()["GetMetricData"]
	counts, err := f.cw.StageCounts(f.ctx, w, []string{live.ID, idle.ID})
	if err != nil {
		t.Fatal(err)
	}
	if n := f.e.Operations()["GetMetricData"] - before; n != 1 {
		t.Errorf("%d GetMetricData calls for two stages, want 1", n)
	}
	subs := counts[live.ID].Subscribers.Points
	if len(subs) != 5 {
		t.Fatalf("subscribers %v: want a point a minute for 5 minutes", subs)
	}
	for i, want := range []float64{0, 1, 2, 3, 3} {
		if subs[i].Value != want || !subs[i].Time.Equal(time.Date(2026, 12, 4, 14, i, 0, 0, time.UTC)) {
			t.Errorf("minute %d: %v, want %v at 14:%02d", i, subs[i], want, i)
		}
	}
	if p, ok := counts[live.ID].Publishers.Last(); !ok || p.Value != 1 {
		t.Errorf("publishers %v", counts[live.ID].Publishers.Points)
	}
	if len(counts[idle.ID].Subscribers.Points) != 0 {
		t.Errorf("a stage nobody joined has points: %v", counts[idle.ID].Subscribers.Points)
	}
	region, err := f.cw.Region(f.ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := region.ConcurrentSubscriptions.Last(); p.Value != 3 {
		t.Errorf("region-wide subscriptions %v", region.ConcurrentSubscriptions.Points)
	}
}

// Six hundred stages are 1,200 queries: three GetMetricData calls of at
// most 500, in the order asked.
func TestFetchBatchesAndPages(t *testing.T) {
	f := newFixture(t)
	live, _ := f.broadcast(t, "live", 2)
	f.clock.add(time.Minute)
	ids := make([]string, 600)
	for i := range ids {
		ids[i] = "none" + string(rune('a'+i%26))
	}
	ids[599] = live.ID
	w := f.cw.Recent(15 * time.Minute)
	before := f.e.Operations()["GetMetricData"]
	counts, err := f.cw.StageCounts(f.ctx, w, ids)
	if err != nil {
		t.Fatal(err)
	}
	if n := f.e.Operations()["GetMetricData"] - before; n != 3 {
		t.Errorf("%d calls for 1,200 queries, want 3", n)
	}
	if got := len(counts[live.ID].Subscribers.Points); got != 4 {
		t.Errorf("the last stage's subscribers: %d points", got)
	}
	// Two points a page: the answer pages with NextToken and comes whole.
	f.cw.maxDatapoints = 2
	before = f.e.Operations()["GetMetricData"]
	counts, err = f.cw.StageCounts(f.ctx, w, []string{live.ID})
	if err != nil {
		t.Fatal(err)
	}
	if n := f.e.Operations()["GetMetricData"] - before; n < 4 {
		t.Errorf("%d calls with 2 points a page for 8 points", n)
	}
	if got := counts[live.ID]; len(got.Subscribers.Points) != 4 || len(got.Publishers.Points) != 4 ||
		!got.Subscribers.Points[0].Time.Before(got.Subscribers.Points[3].Time) {
		t.Errorf("paged series %+v", got)
	}
}

// A BITRATE_EXCEEDED event sits on a bitrate that crossed 8.5 Mbps.
func TestParticipantMetricsAndTheExceededBitrate(t *testing.T) {
	f := newFixture(t)
	st, host := f.broadcast(t, "show", 2)
	f.clock.add(2 * time.Minute)
	if err := f.e.RecordError(st.ARN, host, "PUBLISH_ERROR", "BITRATE_EXCEEDED"); err != nil {
		t.Fatal(err)
	}
	errMinute := f.clock.now().Truncate(time.Minute)
	f.clock.add(time.Minute)
	h, err := f.cw.Participant(f.ctx, f.cw.Recent(15*time.Minute), st.ID, host)
	if err != nil {
		t.Fatal(err)
	}
	if h.None || len(h.PublishBitrate) < 2 || len(h.PublishResolution) == 0 {
		t.Fatalf("host's health %+v", h)
	}
	var video Series
	for _, s := range h.PublishBitrate {
		if s.Dimension(ivs.DimMediaType) == "video" && s.Dimension(ivs.DimSimulcastLayer) == "none" || s.Dimension(ivs.DimSimulcastLayer) == "hi" {
			video = s
		}
	}
	crossed := false
	for _, p := range video.Points {
		if p.Value > ivs.MaxPublishBitrate && !p.Time.After(errMinute) {
			crossed = true
		}
		if p.Value > ivs.MaxPublishBitrate && p.Time.Before(errMinute.Add(-time.Minute)) {
			t.Errorf("over the limit long before the event: %v", p)
		}
	}
	if !crossed {
		t.Errorf("no point over %d bps at or before the event at %s: %v", ivs.MaxPublishBitrate, errMinute, video.Points)
	}
	// A viewer on an SDK too old for metrics has none; a recent one has
	// the subscriber-side series.
	ps, err := f.ivs.ListParticipants(f.ctx, st.ARN, mustSession(t, f, st.ARN), service.ParticipantFilter{}, service.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var sawOld, sawNew bool
	for _, p := range ps.Items {
		if p.ID == host {
			continue
		}
		h, err := f.cw.Participant(f.ctx, f.cw.Recent(15*time.Minute), st.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if h.None {
			sawOld = true
		} else if len(h.SubscribeBitrate) == 2 && len(h.DownloadPacketLoss) == 1 && len(h.DroppedFrames) == 1 && len(h.PublishBitrate) == 0 {
			sawNew = true
		}
	}
	if !sawOld || !sawNew {
		t.Errorf("viewers: one without metrics %v, one with subscriber metrics %v", sawOld, sawNew)
	}
	by, err := f.cw.Breakdown(f.ctx, f.cw.Recent(15*time.Minute), st.ID, ivs.MetricDownloadPacketLoss, ivs.DimPlatform)
	if err != nil {
		t.Fatal(err)
	}
	if len(by) != 1 || by[0].Dimension(ivs.DimPlatform) != "iOS" || len(by[0].Points) == 0 {
		t.Errorf("breakdown by platform %+v", by)
	}
	if _, err := f.cw.Breakdown(f.ctx, f.cw.Recent(15*time.Minute), st.ID, ivs.MetricPublishResolution, ivs.DimPlatform); !service.IsValidation(err) {
		t.Errorf("a breakdown the namespace has not: %v", err)
	}
}

func mustSession(t *testing.T, f *fixture, arn string) string {
	t.Helper()
	st, err := f.ivs.GetStage(f.ctx, arn)
	if err != nil {
		t.Fatal(err)
	}
	return st.ActiveSessionID
}

// Without cloudwatch:GetMetricData the error is its own kind, with the
// action to grant; a bad window never reaches CloudWatch.
func TestErrorsAreClassified(t *testing.T) {
	f := newFixture(t)
	if err := f.e.SetCredentialMode(emulator.CredentialsDenied); err != nil {
		t.Fatal(err)
	}
	_, err := f.cw.StageCounts(f.ctx, f.cw.Recent(15*time.Minute), []string{"abc"})
	var e *service.Error
	if !errors.As(err, &e) || e.Kind != service.MetricsAccessDenied || e.Op != "GetMetricData" || e.Status != 403 {
		t.Fatalf("denied: %#v", err)
	}
	if h := e.Hint(); !strings.Contains(h, "cloudwatch:GetMetricData") {
		t.Errorf("hint %q", h)
	}
	if err := f.e.SetCredentialMode(emulator.CredentialsOK); err != nil {
		t.Fatal(err)
	}
	w := f.cw.Recent(15 * time.Minute)
	w.Start, w.End = w.End, w.Start
	before := f.e.Operations()["GetMetricData"]
	if _, err := f.cw.Fetch(f.ctx, w, []Query{{Metric: ivs.MetricPublishers}}); !service.IsValidation(err) {
		t.Errorf("start after end: %v", err)
	}
	if f.e.Operations()["GetMetricData"] != before {
		t.Error("a bad window was sent")
	}
	// The server's own validation comes back classified too.
	f.cw.maxDatapoints = -1
	if _, err := f.cw.Fetch(f.ctx, f.cw.Recent(time.Hour), []Query{{Metric: ivs.MetricPublishers}}); !service.IsValidation(err) {
		t.Errorf("MaxDatapoints -1: %v", err)
	}
}
