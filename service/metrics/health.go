package metrics

import (
	"context"
	"fmt"
	"slices"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// What the panes ask CloudWatch, each in as few calls as it can.

// StageCounts are a stage's Publishers and Subscribers (Maximum per period).
type StageCounts struct {
	Publishers, Subscribers Series
}

// StageCounts reads Publishers and Subscribers of many stages (their ARNs'
// resource ids) in one GetMetricData call per 250 stages: the stages pane
// asks for its visible rows at once.
func (c *Client) StageCounts(ctx context.Context, w Window, stageIDs []string) (map[string]StageCounts, error) {
	qs := make([]Query, 0, 2*len(stageIDs))
	for _, id := range stageIDs {
		dims := []Dimension{{ivs.DimStage, id}}
		qs = append(qs,
			Query{Metric: ivs.MetricPublishers, Dimensions: dims, Stat: ivs.StatMaximum},
			Query{Metric: ivs.MetricSubscribers, Dimensions: dims, Stat: ivs.StatMaximum})
	}
	series, err := c.Fetch(ctx, w, qs)
	if err != nil {
		return nil, err
	}
	out := make(map[string]StageCounts, len(stageIDs))
	for i, id := range stageIDs {
		out[id] = StageCounts{Publishers: series[2*i], Subscribers: series[2*i+1]}
	}
	return out, nil
}

// RegionCounts are the region-wide ConcurrentPublishers and
// ConcurrentSubscriptions (Maximum per period), to hold against the quotas
// ivs.MaxConcurrentPublishers and ivs.MaxConcurrentSubscriptions.
type RegionCounts struct {
	ConcurrentPublishers, ConcurrentSubscriptions Series
}

// Region reads the region-wide counts in one call.
func (c *Client) Region(ctx context.Context, w Window) (RegionCounts, error) {
	s, err := c.Fetch(ctx, w, []Query{
		{Metric: ivs.MetricConcurrentPublishers, Stat: ivs.StatMaximum},
		{Metric: ivs.MetricConcurrentSubscriptions, Stat: ivs.StatMaximum},
	})
	if err != nil {
		return RegionCounts{}, err
	}
	return RegionCounts{ConcurrentPublishers: s[0], ConcurrentSubscriptions: s[1]}, nil
}

// ParticipantHealth is one participant's metrics (Average per period). A
// publisher has a series per simulcast layer and media type it sent
// (Dimension(ivs.DimSimulcastLayer), Dimension(ivs.DimMediaType)).
type ParticipantHealth struct {
	PublishBitrate, PublishResolution, PublishFramerate []Series
	SubscribeBitrate                                    []Series // per media type
	DroppedFrames, DownloadPacketLoss                   []Series // at most one each
	// None: CloudWatch has no metric of this participant: it neither
	// published nor subscribed, or its broadcast SDK is older than the
	// metrics (Web 1.5.2, Android and iOS 1.12.0).
	None bool
}

// participantMetrics are the metrics the participant detail shows.
var participantMetrics = []string{
	ivs.MetricPublishBitrate, ivs.MetricPublishResolution, ivs.MetricPublishFramerate,
	ivs.MetricSubscribeBitrate, ivs.MetricDroppedFrames, ivs.MetricDownloadPacketLoss,
}

// Participant reads a participant's metrics: one ListMetrics call finds the
// dimensions it has data under (which layers, which media), one
// GetMetricData call reads them.
func (c *Client) Participant(ctx context.Context, w Window, stageID, participantID string) (ParticipantHealth, error) {
	ids, err := c.List(ctx, "", []Dimension{{ivs.DimStage, stageID}, {ivs.DimParticipant, participantID}})
	if err != nil {
		return ParticipantHealth{}, err
	}
	var qs []Query
	for _, id := range ids {
		if slices.Contains(participantMetrics, id.Metric) {
			qs = append(qs, Query{Metric: id.Metric, Dimensions: id.Dimensions, Stat: ivs.StatAverage})
		}
	}
	if len(qs) == 0 {
		return ParticipantHealth{None: true}, nil
	}
	series, err := c.Fetch(ctx, w, qs)
	if err != nil {
		return ParticipantHealth{}, err
	}
	var h ParticipantHealth
	into := map[string]*[]Series{
		ivs.MetricPublishBitrate: &h.PublishBitrate, ivs.MetricPublishResolution: &h.PublishResolution,
		ivs.MetricPublishFramerate: &h.PublishFramerate, ivs.MetricSubscribeBitrate: &h.SubscribeBitrate,
		ivs.MetricDroppedFrames: &h.DroppedFrames, ivs.MetricDownloadPacketLoss: &h.DownloadPacketLoss,
	}
	for _, s := range series {
		*into[s.Metric] = append(*into[s.Metric], s)
	}
	return h, nil
}

// Breakdown reads a subscriber-side quality metric (ivs.MetricSubscribeBitrate,
// MetricDroppedFrames or MetricDownloadPacketLoss) of a stage split by
// ivs.DimPlatform, DimSDKVersion (within each platform) or
// DimSubscriberCountryCode: "is it one SDK, one country?". One ListMetrics
// call finds the values, one GetMetricData call reads them; each series
// names its value with Dimension(by).
func (c *Client) Breakdown(ctx context.Context, w Window, stageID, metric, by string) ([]Series, error) {
	var names []string
	switch by {
	case ivs.DimPlatform, ivs.DimSubscriberCountryCode:
		names = []string{ivs.DimStage, by}
	case ivs.DimSDKVersion:
		names = []string{ivs.DimStage, ivs.DimPlatform, ivs.DimSDKVersion}
	default:
		return nil, invalid("a breakdown is by %s, %s or %s, not %q", ivs.DimPlatform, ivs.DimSDKVersion, ivs.DimSubscriberCountryCode, by)
	}
	if m, ok := ivs.LookupMetric(metric); !ok || !m.HasDimensionSet(names) {
		return nil, invalid("%s has no breakdown by %s", metric, by)
	}
	filter := []Dimension{{ivs.DimStage, stageID}}
	for _, n := range names[1:] {
		filter = append(filter, Dimension{Name: n})
	}
	ids, err := c.List(ctx, metric, filter)
	if err != nil {
		return nil, err
	}
	var qs []Query
	for _, id := range ids {
		if sameDimensions(id.Dimensions, names...) {
			qs = append(qs, Query{Metric: metric, Dimensions: id.Dimensions, Stat: ivs.StatAverage})
		}
	}
	if len(qs) == 0 {
		return nil, nil
	}
	return c.Fetch(ctx, w, qs)
}

// String names a series for a chart's legend: the metric and the
// dimensions that tell it from its siblings.
func (s Series) String() string {
	out := s.Metric
	for _, d := range s.Dimensions {
		if d.Name == ivs.DimStage || d.Name == ivs.DimParticipant {
			continue
		}
		out += fmt.Sprintf(" %s=%s", d.Name, d.Value)
	}
	return out
}
