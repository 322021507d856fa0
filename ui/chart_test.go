package ui

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

var chartStart = time.Date(2026, 12, 4, 14, 0, 0, 0, time.UTC)

// bitratePoints are 15 minutes of a publisher's bitrate that crosses 8.5
// Mb/s at 14:02 and 14:03, with no data at 14:08.
func bitratePoints() []ChartPoint {
	var pts []ChartPoint
	for i := range 15 {
		if i == 8 {
			continue
		}
		v := 2_500_000 + 600_000*math.Sin(float64(i)/2)
		if i == 2 || i == 3 {
			v = 9_200_000
		}
		pts = append(pts, ChartPoint{Time: chartStart.Add(time.Duration(i) * time.Minute), Value: v})
	}
	return pts
}

func bitrateChart() Chart {
	return Chart{
		Title: "PublishBitrate video", Points: bitratePoints(),
		Start: chartStart, End: chartStart.Add(15 * time.Minute), Step: time.Minute,
		Format: BitRate, Limit: 8_500_000, HasLimit: true,
		Markers: []ChartMarker{{Time: chartStart.Add(3*time.Minute + 20*time.Second), Label: "PUBLISH_ERROR BITRATE_EXCEEDED"}},
	}
}

func TestLineChartGolden(t *testing.T) {
	st := NewStyles()
	for _, size := range [][2]int{{80, 12}, {40, 8}, {160, 16}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			out := bitrateChart().Render(st, size[0], size[1])
			checkBlock(t, "chart", out, size[0], size[1])
			requireGolden(t, out)
		})
	}
	t.Run("nodata", func(t *testing.T) {
		c := Chart{Title: "Subscribers", Start: chartStart, End: chartStart.Add(15 * time.Minute), Step: time.Minute}
		out := c.Render(st, 60, 8)
		checkBlock(t, "chart", out, 60, 8)
		requireGolden(t, out)
	})
}

func TestSparklineGolden(t *testing.T) {
	st := NewStyles()
	var counts []ChartPoint
	for i, v := range []float64{0, 1, 3, 5, 8, 12, 12, 11, 7, 4, 2, 1} {
		if i == 6 {
			continue // a minute with no data stays blank
		}
		counts = append(counts, ChartPoint{Time: chartStart.Add(time.Duration(i) * time.Minute), Value: v})
	}
	var b strings.Builder
	for _, w := range []int{15, 12, 5} {
		fmt.Fprintf(&b, "%2d |%s|\n", w, Sparkline(st, counts, chartStart, time.Minute, w))
	}
	fmt.Fprintf(&b, " 0s|%s|\n", Sparkline(st, []ChartPoint{{chartStart, 0}, {chartStart.Add(time.Minute), 0}}, chartStart, time.Minute, 4))
	requireGolden(t, b.String())
}

// The chart says in words and shapes what colour also says: the value over
// the limit, the marker at its minute, the limit's line.
func TestLineChartReadsWithoutColour(t *testing.T) {
	out := ansi.Strip(bitrateChart().Render(NewStyles(), 80, 12))
	for _, want := range []string{"now ", "min ", "max 9.2 Mb/s", "8.5 Mb/s", "╌", "▲1 14:03 PUBLISH_ERROR BITRATE_EXCEEDED", "14:00", "14:15"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	lines := strings.Split(out, "\n")
	axis := []rune(lines[len(lines)-3])
	top := []rune(lines[1]) // the 9.2 Mb/s row: only 14:02 and 14:03 reach it
	marker := slices.Index(axis, '▲')
	first, last := slices.Index(top, '█'), -1
	for i, r := range top {
		if r == '█' {
			last = i
		}
	}
	if marker < 0 || marker < first+(last-first+1)/2 || marker > last {
		t.Errorf("the marker (column %d) is not under the 14:03 bar (columns %d-%d):\n%s", marker, (first+last+1)/2, last, out)
	}
}

// Hostile labels and every size down to 1x1 stay inside the box.
func TestChartBounds(t *testing.T) {
	st := NewStyles()
	c := bitrateChart()
	c.Title = "evil\x1b]0;title\x07\nname"
	c.Markers = append(c.Markers, ChartMarker{Time: chartStart.Add(-time.Hour), Label: "before"}, ChartMarker{Time: chartStart.Add(time.Hour), Label: "\x1b[31mafter"})
	c.Points = append(c.Points, ChartPoint{Time: chartStart, Value: math.NaN()}, ChartPoint{Time: chartStart, Value: math.Inf(1)})
	for w := 1; w <= 90; w += 7 {
		for h := 1; h <= 14; h += 3 {
			out := c.Render(st, w, h)
			checkBlock(t, "chart", out, w, h)
			if strings.Contains(out, "]0;") || strings.Contains(ansi.Strip(out), "\x1b") {
				t.Fatalf("escape through at %dx%d: %q", w, h, out)
			}
			checkBlock(t, "sparkline", Sparkline(st, c.Points, chartStart, time.Minute, w), w, 1)
		}
	}
}

// A key press redraws every chart on screen: a participant's six and a
// stages screen's sparklines must take well under the 16 ms of a frame.
func BenchmarkLineChart(b *testing.B) {
	st := NewStyles()
	c := bitrateChart()
	b.ReportAllocs()
	for b.Loop() {
		_ = c.Render(st, 160, 12)
	}
}

func BenchmarkSparklines40(b *testing.B) {
	st := NewStyles()
	pts := bitratePoints()
	b.ReportAllocs()
	for b.Loop() {
		for range 40 {
			_ = Sparkline(st, pts, chartStart, time.Minute, 15)
		}
	}
}
