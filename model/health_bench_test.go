package model

import (
	"fmt"
	"testing"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/metrics"
)

// A key press with charts on screen (issue 11): Update, then View, as
// Bubble Tea does after every key, at 160x48.
//
//	go test ./model -run x -bench 'KeyWithCharts' -benchmem

func BenchmarkKeyWithCharts(b *testing.B) {
	screens := []struct {
		name  string
		build func(b *testing.B, a *App)
	}{
		{"stages-40-sparklines", func(b *testing.B, a *App) { withLiveStages(b, a, 40) }},
		{"stage-detail", func(b *testing.B, a *App) {
			p := withStageDetail(b, a)
			deliver(b, a, p, "health", kit.Windowed[metrics.StageCounts]{Val: stageCounts(11, 420), Window: recent(a)}, nil)
		}},
		{"participant-4-charts", func(b *testing.B, a *App) { withParticipantCharts(b, a) }},
	}
	for _, sc := range screens {
		b.Run(sc.name, func(b *testing.B) {
			a := newTestApp(160, 48)
			sc.build(b, a)
			_ = a.View()
			down, up := keyMsg("down"), keyMsg("up")
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if i%2 == 0 {
					a.Update(down)
				} else {
					a.Update(up)
				}
				_ = a.View()
			}
		})
	}
}

// withLiveStages fills the stages pane with n live stages and their
// sparklines.
func withLiveStages(b *testing.B, a *App, n int) {
	withMetricsClient(a)
	p := a.top().(*panes.StagesPane)
	a.Init()
	stages := make([]service.Stage, n)
	counts := map[string]metrics.StageCounts{}
	for i := range stages {
		id := fmt.Sprintf("Stage%07d", i)
		stages[i] = service.Stage{ARN: "arn:aws:ivs:us-east-1:123456789012:stage/" + id, ID: id, Name: fmt.Sprintf("show-%02d", i), ActiveSessionID: fmt.Sprintf("st-%013d", i)}
		counts[id] = stageCounts(float64(1+i%12), float64(100*(i+1)))
	}
	deliver(b, a, p, "stages", service.Page[service.Stage]{Items: stages}, nil)
	_ = a.View()
	p.Refresh(a.ctx)
	deliver(b, a, p, "sparks", kit.Windowed[map[string]metrics.StageCounts]{Val: counts, Window: recent(a)}, nil)
	if v := screen(a); !containsAll(v, []string{"SUBS 15m", "█"}) {
		b.Fatalf("no sparklines on screen:\n%s", v)
	}
}
