package kit

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/metrics"
	"github.com/ivsdash/ivsdash/ui"
)

// Broadcast health: what the panes share to read CloudWatch. Every call is
// background work (the metrics budget group, behind what the user asked
// for), at most once a minute per thing shown: the points are a minute
// apart, so asking sooner would read the same points again.

// MetricsEvery is how often a pane reads the same metrics again.
const MetricsEvery = time.Minute

// MetricsRecent is the span of the stages' sparklines and the stage's charts.
const MetricsRecent = 15 * time.Minute

// MetricsDeniedText says, once, why the charts are missing and what to grant.
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/stage-health.html
const MetricsDeniedText = "no broadcast health: this identity may not read CloudWatch; grant the IAM actions cloudwatch:GetMetricData and cloudwatch:ListMetrics"

// MetricsOn reports whether the panes read CloudWatch: a client
// (no --no-metrics) that has not been refused.
func (c *Context) MetricsOn() bool { return c.Metrics != nil && !c.MetricsDenied }

// MetricsWindow is the last d up to the current minute's end, at one-minute
// points, on the dashboard's clock (metrics.Client.Recent uses the wall's).
func (c *Context) MetricsWindow(d time.Duration) metrics.Window {
	end := c.CurrentTime().UTC().Truncate(time.Minute).Add(time.Minute)
	return metrics.Window{Start: end.Add(-d), End: end, Period: time.Minute}
}

// SessionWindow covers a session from its start to its end (now while it is
// live), at one-minute points or longer ones when it is long, so a chart
// never asks for more than a day of minutes.
func (c *Context) SessionWindow(start, end time.Time) metrics.Window {
	now := c.CurrentTime().UTC()
	if end.IsZero() || end.After(now) {
		end = now
	}
	if start.IsZero() || !start.Before(end) {
		start = end.Add(-MetricsRecent)
	}
	w := metrics.Window{Start: start.UTC().Truncate(time.Minute), End: end.UTC().Truncate(time.Minute).Add(time.Minute)}
	const most = 24 * 60
	w.Period = max(time.Minute, (w.End.Sub(w.Start)/most + time.Minute - 1).Truncate(time.Minute))
	return w
}

// FetchMetrics runs a CloudWatch call for pane b as background work; nil
// when metrics are off or (without force) one of the kind is in flight.
func FetchMetrics[T any](c *Context, b *BasePane, kind string, force bool, call func(context.Context, *metrics.Client) (T, error)) tea.Cmd {
	if !c.MetricsOn() {
		return nil
	}
	m := c.Metrics
	return FetchFor(c, b, kind, force, func(ctx context.Context) (T, error) { return call(ctx, m) }, InBackground)
}

// MetricsFailed takes a metrics call's error: a refusal for want of
// permission turns the charts off in every pane, which then say so once,
// in place of them, and ask no more. Other errors are the pane's to show
// (its charts keep their last points).
func (c *Context) MetricsFailed(err error) {
	if service.KindOf(err) == service.MetricsAccessDenied {
		c.MetricsDenied = true
	}
}

// ChartPoints converts a series' points for ui's charts.
func ChartPoints(s metrics.Series) []ui.ChartPoint {
	out := make([]ui.ChartPoint, len(s.Points))
	for i, p := range s.Points {
		out[i] = ui.ChartPoint(p)
	}
	return out
}

// Health is a pane's last metrics answer of one kind: the value, when it
// came, the window it covers and the last error.
type Health[T any] struct {
	Val    T
	At     time.Time
	Window metrics.Window
	Err    error
	Have   bool
}

// Due reports whether the metrics should be read again (never read, or read
// a minute ago or more).
func (h *Health[T]) Due(now time.Time) bool {
	return !h.Have && h.Err == nil || now.Sub(h.At) >= MetricsEvery
}

// Take stores an answer; a failure keeps the last points.
func (h *Health[T]) Take(c *Context, m Fetched[Windowed[T]]) {
	h.At = m.At
	if m.Err != nil {
		h.Err = m.Err
		c.MetricsFailed(m.Err)
		return
	}
	h.Val, h.Window, h.Err, h.Have = m.Val.Val, m.Val.Window, nil, true
}

// Handle takes msg when it is an answer of this type: stored when it is
// the latest of its kind for pane b. It reports whether msg was one.
func (h *Health[T]) Handle(c *Context, b *BasePane, msg tea.Msg) bool {
	m, ok := msg.(Fetched[Windowed[T]])
	if !ok {
		return false
	}
	if b.Reqs.Done(m.Kind, m.Req) {
		h.Take(c, m)
	}
	return true
}

// Note is the line a pane shows about its charts instead of them: the
// refusal, a failure before any answer, or loading; "" once there are
// points to draw.
func (h *Health[T]) Note(c *Context) string {
	switch {
	case c.MetricsDenied:
		return MetricsDeniedText
	case !h.Have && h.Err != nil:
		return "no broadcast health: " + ErrorSentence(h.Err)
	case !h.Have:
		return "reading broadcast health from CloudWatch…"
	}
	return ""
}

// NoteText draws a note about the charts (Note, or why there are none) in
// the muted style, wrapped to width w.
func NoteText(c *Context, note string, w int) string {
	return c.Styles.Muted.Render(ansi.Wrap(note, max(w, 1), " "))
}

// Windowed is a metrics answer with the window it was asked over.
type Windowed[T any] struct {
	Val    T
	Window metrics.Window
}

// FetchHealth reads metrics over window w for pane b as background work
// (with force, superseding one in flight).
func FetchHealth[T any](c *Context, b *BasePane, kind string, force bool, w metrics.Window, call func(context.Context, *metrics.Client, metrics.Window) (T, error)) tea.Cmd {
	return FetchMetrics(c, b, kind, force, func(ctx context.Context, m *metrics.Client) (Windowed[T], error) {
		v, err := call(ctx, m, w)
		return Windowed[T]{Val: v, Window: w}, err
	})
}
