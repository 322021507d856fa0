package ivs

import "slices"

// Amazon IVS Real-Time publishes a stage's health to Amazon CloudWatch.
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/stage-health.html
// (the "CloudWatch Metrics" section of "Monitoring IVS Real-Time Streaming").
// Metrics need a recent broadcast SDK: Web 1.5.0, Android and iOS 1.12.0.

// MetricsNamespace is the CloudWatch namespace of IVS Real-Time's metrics.
const MetricsNamespace = "AWS/IVSRealTime"

// Metric names.
const (
	MetricConcurrentPublishers    = "ConcurrentPublishers"    // region-wide
	MetricConcurrentSubscriptions = "ConcurrentSubscriptions" // region-wide
	MetricPublishers              = "Publishers"              // per stage
	MetricSubscribers             = "Subscribers"             // per stage
	MetricPublishBitrate          = "PublishBitrate"
	MetricPublishResolution       = "PublishResolution"
	MetricPublishFramerate        = "PublishFramerate" // RTMP(S) publishers only
	MetricSubscribeBitrate        = "SubscribeBitrate"
	MetricDownloadPacketLoss      = "DownloadPacketLoss"
	MetricDroppedFrames           = "DroppedFrames"
)

// Dimension names.
const (
	DimStage                 = "Stage" // the stage ARN's resource id
	DimParticipant           = "Participant"
	DimMediaType             = "MediaType"      // video, audio
	DimSimulcastLayer        = "SimulcastLayer" // hi, mid, low, none
	DimPlatform              = "Platform"
	DimSDKVersion            = "SDKVersion"
	DimSubscriberCountryCode = "SubscriberCountryCode"
)

// Dimension values AWS documents.
var (
	MediaTypes      = []string{"video", "audio"}
	SimulcastLayers = []string{"hi", "mid", "low", "none"}
)

// Statistics IVS Real-Time's metrics support.
const (
	StatAverage = "Average"
	StatMaximum = "Maximum"
	StatMinimum = "Minimum"
)

// Metric is one metric of the namespace: its unit and every set of
// dimensions it is published with (an empty set: region-wide).
type Metric struct {
	Name          string
	Unit          string
	DimensionSets [][]string
}

// subscriberSets are the dimension sets of the subscriber-side quality
// metrics (DownloadPacketLoss, DroppedFrames).
var subscriberSets = [][]string{
	{}, {DimPlatform}, {DimPlatform, DimSDKVersion}, {DimStage}, {DimStage, DimParticipant},
	{DimStage, DimPlatform}, {DimStage, DimPlatform, DimSDKVersion}, {DimStage, DimSubscriberCountryCode},
	{DimSubscriberCountryCode},
}

var metrics = []Metric{
	{MetricConcurrentPublishers, "Count", [][]string{{}}},
	{MetricConcurrentSubscriptions, "Count", [][]string{{}}},
	{MetricPublishers, "Count", [][]string{{DimStage}}},
	{MetricSubscribers, "Count", [][]string{{DimStage}}},
	{MetricPublishBitrate, "Bits/Second", [][]string{{}, {DimPlatform}, {DimStage}, {DimStage, DimParticipant, DimSimulcastLayer, DimMediaType}}},
	{MetricPublishResolution, "Count", [][]string{{DimStage, DimParticipant, DimSimulcastLayer, DimMediaType}}},
	{MetricPublishFramerate, "Count/Second", [][]string{{DimStage, DimParticipant}, {DimStage, DimParticipant, DimSimulcastLayer, DimMediaType}}},
	{MetricSubscribeBitrate, "Bits/Second", [][]string{
		{}, {DimPlatform}, {DimPlatform, DimSDKVersion}, {DimStage}, {DimStage, DimParticipant, DimMediaType},
		{DimStage, DimPlatform}, {DimStage, DimPlatform, DimSDKVersion}, {DimStage, DimSubscriberCountryCode},
		{DimSubscriberCountryCode},
	}},
	{MetricDownloadPacketLoss, "Percent", subscriberSets},
	{MetricDroppedFrames, "Percent", subscriberSets},
}

var metricsByName = index(metrics, func(m Metric) string { return m.Name })

// Metrics lists the namespace's metrics.
func Metrics() []Metric { return slices.Clone(metrics) }

// LookupMetric finds a metric by name.
func LookupMetric(name string) (Metric, bool) {
	m, ok := metricsByName[name]
	return m, ok
}

// HasDimensionSet reports whether metric is published with exactly the
// dimensions names (in any order).
func (m Metric) HasDimensionSet(names []string) bool {
	for _, set := range m.DimensionSets {
		if len(set) != len(names) {
			continue
		}
		all := true
		for _, n := range names {
			if !slices.Contains(set, n) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// CloudWatch's own limits on the calls ivsdash makes.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html
const (
	// GetMetricDataTPS is GetMetricData's call-rate quota per account and
	// region (adjustable); ListMetricsTPS ListMetrics' (adjustable).
	GetMetricDataTPS = 50
	ListMetricsTPS   = 25
	// MaxMetricDataQueries is how many queries one GetMetricData call takes.
	MaxMetricDataQueries = 500
	// MaxMetricDataPoints is how many data points one GetMetricData answer
	// returns before it pages with a NextToken.
	MaxMetricDataPoints = 100800
	// MaxMetricDimensions is how many dimensions a metric may have.
	MaxMetricDimensions = 30
	// ListMetricsPageSize is how many metrics one ListMetrics page holds.
	ListMetricsPageSize = 500
)

// metricOperations are the CloudWatch operations ivsdash calls, outside the
// 39 of IVS Real-Time; GroupOf knows them.
var metricOperations = map[string]Group{
	"GetMetricData": GroupMetrics,
	"ListMetrics":   GroupMetrics,
}

// IsMetricsOperation reports whether op is a CloudWatch operation.
func IsMetricsOperation(op string) bool { _, ok := metricOperations[op]; return ok }
