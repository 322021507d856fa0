package panes

import (
	"context"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/service/metrics"
	"github.com/ivsdash/ivsdash/ui"
)

// A participant's broadcast health over its session: publish bitrate,
// resolution and frame rate, dropped frames, packet loss and subscribe
// bitrate, with the participant's events marked on the time axis (m shows
// them in place of the event table).

// participantHealth is the participant's metrics and whether they show.
type participantHealth struct {
	kit.Health[metrics.ParticipantHealth]
	shown bool
}

const participantHealthKind = "health"

// refresh reads the metrics while they show, once a minute.
func (h *participantHealth) refresh(c *kit.Context, b *kit.BasePane, stage service.Stage, session service.Session, id string) tea.Cmd {
	if !h.shown || !c.MetricsOn() || !h.Due(c.CurrentTime()) {
		return nil
	}
	stageID := stage.ID
	if stageID == "" {
		stageID = kit.ResourceID(stage.ARN)
	}
	return kit.FetchHealth(c, b, participantHealthKind, false, c.SessionWindow(session.Start, session.End),
		func(ctx context.Context, m *metrics.Client, w metrics.Window) (metrics.ParticipantHealth, error) {
			return m.Participant(ctx, w, stageID, id)
		})
}

// healthCharts are the charts of what the participant has metrics of, in
// a fixed order, with its events as markers.
func healthCharts(v metrics.ParticipantHealth, w metrics.Window, events []service.Event) []ui.Chart {
	markers := eventMarkers(events)
	var charts []ui.Chart
	add := func(title string, s *metrics.Series, format func(float64) string, limit float64) {
		if s == nil {
			return
		}
		if l := s.Dimension(ivs.DimSimulcastLayer); l != "" && l != "none" {
			title += " (layer " + ui.Sanitize(l) + ")"
		}
		charts = append(charts, ui.Chart{
			Title: title, Points: kit.ChartPoints(*s), Start: w.Start, End: w.End, Step: w.Period,
			Format: format, Limit: limit, HasLimit: limit > 0, Markers: markers,
		})
	}
	add("Publish bitrate", topVideo(v.PublishBitrate), ui.BitRate, ivs.MaxPublishBitrate)
	add("Publish resolution", topVideo(v.PublishResolution), func(x float64) string { return fmt.Sprintf("%.0fp", x) }, ivs.MaxPublishHeight)
	add("Publish frame rate", topVideo(v.PublishFramerate), func(x float64) string { return fmt.Sprintf("%.0f fps", x) }, 0)
	add("Dropped frames", first(v.DroppedFrames), ui.Percent, 0)
	add("Packet loss", first(v.DownloadPacketLoss), ui.Percent, 0)
	add("Subscribe bitrate", topVideo(v.SubscribeBitrate), ui.BitRate, 0)
	return charts
}

// simulcastOrder ranks the layers, the best first.
var simulcastOrder = []string{"hi", "none", "mid", "low"}

// topVideo is the video series of the best layer sent (a series without a
// media type counts as video), else the first.
func topVideo(ss []metrics.Series) *metrics.Series {
	var best *metrics.Series
	rank := func(s *metrics.Series) int {
		r := slices.Index(simulcastOrder, s.Dimension(ivs.DimSimulcastLayer))
		if r < 0 {
			r = len(simulcastOrder)
		}
		if m := s.Dimension(ivs.DimMediaType); m != "" && m != "video" {
			r += 10
		}
		return r
	}
	for i := range ss {
		if best == nil || rank(&ss[i]) < rank(best) {
			best = &ss[i]
		}
	}
	return best
}

func first(ss []metrics.Series) *metrics.Series {
	if len(ss) == 0 {
		return nil
	}
	return &ss[0]
}

// eventMarkers puts the participant's events on the time axis, named as
// the timeline names them ("PUBLISH_ERROR BITRATE_EXCEEDED"), the errors
// first so that the legend lists them when it has room for few.
func eventMarkers(events []service.Event) []ui.ChartMarker {
	out := make([]ui.ChartMarker, 0, len(events))
	for _, errorsPass := range []bool{true, false} {
		for _, e := range events {
			if e.IsError() == errorsPass {
				out = append(out, ui.ChartMarker{Time: e.Time, Label: strings.TrimSpace(e.Name + " " + e.ErrorCode)})
			}
		}
	}
	return out
}

// noMetricsReason says why a participant has no metrics.
func noMetricsReason(p service.Participant, events []service.Event) string {
	subscribed := slices.ContainsFunc(events, func(e service.Event) bool { return e.Name == ivs.EventSubscribeStarted })
	if !p.Published && !subscribed {
		return "no metrics: this participant neither published nor subscribed"
	}
	platform := ivs.PlatformOfOS(p.OSName)
	if p.SDKVersion != "" && !ivs.SDKSendsMetrics(platform, p.SDKVersion) {
		least := ivs.MetricsMinSDKMobile
		if platform == ivs.PlatformWeb {
			least = ivs.MetricsMinSDKWeb
		}
		return fmt.Sprintf("no metrics: its broadcast SDK %s (%s) is older than %s, the first to send them (Web %s, Android and iOS %s)",
			ui.Sanitize(p.SDKVersion), platform, least, ivs.MetricsMinSDKWeb, ivs.MetricsMinSDKMobile)
	}
	return fmt.Sprintf("no metrics in CloudWatch for this participant yet (broadcast SDKs older than Web %s, Android and iOS %s send none)",
		ivs.MetricsMinSDKWeb, ivs.MetricsMinSDKMobile)
}

// view draws the charts in width x height, or says why there are none.
func (h *participantHealth) view(c *kit.Context, p service.Participant, events []service.Event, w, height int) string {
	s := c.Styles
	if note := h.Note(c); note != "" {
		return kit.NoteText(c, note, w)
	}
	charts := healthCharts(h.Val, h.Window, events)
	if h.Val.None || len(charts) == 0 {
		return kit.NoteText(c, noMetricsReason(p, events), w)
	}
	fit := ui.ChartGridFits(len(charts), w, height-1, 2, 40)
	out := ui.ChartGrid(s, charts, w, height-1, 2, 40)
	if fit < len(charts) {
		var left []string
		for _, ch := range charts[fit:] {
			left = append(left, ch.Title)
		}
		out += "\n" + kit.NoteText(c, "not shown (a taller terminal shows them): "+strings.Join(left, ", "), w)
	}
	return out
}
