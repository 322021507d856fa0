package emulator

import (
	"cmp"
	"hash/fnv"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// The backend's CloudWatch metrics (namespace AWS/IVSRealTime), from the
// simulation itself. Publishers and Subscribers are sampled from the state
// (at most once a second, as calls come and the simulation ticks) into a
// bounded per-minute history per stage and for the region. A participant's
// bitrate, resolution, frame rate, packet loss and dropped frames follow its
// own events: values exist while it publishes or subscribes, vary smoothly
// with a seed from its id, and a PUBLISH_ERROR BITRATE_EXCEEDED or
// RESOLUTION_EXCEEDED is preceded by the metric over the limit (the minute
// of the event and the one before). No HTTP here: wire_cloudwatch.go.

// historyMinutes bounds the sampled history: three hours a stage.
const historyMinutes = 180

// countSample is one minute's largest counts.
type countSample struct {
	minute int64 // Unix minutes; 0 = empty slot
	a, b   float64
}

// countRing is a bounded per-minute history of two counts.
type countRing [historyMinutes]countSample

func (r *countRing) add(minute int64, a, b float64) {
	s := &r[minute%historyMinutes]
	if s.minute != minute {
		*s = countSample{minute: minute, a: a, b: b}
		return
	}
	s.a, s.b = max(s.a, a), max(s.b, b)
}

func (r *countRing) at(minute int64) (countSample, bool) {
	s := r[minute%historyMinutes]
	return s, s.minute == minute && minute != 0
}

// metricHistory is what the backend samples.
type metricHistory struct {
	// Unix seconds of the last samples before and after an operation: the
	// state before one has held since the last one ended, the state after
	// holds until the next begins.
	lastBefore, lastAfter int64
	lastSeq               uint64                // the backend's sequence at the last sample after one
	stages                map[string]*countRing // stage id: publishers, subscribers
	region                countRing             // concurrent publishers, subscriptions
}

// sampleMetrics records the counts at now: before operations (lock) at most
// once a second, after them (unlock) once a second or when the operation
// created something (a join, an event: the sequence moved). Called with
// the lock held.
func (b *backend) sampleMetrics(now time.Time, after bool) {
	h := &b.metrics
	last := &h.lastBefore
	if after {
		last = &h.lastAfter
	}
	if now.Unix() == *last && (!after || b.seq == h.lastSeq) {
		return
	}
	*last = now.Unix()
	if after {
		h.lastSeq = b.seq
	}
	if h.stages == nil {
		h.stages = map[string]*countRing{}
	}
	minute := now.Unix() / 60
	var pubs, subs float64
	for _, st := range b.stages.order {
		ring := h.stages[st.id]
		if st.active == nil {
			if ring != nil {
				ring.add(minute, 0, 0)
			}
			continue
		}
		if ring == nil {
			ring = new(countRing)
			h.stages[st.id] = ring
		}
		p, s, subscriptions := stageCounts(st.active)
		ring.add(minute, p, s)
		pubs += p
		subs += subscriptions
	}
	h.region.add(minute, pubs, subs)
}

// stageCounts counts a live session's publishers, subscribers and
// subscriptions (a subscriber to three publishers holds three).
func stageCounts(sess *session) (pubs, subs, subscriptions float64) {
	for _, p := range sess.published {
		if p.connected() && p.publishing {
			pubs++
		}
	}
	for _, p := range sess.participants.order {
		if p.connected() && len(p.subs) > 0 {
			subs++
			subscriptions += float64(len(p.subs))
		}
	}
	return pubs, subs, subscriptions
}

// metricQuery is one metric, its dimensions and a statistic.
type metricQuery struct {
	Name string
	Dims map[string]string
	Stat string
}

// metricPoints are a query's answer: period starts (Unix seconds) and values.
type metricPoints struct {
	Times  []int64
	Values []float64
}

// metricData evaluates q over [start, end) at period seconds (a whole
// number of minutes: the namespace's metrics are per minute; a finer period
// finds no data, as on AWS).
func (b *backend) metricData(q metricQuery, start, end time.Time, period int64) metricPoints {
	now := b.lock()
	defer b.unlock()
	var out metricPoints
	if period%60 != 0 {
		return out
	}
	minuteOf := b.minuteSource(q, now)
	if minuteOf == nil {
		return out
	}
	first := start.Unix()
	last := min(end.Unix(), now.Unix()+60)
	var vals []float64
	for t := first; t < last; t += period {
		vals = vals[:0]
		for m := (t + 59) / 60; m*60 < t+period && m*60 < last; m++ {
			if v, ok := minuteOf(m); ok {
				vals = append(vals, v)
			}
		}
		if len(vals) > 0 {
			out.Times = append(out.Times, t)
			out.Values = append(out.Values, statistic(q.Stat, vals))
		}
	}
	return out
}

// statistic reduces a period's per-minute values.
func statistic(stat string, vals []float64) float64 {
	switch stat {
	case "Maximum":
		return slices.Max(vals)
	case "Minimum":
		return slices.Min(vals)
	case "Sum":
		s := 0.0
		for _, v := range vals {
			s += v
		}
		return s
	case "SampleCount":
		return float64(len(vals))
	}
	s := 0.0
	for _, v := range vals {
		s += v
	}
	return s / float64(len(vals))
}

// minuteSource is how a query's value for one minute is found, or nil when
// the metric has no data under those dimensions.
func (b *backend) minuteSource(q metricQuery, now time.Time) func(minute int64) (float64, bool) {
	m, ok := ivs.LookupMetric(q.Name)
	if !ok || !m.HasDimensionSet(slices.Collect(mapKeys(q.Dims))) {
		return nil
	}
	switch q.Name {
	case ivs.MetricConcurrentPublishers, ivs.MetricConcurrentSubscriptions:
		return func(minute int64) (float64, bool) {
			s, ok := b.metrics.region.at(minute)
			if q.Name == ivs.MetricConcurrentPublishers {
				return s.a, ok
			}
			return s.b, ok
		}
	case ivs.MetricPublishers, ivs.MetricSubscribers:
		ring := b.metrics.stages[q.Dims[ivs.DimStage]]
		if ring == nil {
			return nil
		}
		return func(minute int64) (float64, bool) {
			s, ok := ring.at(minute)
			if q.Name == ivs.MetricPublishers {
				return s.a, ok
			}
			return s.b, ok
		}
	}
	if pid, ok := q.Dims[ivs.DimParticipant]; ok {
		a := b.participantActivity(q.Dims[ivs.DimStage], pid, now)
		if a == nil {
			return nil
		}
		return func(minute int64) (float64, bool) { return a.value(q.Name, q.Dims, minute) }
	}
	// An aggregate (region, stage, platform, SDK version, country): the
	// mean of the participants it covers.
	var members []*activity
	for _, a := range b.allActivity(q.Dims[ivs.DimStage], now) {
		if a.matches(q.Dims) {
			members = append(members, a)
		}
	}
	if len(members) == 0 {
		return nil
	}
	return func(minute int64) (float64, bool) {
		sum, n := 0.0, 0
		for _, a := range members {
			if v, ok := a.value(q.Name, map[string]string{ivs.DimMediaType: "video", ivs.DimSimulcastLayer: a.topLayer()}, minute); ok {
				sum += v
				n++
			}
		}
		if n == 0 {
			return 0, false
		}
		return sum / float64(n), true
	}
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// span is a time range in Unix minutes, both ends included.
type span struct{ from, to int64 }

func inSpans(spans []span, minute int64) bool {
	for _, s := range spans {
		if minute >= s.from && minute <= s.to {
			return true
		}
	}
	return false
}

// activity is what a participant's metrics follow: when it published and
// subscribed, when its publishing went over a limit, and who it is.
type activity struct {
	stageID, id string
	seed        uint64
	rtmp        bool
	simulcast   bool
	platform    string
	sdkVersion  string
	country     string
	pub, sub    []span
	overBitrate []int64 // minutes of a BITRATE_EXCEEDED
	overHeight  []int64 // minutes of a RESOLUTION_EXCEEDED
}

// participantActivity finds a participant in any retained session of a
// stage, or nil.
func (b *backend) participantActivity(stageID, pid string, now time.Time) *activity {
	st, ok := b.stages.get(stageID)
	if !ok {
		return nil
	}
	for i := len(st.sessions.order) - 1; i >= 0; i-- {
		if p, ok := st.sessions.order[i].participants.get(pid); ok {
			return activityOf(st.id, st.sessions.order[i], p, now)
		}
	}
	return nil
}

// allActivity lists the participants with metrics of one stage ("" for all).
func (b *backend) allActivity(stageID string, now time.Time) []*activity {
	var out []*activity
	for _, st := range b.stages.order {
		if stageID != "" && st.id != stageID {
			continue
		}
		for _, sess := range st.sessions.order {
			for _, p := range sess.participants.order {
				if a := activityOf(st.id, sess, p, now); a != nil {
					out = append(out, a)
				}
			}
		}
	}
	return out
}

// countries are the SubscriberCountryCode values the emulator gives out.
var countries = []string{"US", "GB", "DE", "BR", "IN", "JP", "FR", "CA"}

// activityOf reads a participant's events into its activity; nil when its
// broadcast SDK is too old to send metrics.
func activityOf(stageID string, sess *session, p *participant, now time.Time) *activity {
	platform := platformOf(p)
	if !ivs.SDKSendsMetrics(platform, p.client.SDKVersion) {
		return nil
	}
	h := fnv.New64a()
	h.Write([]byte(stageID + "/" + p.id))
	a := &activity{stageID: stageID, id: p.id, seed: h.Sum64(), rtmp: strings.HasPrefix(p.protocol, "RTMP"),
		platform: platform, sdkVersion: p.client.SDKVersion}
	a.simulcast = !a.rtmp && a.seed%3 == 0
	a.country = countries[a.seed%uint64(len(countries))]
	end := now.Unix() / 60
	if !sess.end.IsZero() {
		end = sess.end.Unix() / 60
	}
	pubFrom, subFrom, subs := int64(-1), int64(-1), 0
	for _, e := range p.events {
		m := e.at / 60000
		switch e.name {
		case "PUBLISH_STARTED":
			if pubFrom < 0 {
				pubFrom = m
			}
		case "PUBLISH_STOPPED":
			if pubFrom >= 0 {
				a.pub, pubFrom = append(a.pub, span{pubFrom, m}), -1
			}
		case "SUBSCRIBE_STARTED":
			if subFrom < 0 {
				subFrom = m
			}
			subs++
		case "SUBSCRIBE_STOPPED":
			if subs > 0 {
				subs--
			}
			if subs == 0 && subFrom >= 0 {
				a.sub, subFrom = append(a.sub, span{subFrom, m}), -1
			}
		case "LEFT":
			if pubFrom >= 0 {
				a.pub, pubFrom = append(a.pub, span{pubFrom, m}), -1
			}
			if subFrom >= 0 {
				a.sub, subFrom, subs = append(a.sub, span{subFrom, m}), -1, 0
			}
		case "PUBLISH_ERROR":
			// The publish that failed sent over the limit for a while first.
			switch e.code {
			case "BITRATE_EXCEEDED":
				a.overBitrate = append(a.overBitrate, m)
				a.pub = append(a.pub, span{m - 1, m})
			case "RESOLUTION_EXCEEDED":
				a.overHeight = append(a.overHeight, m)
				a.pub = append(a.pub, span{m - 1, m})
			}
		}
	}
	if pubFrom >= 0 {
		a.pub = append(a.pub, span{pubFrom, end})
	}
	if subFrom >= 0 {
		a.sub = append(a.sub, span{subFrom, end})
	}
	if len(a.pub) == 0 && len(a.sub) == 0 {
		return nil
	}
	return a
}

// platformOf is the Platform dimension of a participant: the broadcast
// SDK's (iOS, Android, else Web: the emulator cannot tell a mobile browser
// from the mobile SDK), or "" for an RTMP(S) encoder.
func platformOf(p *participant) string {
	if strings.HasPrefix(p.protocol, "RTMP") {
		return ""
	}
	return ivs.PlatformOfOS(p.client.OSName)
}

// matches reports whether an aggregate's dimensions cover this participant.
func (a *activity) matches(dims map[string]string) bool {
	for k, v := range dims {
		switch k {
		case ivs.DimPlatform:
			if a.platform != v {
				return false
			}
		case ivs.DimSDKVersion:
			if a.sdkVersion != v {
				return false
			}
		case ivs.DimSubscriberCountryCode:
			if a.country != v {
				return false
			}
		}
	}
	return true
}

// layers are the simulcast layers a publisher sends.
func (a *activity) layers() []string {
	if a.simulcast {
		return []string{"hi", "mid", "low"}
	}
	return []string{"none"}
}

func (a *activity) topLayer() string { return a.layers()[0] }

// wave is a smooth variation in [-1, 1], different per participant.
func (a *activity) wave(minute int64, salt uint64) float64 {
	phase := float64((a.seed>>salt)%628) / 100
	return math.Sin(float64(minute)/3+phase)*0.7 + math.Sin(float64(minute)/1.3+phase*2)*0.3
}

// layerScale is the share of the top layer's bitrate and height a layer has.
func layerScale(layer string) float64 {
	switch layer {
	case "mid":
		return 0.5
	case "low":
		return 0.25
	}
	return 1
}

// value is the participant's metric at one minute, with the dimensions of
// the query (layer and media type).
func (a *activity) value(metric string, dims map[string]string, minute int64) (float64, bool) {
	media := cmp.Or(dims[ivs.DimMediaType], "video")
	layer := cmp.Or(dims[ivs.DimSimulcastLayer], a.topLayer())
	switch metric {
	case ivs.MetricPublishBitrate, ivs.MetricPublishResolution, ivs.MetricPublishFramerate:
		if !inSpans(a.pub, minute) || (media == "video" && !slices.Contains(a.layers(), layer)) {
			return 0, false
		}
		if media == "audio" {
			if metric != ivs.MetricPublishBitrate || layer != "none" {
				return 0, false
			}
			return 64000 + 8000*a.wave(minute, 7), true
		}
		switch metric {
		case ivs.MetricPublishBitrate:
			if slices.Contains(a.overBitrate, minute) || slices.Contains(a.overBitrate, minute+1) {
				return (float64(ivs.MaxPublishBitrate) + 700_000) * layerScale(layer), true
			}
			base := 1_500_000 + float64(a.seed%2500)*1000
			return base * (1 + 0.15*a.wave(minute, 3)) * layerScale(layer), true
		case ivs.MetricPublishResolution:
			if slices.Contains(a.overHeight, minute) || slices.Contains(a.overHeight, minute+1) {
				return 1080 * layerScale(layer), true
			}
			return float64(ivs.MaxPublishHeight) * layerScale(layer), true
		default:
			if !a.rtmp {
				return 0, false
			}
			return 30 - math.Max(0, 2*a.wave(minute, 11)), true
		}
	case ivs.MetricSubscribeBitrate:
		if !inSpans(a.sub, minute) {
			return 0, false
		}
		if media == "audio" {
			return 64000 + 4000*a.wave(minute, 5), true
		}
		return 2_000_000 * (1 + 0.2*a.wave(minute, 9)), true
	case ivs.MetricDownloadPacketLoss:
		if !inSpans(a.sub, minute) {
			return 0, false
		}
		return math.Max(0, 0.6+0.5*a.wave(minute, 13)), true
	case ivs.MetricDroppedFrames:
		if !inSpans(a.sub, minute) {
			return 0, false
		}
		return math.Max(0, 0.4+0.4*a.wave(minute, 17)), true
	}
	return 0, false
}

// listedMetric is one metric ListMetrics names.
type listedMetric struct {
	Name string
	Dims [][2]string // in a stable order
}

// listMetrics names every metric with data: the region's, each stage's
// and each participant's, filtered by name and dimensions (a filter with
// no value matches any value).
func (b *backend) listMetrics(name string, filter [][2]string) []listedMetric {
	now := b.lock()
	defer b.unlock()
	var all []listedMetric
	add := func(metric string, dims ...[2]string) {
		if name != "" && metric != name {
			return
		}
		for _, f := range filter {
			found := false
			for _, d := range dims {
				if d[0] == f[0] && (f[1] == "" || d[1] == f[1]) {
					found = true
				}
			}
			if !found {
				return
			}
		}
		all = append(all, listedMetric{Name: metric, Dims: dims})
	}
	add(ivs.MetricConcurrentPublishers)
	add(ivs.MetricConcurrentSubscriptions)
	acts := b.allActivity("", now)
	seen := map[string]bool{}
	once := func(metric string, dims ...[2]string) {
		key := metric
		for _, d := range dims {
			key += "\x00" + d[0] + "=" + d[1]
		}
		if !seen[key] {
			seen[key] = true
			add(metric, dims...)
		}
	}
	for _, st := range b.stages.order {
		if b.metrics.stages[st.id] != nil {
			stage := [2]string{ivs.DimStage, st.id}
			add(ivs.MetricPublishers, stage)
			add(ivs.MetricSubscribers, stage)
		}
	}
	for _, a := range acts {
		stage, part := [2]string{ivs.DimStage, a.stageID}, [2]string{ivs.DimParticipant, a.id}
		if len(a.pub) > 0 {
			once(ivs.MetricPublishBitrate)
			once(ivs.MetricPublishBitrate, stage)
			if a.platform != "" {
				once(ivs.MetricPublishBitrate, [2]string{ivs.DimPlatform, a.platform})
			}
			for _, layer := range a.layers() {
				ld := [2]string{ivs.DimSimulcastLayer, layer}
				add(ivs.MetricPublishBitrate, stage, part, ld, [2]string{ivs.DimMediaType, "video"})
				add(ivs.MetricPublishResolution, stage, part, ld, [2]string{ivs.DimMediaType, "video"})
			}
			add(ivs.MetricPublishBitrate, stage, part, [2]string{ivs.DimSimulcastLayer, "none"}, [2]string{ivs.DimMediaType, "audio"})
			if a.rtmp {
				add(ivs.MetricPublishFramerate, stage, part)
			}
		}
		if len(a.sub) == 0 {
			continue
		}
		add(ivs.MetricSubscribeBitrate, stage, part, [2]string{ivs.DimMediaType, "video"})
		add(ivs.MetricSubscribeBitrate, stage, part, [2]string{ivs.DimMediaType, "audio"})
		add(ivs.MetricDownloadPacketLoss, stage, part)
		add(ivs.MetricDroppedFrames, stage, part)
		country := [2]string{ivs.DimSubscriberCountryCode, a.country}
		for _, metric := range []string{ivs.MetricSubscribeBitrate, ivs.MetricDownloadPacketLoss, ivs.MetricDroppedFrames} {
			once(metric)
			once(metric, stage)
			once(metric, country)
			once(metric, stage, country)
			if a.platform != "" {
				platform := [2]string{ivs.DimPlatform, a.platform}
				once(metric, platform)
				once(metric, stage, platform)
				if a.sdkVersion != "" {
					sdk := [2]string{ivs.DimSDKVersion, a.sdkVersion}
					once(metric, platform, sdk)
					once(metric, stage, platform, sdk)
				}
			}
		}
	}
	return all
}
