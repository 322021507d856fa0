package ivs

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Amazon IVS Real-Time publishes a stage's health to Amazon CloudWatch.
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/stage-health.html
// (the "CloudWatch Metrics" section of "Monitoring IVS Real-Time Streaming").
// Metrics need a recent broadcast SDK: the page says Web Broadcast SDK 1.5.2
// or later; for Android and iOS it names no version, and 1.12.0 is taken as
// the first that sends them.

// The oldest broadcast SDKs that send metrics, and the Platform dimension's
// values they are told apart by.
const (
	MetricsMinSDKWeb    = "1.5.2"
	MetricsMinSDKMobile = "1.12.0" // Android and iOS
	PlatformWeb         = "Web"
)

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

// SDKSendsMetrics reports whether a broadcast SDK sends the metrics: Web
// 1.5.2, Android or iOS 1.12.0 or newer (platform "Web", "Android", "iOS";
// an unknown platform or version is taken to be recent).
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/stage-health.html
func SDKSendsMetrics(platform, version string) bool {
	least := MetricsMinSDKMobile
	if platform == PlatformWeb {
		least = MetricsMinSDKWeb
	}
	if platform == "" || version == "" {
		return true
	}
	return compareVersions(version, least) >= 0
}

// PlatformOfOS is the Platform dimension of a broadcast SDK client by the
// operating system it reports: iOS, Android, else Web (a mobile browser
// cannot be told from the mobile SDK by its OS alone).
func PlatformOfOS(osName string) string {
	os := strings.ToLower(osName)
	switch {
	case strings.Contains(os, "ios") || strings.Contains(os, "ipados"):
		return "iOS"
	case strings.Contains(os, "android"):
		return "Android"
	}
	return PlatformWeb
}

// compareVersions compares dotted numeric versions ("1.12.0" > "1.5.2");
// what is not a number counts as 0.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(as), len(bs)) {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(strings.TrimLeft(as[i], "v"))
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if c := cmp.Compare(x, y); c != 0 {
			return c
		}
	}
	return 0
}
