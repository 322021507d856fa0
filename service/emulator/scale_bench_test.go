package emulator

import (
	"runtime"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
)

var scaleOptions = Options{Simulate: true, Seed: 1, Participants: 10_000, Stages: 1000, SimulationTick: time.Hour}

// BenchmarkScaleGenerate is New with the simulation, 10,000 participants and
// 1,000 stages, then Close: the simulation's own setup (signing keys, the
// demo's stages and configurations) is included. heap-MB is the live heap
// such an emulator holds after a garbage collection, measured once.
func BenchmarkScaleGenerate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		e, err := New(scaleOptions)
		if err != nil {
			b.Fatal(err)
		}
		_ = e.Close()
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	e, err := New(scaleOptions)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
	_ = e.Close()
}

// BenchmarkListParticipants10k is a full walk of the 10,000-participant
// session through the SDK over loopback: 101 pages of up to 100, throttling
// off.
func BenchmarkListParticipants10k(b *testing.B) {
	opts := scaleOptions
	opts.NoThrottle = true
	v := start(b, opts)
	arn, sess, _ := v.e.BusiestSession()
	pages := 0
	b.ReportAllocs()
	for b.Loop() {
		in := &ivsrealtime.ListParticipantsInput{StageArn: aws.String(arn), SessionId: aws.String(sess), MaxResults: aws.Int32(100)}
		n := 0
		pages = 0
		for {
			out, err := v.c.ListParticipants(v.ctx, in)
			if err != nil {
				b.Fatal(err)
			}
			n += len(out.Participants)
			pages++
			if out.NextToken == nil {
				break
			}
			in.NextToken = out.NextToken
		}
		if n < 10_000 {
			b.Fatalf("walked %d participants", n)
		}
	}
	b.ReportMetric(float64(pages), "pages/op")
}

// BenchmarkListParticipantsPage is one page of 100 from the backend, at the
// start and near the end of the 10,000 (the cursor is found by binary search,
// so both cost the same), and the publishers through filterByPublished
// (an index), next to the scan it replaced.
func BenchmarkListParticipantsPage(b *testing.B) {
	e, err := New(scaleOptions)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = e.Close() })
	arn, sess, _ := e.BusiestSession()
	in := func() *listParticipantsIn {
		return &listParticipantsIn{listIn: listIn{MaxResults: aws.Int32(100)}, StageArn: aws.String(arn), SessionID: aws.String(sess)}
	}
	// A page near the end: the 99th of 100.
	last := in()
	for range 98 {
		out, err := handleListParticipants(e.b, last)
		if err != nil {
			b.Fatal(err)
		}
		next := out.(listParticipantsOut).NextToken
		last.NextToken = &next
	}
	published := in()
	published.FilterByPublished = aws.Bool(true)
	// What filterByPublished cost before the index: a scan of the session.
	b.Run("published-scan", func(b *testing.B) {
		e.b.mu.Lock()
		defer e.b.mu.Unlock()
		st, _ := e.b.stages.get(arn[len(arn)-12:])
		items := st.active.participants.order
		b.ReportAllocs()
		for b.Loop() {
			paginate(items, 0, 100, func(p *participant) bool { return p.published })
		}
	})
	for _, bc := range []struct {
		name string
		in   *listParticipantsIn
	}{{"first", in()}, {"last", last}, {"published", published}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := handleListParticipants(e.b, bc.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSimulationSetup is New with the simulation and no scale, to
// subtract from BenchmarkScaleGenerate.
func BenchmarkSimulationSetup(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		e, err := New(Options{Simulate: true, Seed: 1, SimulationTick: time.Hour})
		if err != nil {
			b.Fatal(err)
		}
		_ = e.Close()
	}
}

// BenchmarkSampleMetrics is one sample of the CloudWatch counts at scale
// (10,000 participants, 1,000 stages): what an operation that changed
// something pays after it, at most once per change.
func BenchmarkSampleMetrics(b *testing.B) {
	bk := scaleBackend(b)
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		bk.mu.Lock()
		now = now.Add(time.Second)
		bk.sampleMetrics(now, false)
		bk.mu.Unlock()
	}
}

// BenchmarkStageCountsQuery is GetMetricData's backend work for one screen
// of the stages pane: Publishers and Subscribers of 40 stages over 15
// minutes.
func BenchmarkStageCountsQuery(b *testing.B) {
	bk := scaleBackend(b)
	ids := make([]string, 0, 40)
	for _, st := range bk.stages.order[:40] {
		ids = append(ids, st.id)
	}
	end := time.Now().Truncate(time.Minute).Add(time.Minute)
	b.ReportAllocs()
	for b.Loop() {
		for _, id := range ids {
			for _, m := range []string{"Publishers", "Subscribers"} {
				bk.metricData(metricQuery{Name: m, Dims: map[string]string{"Stage": id}, Stat: "Maximum"}, end.Add(-15*time.Minute), end, 60)
			}
		}
	}
}

// scaleBackend is the backend of an emulator at scale, closed after b.
func scaleBackend(b *testing.B) *backend {
	e, err := New(scaleOptions)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = e.Close() })
	return e.b
}
