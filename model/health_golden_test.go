package model

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/service/metrics"
)

// Golden views of the broadcast-health screens (issue 11) at the fixed
// sizes, from fed answers: the panes' commands are never run, so the
// CloudWatch client here calls nothing.

// withMetricsClient turns metrics on in a test app.
func withMetricsClient(a *App) {
	a.ctx.Metrics = metrics.New(service.NewForEndpoint("http://127.0.0.1:4566", "us-east-1", budget.Config{Unlimited: true}))
}

// series is a metric's points a minute apart ending at t0's minute, from
// f(minutes before t0).
func series(metric string, dims []metrics.Dimension, from time.Duration, f func(ago int) float64) metrics.Series {
	s := metrics.Series{Query: metrics.Query{Metric: metric, Dimensions: dims, Period: time.Minute}}
	end := t0.Truncate(time.Minute)
	for ago := int(from / time.Minute); ago >= 0; ago-- {
		s.Points = append(s.Points, metrics.Point{Time: end.Add(-time.Duration(ago) * time.Minute), Value: f(ago)})
	}
	return s
}

// audience rises and falls: a broadcast's subscribers over 15 minutes.
func audience(peak float64) func(int) float64 {
	return func(ago int) float64 { return math.Round(peak * (0.55 + 0.45*math.Sin(float64(15-ago)/3))) }
}

func stageCounts(pubs float64, subsPeak float64) metrics.StageCounts {
	return metrics.StageCounts{
		Publishers:  series(ivs.MetricPublishers, nil, 14*time.Minute, func(ago int) float64 { return math.Min(pubs, float64(15-ago)) }),
		Subscribers: series(ivs.MetricSubscribers, nil, 14*time.Minute, audience(subsPeak)),
	}
}

func recent(a *App) metrics.Window { return a.ctx.MetricsWindow(kit.MetricsRecent) }

func TestGoldenStagesSparklines(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withMetricsClient(a)
		p := withStages(t, a)
		_ = screen(a) // lays the rows out: the sparklines are read for those on screen
		p.Refresh(a.ctx)
		live := stageFixture()[0]
		deliver(t, a, p, "sparks", kit.Windowed[map[string]metrics.StageCounts]{
			Val: map[string]metrics.StageCounts{live.ID: stageCounts(3, 9400), stageFixture()[2].ID: {}}, Window: recent(a)}, nil)
	})
}

// The stage detail with its charts: 11 of 12 publishers is past 80%.
func TestGoldenStageDetailHealth(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		p := withStageDetail(t, a)
		deliver(t, a, p, "health", kit.Windowed[metrics.StageCounts]{Val: stageCounts(11, 420), Window: recent(a)}, nil)
	})
}

// withStageDetail opens main-broadcast's detail with CloudWatch on.
func withStageDetail(tb testing.TB, a *App) kit.Pane {
	withMetricsClient(a)
	st := stageFixture()[0]
	p := panes.Panes.Open(a.ctx, route.Stage{Stage: st})
	push(a, p)
	deliver(tb, a, p, "stage", st, nil)
	return p
}

func TestGoldenSessionsHealth(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withMetricsClient(a)
		sp := panes.Panes.Open(a.ctx, route.Sessions{Stage: stageFixture()[0]})
		push(a, sp)
		deliver(t, a, sp, "sessions", service.Page[service.Session]{Items: sessionFixture()}, nil)
		deliver(t, a, sp, "health", kit.Windowed[metrics.StageCounts]{Val: stageCounts(3, 9400), Window: recent(a)}, nil)
	})
}

// A publisher's metrics over its session, its BITRATE_EXCEEDED marked at
// its minute on the bitrate it crossed.
func TestGoldenParticipantHealth(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) { withParticipantCharts(t, a) })
}

// withParticipantCharts opens alice, a publisher of 39 minutes whose
// bitrate crossed the limit 12 minutes ago, and shows her charts (m).
func withParticipantCharts(tb testing.TB, a *App) {
	withMetricsClient(a)
	st, sess := stageFixture()[0], sessionFixture()[1]
	alice := participantFixture(1)[0]
	alice.SDKVersion, alice.OSName = "1.21.0", "macOS"
	p := panes.Panes.Open(a.ctx, route.Participant{Stage: st, Session: sess, Participant: alice})
	push(a, p)
	deliver(tb, a, p, "participant", alice, nil)
	deliver(tb, a, p, "events", panes.EventPage{Page: service.Page[service.Event]{Items: []service.Event{
		{Name: ivs.EventJoined, ParticipantID: alice.ID, Time: t0.Add(-40 * time.Minute)},
		{Name: ivs.EventPublishStarted, ParticipantID: alice.ID, Time: t0.Add(-39 * time.Minute)},
		{Name: ivs.EventPublishError, ParticipantID: alice.ID, ErrorCode: "BITRATE_EXCEEDED", Time: t0.Add(-12 * time.Minute)},
	}}}, nil)
	a.Update(keyMsg("m"))
	video := []metrics.Dimension{{Name: ivs.DimSimulcastLayer, Value: "hi"}, {Name: ivs.DimMediaType, Value: "video"}}
	over := func(normal float64, limit float64) func(int) float64 {
		return func(ago int) float64 {
			if ago == 12 || ago == 13 {
				return limit * 1.08
			}
			return normal + float64(ago%5)*normal/20
		}
	}
	const since = 39 * time.Minute
	health := metrics.ParticipantHealth{
		PublishBitrate:    []metrics.Series{series(ivs.MetricPublishBitrate, video, since, over(2_500_000, ivs.MaxPublishBitrate))},
		PublishResolution: []metrics.Series{series(ivs.MetricPublishResolution, video, since, func(int) float64 { return 720 })},
		DroppedFrames:     []metrics.Series{series(ivs.MetricDroppedFrames, nil, since, func(ago int) float64 { return float64(ago%4) * 0.3 })},
		DownloadPacketLoss: []metrics.Series{series(ivs.MetricDownloadPacketLoss, nil, since, func(ago int) float64 {
			return float64((ago*7)%5) * 0.2
		})},
	}
	deliver(tb, a, p, "health", kit.Windowed[metrics.ParticipantHealth]{Val: health, Window: a.ctx.SessionWindow(sess.Start, sess.End)}, nil)
}

// A viewer on a Web SDK too old for metrics: the pane says why it has none.
func TestGoldenParticipantWithoutMetrics(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withMetricsClient(a)
		st, sess := stageFixture()[0], sessionFixture()[1]
		bob := participantFixture(2)[1]
		bob.SDKVersion, bob.BrowserName, bob.OSName = "1.4.0", "Firefox", "Windows"
		p := panes.Panes.Open(a.ctx, route.Participant{Stage: st, Session: sess, Participant: bob})
		push(a, p)
		deliver(t, a, p, "participant", bob, nil)
		deliver(t, a, p, "events", panes.EventPage{Page: service.Page[service.Event]{Items: []service.Event{
			{Name: ivs.EventJoined, ParticipantID: bob.ID, Time: t0.Add(-30 * time.Minute)},
			{Name: ivs.EventSubscribeStarted, ParticipantID: bob.ID, RemoteParticipantID: "pAlice000001", Time: t0.Add(-29 * time.Minute)},
		}}}, nil)
		a.Update(keyMsg("m"))
		deliver(t, a, p, "health", kit.Windowed[metrics.ParticipantHealth]{Val: metrics.ParticipantHealth{None: true}, Window: a.ctx.SessionWindow(sess.Start, sess.End)}, nil)
	})
}

// "Is it one SDK?": the stage's quality by SDK version, the worst first.
func TestGoldenBreakdown(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withMetricsClient(a)
		p := panes.Panes.Open(a.ctx, route.Breakdown{Stage: stageFixture()[0]})
		push(a, p)
		a.Update(keyMsg("tab")) // by SDK version
		rows := []panes.BreakdownRow{}
		for i, v := range []struct {
			platform, sdk    string
			bitrate, dropped float64
		}{{"iOS", "1.14.0", 2_400_000, 0.2}, {"Android", "1.12.3", 1_100_000, 6.5}, {"Web", "1.21.0", 2_900_000, 0.1}} {
			dims := []metrics.Dimension{{Name: ivs.DimPlatform, Value: v.platform}, {Name: ivs.DimSDKVersion, Value: v.sdk}}
			r := panes.BreakdownRow{Value: v.platform + " " + v.sdk}
			for m, f := range []func(int) float64{
				func(ago int) float64 { return v.bitrate * (1 - 0.02*float64(ago%3)) },
				func(ago int) float64 { return v.dropped * (1 + 0.1*float64(ago%4)) },
				func(ago int) float64 { return float64(i) * 0.4 },
			} {
				s := series([]string{ivs.MetricSubscribeBitrate, ivs.MetricDroppedFrames, ivs.MetricDownloadPacketLoss}[m], dims, 14*time.Minute, f)
				r.Series[m] = &s
			}
			rows = append(rows, r)
		}
		panes.SortBreakdown(rows)
		deliver(t, a, p, "breakdown", kit.Windowed[[]panes.BreakdownRow]{Val: rows, Window: recent(a)}, nil)
	})
}

// :quotas with the storage configurations and public keys at their quotas.
func TestGoldenQuotas(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		withMetricsClient(a)
		p := panes.Panes.Open(a.ctx, route.Quotas{})
		push(a, p)
		deliver(t, a, p, "counts", panes.ResourceCounts{Stages: 412, ActiveCompositions: 3, Encoders: 4, Storage: 5, Ingest: 17, PublicKeys: 3}, nil)
		deliver(t, a, p, "region", kit.Windowed[metrics.RegionCounts]{Val: metrics.RegionCounts{
			ConcurrentPublishers:    series(ivs.MetricConcurrentPublishers, nil, 14*time.Minute, audience(140)),
			ConcurrentSubscriptions: series(ivs.MetricConcurrentSubscriptions, nil, 14*time.Minute, audience(17500)),
		}, Window: recent(a)}, nil)
	})
}

// Refused cloudwatch:GetMetricData: the stage detail says so once, in
// words with the actions to grant, in place of the charts.
func TestGoldenMetricsDenied(t *testing.T) {
	forSizes(t, func(t *testing.T, a *App) {
		p := withStageDetail(t, a)
		denied := &service.Error{Kind: service.MetricsAccessDenied, Op: "GetMetricData", Message: "not authorized to perform: cloudwatch:GetMetricData"}
		denied.Err = errors.New(denied.Message)
		deliver(t, a, p, "health", kit.Windowed[metrics.StageCounts]{}, denied)
	})
}
