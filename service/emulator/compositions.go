package emulator

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"
)

// composition is a server-side composition. It moves on its own:
// STARTING -> ACTIVE after the start delay; STOPPING (on StopComposition,
// stage deletion, or after the idle timeout with nobody in the stage) ->
// STOPPED after the stop delay; and it is deleted after it has been STOPPED
// for the retention time. The moves are applied lazily from the clock, at
// the start of every backend call, with the times they would have happened.
type composition struct {
	meta
	tagged
	stageID    string
	stageARN   string
	state      string
	start      time.Time
	stoppingAt time.Time
	end        time.Time
	layout     layoutOut
	dests      []*destination
	idemToken  string
	reqHash    [32]byte
}

type destination struct {
	id     string
	state  string
	start  time.Time
	end    time.Time
	config destConfigOut
	prefix string // S3 recording prefix
}

type layoutOut struct {
	Grid *gridOut `json:"grid,omitempty"`
	Pip  *pipOut  `json:"pip,omitempty"`
}

// layoutCommonOut holds what grid and PiP layouts share.
type layoutCommonOut struct {
	FeaturedParticipantAttribute string `json:"featuredParticipantAttribute,omitempty"`
	ParticipantOrderAttribute    string `json:"participantOrderAttribute,omitempty"`
	GridGap                      int32  `json:"gridGap"`
	OmitStoppedVideo             bool   `json:"omitStoppedVideo"`
	VideoFillMode                string `json:"videoFillMode,omitempty"`
}

type gridOut struct {
	layoutCommonOut
	VideoAspectRatio string `json:"videoAspectRatio"`
}

type pipOut struct {
	layoutCommonOut
	PipBehavior             string `json:"pipBehavior"`
	PipHeight               *int32 `json:"pipHeight,omitempty"`
	PipOffset               int32  `json:"pipOffset"`
	PipParticipantAttribute string `json:"pipParticipantAttribute,omitempty"`
	PipPosition             string `json:"pipPosition"`
	PipWidth                *int32 `json:"pipWidth,omitempty"`
}

type destConfigOut struct {
	Name    string          `json:"name,omitempty"`
	Channel *channelDestOut `json:"channel,omitempty"`
	S3      *s3DestOut      `json:"s3,omitempty"`
}

type channelDestOut struct {
	ChannelArn              string `json:"channelArn"`
	EncoderConfigurationArn string `json:"encoderConfigurationArn,omitempty"`
}

type s3DestOut struct {
	StorageConfigurationArn  string              `json:"storageConfigurationArn"`
	EncoderConfigurationArns []string            `json:"encoderConfigurationArns"`
	RecordingConfiguration   *recordingConfigOut `json:"recordingConfiguration,omitempty"`
	ThumbnailConfigurations  []compThumbOut      `json:"thumbnailConfigurations,omitempty"`
}

type recordingConfigOut struct {
	Format           string  `json:"format"`
	HlsConfiguration *hlsOut `json:"hlsConfiguration,omitempty"`
}

type compThumbOut struct {
	TargetIntervalSeconds int32    `json:"targetIntervalSeconds"`
	Storage               []string `json:"storage"`
}

type destinationOut struct {
	ID            string         `json:"id"`
	State         string         `json:"state"`
	StartTime     isoTime        `json:"startTime,omitzero"`
	EndTime       isoTime        `json:"endTime,omitzero"`
	Configuration destConfigOut  `json:"configuration"`
	Detail        *destDetailOut `json:"detail,omitempty"`
}

type destDetailOut struct {
	S3 *s3DetailOut `json:"s3,omitempty"`
}

type s3DetailOut struct {
	RecordingPrefix string `json:"recordingPrefix"`
}

type destSummaryOut struct {
	ID        string  `json:"id"`
	State     string  `json:"state"`
	StartTime isoTime `json:"startTime,omitzero"`
	EndTime   isoTime `json:"endTime,omitzero"`
}

type compositionOut struct {
	Arn          string            `json:"arn"`
	StageArn     string            `json:"stageArn"`
	State        string            `json:"state"`
	Layout       layoutOut         `json:"layout"`
	Destinations []destinationOut  `json:"destinations"`
	Tags         map[string]string `json:"tags"`
	StartTime    isoTime           `json:"startTime,omitzero"`
	EndTime      isoTime           `json:"endTime,omitzero"`
}

type compositionSummaryOut struct {
	Arn          string            `json:"arn"`
	StageArn     string            `json:"stageArn"`
	State        string            `json:"state"`
	Destinations []destSummaryOut  `json:"destinations"`
	Tags         map[string]string `json:"tags"`
	StartTime    isoTime           `json:"startTime,omitzero"`
	EndTime      isoTime           `json:"endTime,omitzero"`
}

type layoutCommonIn struct {
	FeaturedParticipantAttribute *string `json:"featuredParticipantAttribute"`
	ParticipantOrderAttribute    *string `json:"participantOrderAttribute"`
	GridGap                      *int32  `json:"gridGap"`
	OmitStoppedVideo             *bool   `json:"omitStoppedVideo"`
	VideoFillMode                *string `json:"videoFillMode"`
}

type gridIn struct {
	layoutCommonIn
	VideoAspectRatio *string `json:"videoAspectRatio"`
}

type pipIn struct {
	layoutCommonIn
	PipBehavior             *string `json:"pipBehavior"`
	PipHeight               *int32  `json:"pipHeight"`
	PipOffset               *int32  `json:"pipOffset"`
	PipParticipantAttribute *string `json:"pipParticipantAttribute"`
	PipPosition             *string `json:"pipPosition"`
	PipWidth                *int32  `json:"pipWidth"`
}

type layoutIn struct {
	Grid *gridIn `json:"grid"`
	Pip  *pipIn  `json:"pip"`
}

type channelDestIn struct {
	ChannelArn              *string `json:"channelArn"`
	EncoderConfigurationArn *string `json:"encoderConfigurationArn"`
}

type s3DestIn struct {
	StorageConfigurationArn  *string  `json:"storageConfigurationArn"`
	EncoderConfigurationArns []string `json:"encoderConfigurationArns"`
	RecordingConfiguration   *struct {
		Format           *string `json:"format"`
		HlsConfiguration *struct {
			TargetSegmentDurationSeconds *int32 `json:"targetSegmentDurationSeconds"`
		} `json:"hlsConfiguration"`
	} `json:"recordingConfiguration"`
	ThumbnailConfigurations []struct {
		TargetIntervalSeconds *int32   `json:"targetIntervalSeconds"`
		Storage               []string `json:"storage"`
	} `json:"thumbnailConfigurations"`
}

type destConfigIn struct {
	Name    *string        `json:"name"`
	Channel *channelDestIn `json:"channel"`
	S3      *s3DestIn      `json:"s3"`
}

type startCompositionIn struct {
	StageArn         *string           `json:"stageArn"`
	IdempotencyToken *string           `json:"idempotencyToken"`
	Layout           *layoutIn         `json:"layout"`
	Destinations     []destConfigIn    `json:"destinations"`
	Tags             map[string]string `json:"tags"`
}

type compositionResultOut struct {
	Composition compositionOut `json:"composition"`
}

type listCompositionsIn struct {
	listIn
	FilterByStageArn                *string `json:"filterByStageArn"`
	FilterByEncoderConfigurationArn *string `json:"filterByEncoderConfigurationArn"`
}

type listCompositionsOut struct {
	Compositions []compositionSummaryOut `json:"compositions"`
	NextToken    string                  `json:"nextToken,omitempty"`
}

func (b *backend) checkLayout(v *validator, in *layoutIn) layoutOut {
	if in == nil || (in.Grid == nil && in.Pip == nil) {
		return layoutOut{Grid: &gridOut{layoutCommonOut: layoutCommonOut{GridGap: 2}, VideoAspectRatio: "VIDEO"}}
	}
	if in.Grid != nil && in.Pip != nil {
		v.failf("Value at 'layout' failed to satisfy constraint: Member must set only one of grid or pip")
		return layoutOut{}
	}
	if g := in.Grid; g != nil {
		out := &gridOut{layoutCommonOut: checkLayoutCommon(v, "layout.grid", g.layoutCommonIn, 2, ""), VideoAspectRatio: "VIDEO"}
		if g.VideoAspectRatio != nil {
			v.enum("layout.grid.videoAspectRatio", *g.VideoAspectRatio, videoAspectRatios...)
			out.VideoAspectRatio = *g.VideoAspectRatio
		}
		return layoutOut{Grid: out}
	}
	p := in.Pip
	out := &pipOut{layoutCommonOut: checkLayoutCommon(v, "layout.pip", p.layoutCommonIn, 0, "COVER"), PipBehavior: "STATIC", PipPosition: "BOTTOM_RIGHT"}
	v.optStr("layout.pip.pipParticipantAttribute", p.PipParticipantAttribute, 0, 128, &namePattern)
	out.PipParticipantAttribute = deref(p.PipParticipantAttribute)
	if p.PipBehavior != nil {
		v.enum("layout.pip.pipBehavior", *p.PipBehavior, pipBehaviors...)
		out.PipBehavior = *p.PipBehavior
	}
	if p.PipPosition != nil {
		v.enum("layout.pip.pipPosition", *p.PipPosition, pipPositions...)
		out.PipPosition = *p.PipPosition
	}
	if p.PipOffset != nil {
		v.intRange("layout.pip.pipOffset", int64(*p.PipOffset), 0, math.MaxInt32)
		out.PipOffset = *p.PipOffset
	}
	if p.PipHeight != nil {
		v.intRange("layout.pip.pipHeight", int64(*p.PipHeight), 1, math.MaxInt32)
		out.PipHeight = ptr(*p.PipHeight)
	}
	if p.PipWidth != nil {
		v.intRange("layout.pip.pipWidth", int64(*p.PipWidth), 1, math.MaxInt32)
		out.PipWidth = ptr(*p.PipWidth)
	}
	return layoutOut{Pip: out}
}

// checkLayoutCommon validates the members grid and PiP share; gap and fill
// are the layout's defaults.
func checkLayoutCommon(v *validator, prefix string, in layoutCommonIn, gap int32, fill string) layoutCommonOut {
	out := layoutCommonOut{GridGap: gap, VideoFillMode: fill, OmitStoppedVideo: deref(in.OmitStoppedVideo)}
	v.optStr(prefix+".featuredParticipantAttribute", in.FeaturedParticipantAttribute, 0, 128, &namePattern)
	out.FeaturedParticipantAttribute = deref(in.FeaturedParticipantAttribute)
	v.optStr(prefix+".participantOrderAttribute", in.ParticipantOrderAttribute, 0, 128, &namePattern)
	out.ParticipantOrderAttribute = deref(in.ParticipantOrderAttribute)
	if in.GridGap != nil {
		v.intRange(prefix+".gridGap", int64(*in.GridGap), 0, math.MaxInt32)
		out.GridGap = *in.GridGap
	}
	if in.VideoFillMode != nil {
		v.enum(prefix+".videoFillMode", *in.VideoFillMode, videoFillModes...)
		out.VideoFillMode = *in.VideoFillMode
	}
	return out
}

// checkDestinations validates the destination list: 1 or 2 entries, each
// exactly one of channel or s3, at most one of each kind.
func (b *backend) checkDestinations(v *validator, in []destConfigIn) []destConfigOut {
	if !v.required("destinations", in != nil) || !v.listLen("destinations", len(in), 1, 2) {
		return nil
	}
	var out []destConfigOut
	channels, s3s := 0, 0
	for i, d := range in {
		f := fmt.Sprintf("destinations.%d.member", i+1)
		v.optStr(f+".name", d.Name, 0, 128, &namePattern)
		cfg := destConfigOut{Name: deref(d.Name)}
		switch {
		case d.Channel == nil && d.S3 == nil:
			v.failf("Value at '%s' failed to satisfy constraint: Member must specify either channel or s3", f)
		case d.Channel != nil && d.S3 != nil:
			v.failf("Value at '%s' failed to satisfy constraint: Member must specify only one of channel or s3", f)
		case d.Channel != nil:
			channels++
			v.reqARN(f+".channel.channelArn", d.Channel.ChannelArn, kindChannel)
			if d.Channel.EncoderConfigurationArn != nil {
				v.arn(f+".channel.encoderConfigurationArn", *d.Channel.EncoderConfigurationArn, kindEncoder)
			}
			cfg.Channel = &channelDestOut{ChannelArn: deref(d.Channel.ChannelArn), EncoderConfigurationArn: deref(d.Channel.EncoderConfigurationArn)}
		default:
			s3s++
			s := d.S3
			v.reqARN(f+".s3.storageConfigurationArn", s.StorageConfigurationArn, kindStorage)
			if v.required(f+".s3.encoderConfigurationArns", s.EncoderConfigurationArns != nil) &&
				v.listLen(f+".s3.encoderConfigurationArns", len(s.EncoderConfigurationArns), 1, 1) {
				for j, a := range s.EncoderConfigurationArns {
					v.arn(fmt.Sprintf("%s.s3.encoderConfigurationArns.%d.member", f, j+1), a, kindEncoder)
				}
			}
			rc := &recordingConfigOut{Format: "HLS", HlsConfiguration: &hlsOut{TargetSegmentDurationSeconds: 2}}
			if r := s.RecordingConfiguration; r != nil {
				if r.Format != nil {
					v.enum(f+".s3.recordingConfiguration.format", *r.Format, recordingFormats...)
				}
				if h := r.HlsConfiguration; h != nil && h.TargetSegmentDurationSeconds != nil {
					v.intRange(f+".s3.recordingConfiguration.hlsConfiguration.targetSegmentDurationSeconds", int64(*h.TargetSegmentDurationSeconds), 2, 10)
					rc.HlsConfiguration.TargetSegmentDurationSeconds = *h.TargetSegmentDurationSeconds
				}
			}
			o := &s3DestOut{StorageConfigurationArn: deref(s.StorageConfigurationArn), EncoderConfigurationArns: slices.Clone(s.EncoderConfigurationArns), RecordingConfiguration: rc}
			if v.listLen(f+".s3.thumbnailConfigurations", len(s.ThumbnailConfigurations), 0, 1) {
				for j, t := range s.ThumbnailConfigurations {
					tf := fmt.Sprintf("%s.s3.thumbnailConfigurations.%d.member", f, j+1)
					th := compThumbOut{TargetIntervalSeconds: 60, Storage: []string{"SEQUENTIAL"}}
					if t.TargetIntervalSeconds != nil {
						v.intRange(tf+".targetIntervalSeconds", int64(*t.TargetIntervalSeconds), 1, 86400)
						th.TargetIntervalSeconds = *t.TargetIntervalSeconds
					}
					if t.Storage != nil {
						v.enumList(tf+".storage", t.Storage, 2, thumbnailStorages...)
						th.Storage = slices.Clone(t.Storage)
					}
					o.ThumbnailConfigurations = append(o.ThumbnailConfigurations, th)
				}
			}
			cfg.S3 = o
		}
		out = append(out, cfg)
	}
	if channels > 1 || s3s > 1 {
		v.failf("Value at 'destinations' failed to satisfy constraint: Member must contain at most one channel destination and at most one s3 destination")
	}
	return out
}

// referenced checks that the configurations the destinations name exist.
func (b *backend) referenced(dests []destConfigOut) error {
	v := b.validator()
	for _, d := range dests {
		var encoders []string
		if d.Channel != nil && d.Channel.EncoderConfigurationArn != "" {
			encoders = append(encoders, d.Channel.EncoderConfigurationArn)
		}
		if d.S3 != nil {
			if _, ok := b.storages.get(v.arn("", d.S3.StorageConfigurationArn, kindStorage)); !ok {
				return notFound(d.S3.StorageConfigurationArn)
			}
			encoders = append(encoders, d.S3.EncoderConfigurationArns...)
		}
		for _, e := range encoders {
			if _, ok := b.encoders.get(v.arn("", e, kindEncoder)); !ok {
				return notFound(e)
			}
		}
	}
	return nil
}

// active reports whether the composition counts against the quotas of
// active compositions: STOPPING frees its slot, as StopComposition does.
func (c *composition) active() bool {
	return c.state == "STARTING" || c.state == "ACTIVE"
}

// compositionQuota refuses a new composition on st past the account's or
// the stage's quota of active compositions.
func (b *backend) compositionQuota(st *stage) error {
	inAccount, inStage := 0, 0
	for _, c := range b.compositions.order {
		if c.active() {
			inAccount++
			if c.stageID == st.id {
				inStage++
			}
		}
	}
	if inStage >= maxActiveCompositionsPerStg {
		return quotaExceeded("Active compositions per stage quota of %d exceeded on %s; stop a composition first", maxActiveCompositionsPerStg, st.arn)
	}
	if inAccount >= maxActiveCompositions {
		return quotaExceeded("Active compositions per account quota of %d exceeded; stop a composition or request a quota increase", maxActiveCompositions)
	}
	return nil
}

func (c *composition) running() bool {
	return c.state == "STARTING" || c.state == "ACTIVE" || c.state == "STOPPING"
}

// uses reports whether the composition's destinations name the ARN.
func (c *composition) uses(arn string) bool {
	for _, d := range c.dests {
		if ch := d.config.Channel; ch != nil && (ch.EncoderConfigurationArn == arn || ch.ChannelArn == arn) {
			return true
		}
		if s := d.config.S3; s != nil && (s.StorageConfigurationArn == arn || slices.Contains(s.EncoderConfigurationArns, arn)) {
			return true
		}
	}
	return false
}

func (b *backend) StartComposition(in *startCompositionIn) (any, error) {
	now := b.lock()
	defer b.unlock()
	v := b.validator()
	id := v.reqARN("stageArn", in.StageArn, kindStage)
	if in.IdempotencyToken != nil {
		v.str("idempotencyToken", *in.IdempotencyToken, 1, 64, &idempotencyPattern)
	}
	layout := b.checkLayout(v, in.Layout)
	dests := b.checkDestinations(v, in.Destinations)
	v.tags("tags", in.Tags)
	if err := v.err(); err != nil {
		return nil, err
	}
	raw, _ := json.Marshal(in)
	hash := sha256.Sum256(raw)
	if tok := deref(in.IdempotencyToken); tok != "" {
		for _, c := range b.compositions.order {
			if c.idemToken != tok {
				continue
			}
			if c.reqHash != hash {
				return nil, conflict("idempotencyToken %s was already used with different parameters", tok)
			}
			return compositionResultOut{Composition: b.compositionOut(c)}, nil
		}
	}
	st, err := b.stages.find(id, *in.StageArn)
	if err != nil {
		return nil, err
	}
	if err := b.referenced(dests); err != nil {
		return nil, err
	}
	for _, d := range dests {
		if d.Channel == nil {
			continue
		}
		for _, c := range b.compositions.order {
			if c.running() && c.uses(d.Channel.ChannelArn) {
				return nil, conflict("channel %s is already the destination of composition %s; the channel must be offline", d.Channel.ChannelArn, c.arn)
			}
		}
	}
	if err := b.compositionQuota(st); err != nil {
		return nil, err
	}
	cid := b.newID()
	c := &composition{
		meta:      meta{id: cid, seq: b.nextSeq()},
		tagged:    tagged{arn: b.arn(kindComposition, cid), tags: cloneMap(in.Tags)},
		stageID:   st.id,
		stageARN:  st.arn,
		state:     "STARTING",
		start:     now,
		layout:    layout,
		idemToken: deref(in.IdempotencyToken),
		reqHash:   hash,
	}
	prefixSession := cid
	if st.active != nil {
		prefixSession = st.active.id
	}
	for _, d := range dests {
		dest := &destination{id: b.newID(), state: "STARTING", config: d}
		if d.S3 != nil {
			dest.prefix = st.id + "/" + prefixSession + "/composite"
		}
		c.dests = append(c.dests, dest)
	}
	b.compositions.add(c)
	return compositionResultOut{Composition: b.compositionOut(c)}, nil
}

func (b *backend) compositionOut(c *composition) compositionOut {
	out := compositionOut{
		Arn:          c.arn,
		StageArn:     c.stageARN,
		State:        c.state,
		Layout:       c.layout,
		Destinations: make([]destinationOut, 0, len(c.dests)),
		Tags:         tagsOut(c.tags),
		StartTime:    isoTime(c.start),
		EndTime:      isoTime(c.end),
	}
	for _, d := range c.dests {
		do := destinationOut{ID: d.id, State: d.state, StartTime: isoTime(d.start), EndTime: isoTime(d.end), Configuration: d.config}
		if d.prefix != "" {
			do.Detail = &destDetailOut{S3: &s3DetailOut{RecordingPrefix: d.prefix}}
		}
		out.Destinations = append(out.Destinations, do)
	}
	return out
}

func (b *backend) GetComposition(in *arnIn) (any, error) {
	b.lock()
	defer b.unlock()
	c, err := lookup(b.validator(), &b.compositions, "arn", in.Arn, kindComposition)
	if err != nil {
		return nil, err
	}
	return compositionResultOut{Composition: b.compositionOut(c)}, nil
}

func (b *backend) StopComposition(in *arnIn) (any, error) {
	now := b.lock()
	defer b.unlock()
	c, err := lookup(b.validator(), &b.compositions, "arn", in.Arn, kindComposition)
	if err != nil {
		return nil, err
	}
	b.beginStopping(c, now)
	b.advance(now)
	return emptyOut{}, nil
}

func (b *backend) ListCompositions(in *listCompositionsIn) (any, error) {
	b.lock()
	defer b.unlock()
	v := b.validator()
	if in.FilterByStageArn != nil {
		v.arn("filterByStageArn", *in.FilterByStageArn, kindStage)
	}
	if in.FilterByEncoderConfigurationArn != nil {
		v.arn("filterByEncoderConfigurationArn", *in.FilterByEncoderConfigurationArn, kindEncoder)
	}
	limit := v.maxResults(in.MaxResults, 100, maxPageSize)
	sc := scope("ListCompositions", deref(in.FilterByStageArn), deref(in.FilterByEncoderConfigurationArn))
	after := b.pager.cursor(v, sc, in.NextToken)
	if err := v.err(); err != nil {
		return nil, err
	}
	keep := func(c *composition) bool {
		if in.FilterByStageArn != nil && c.stageARN != *in.FilterByStageArn {
			return false
		}
		if e := in.FilterByEncoderConfigurationArn; e != nil && !c.uses(*e) {
			return false
		}
		return true
	}
	page, next := listPage(&b.pager, sc, b.compositions.order, after, limit, keep)
	out := listCompositionsOut{Compositions: make([]compositionSummaryOut, 0, len(page)), NextToken: next}
	for _, c := range page {
		s := compositionSummaryOut{Arn: c.arn, StageArn: c.stageARN, State: c.state, Tags: tagsOut(c.tags),
			StartTime: isoTime(c.start), EndTime: isoTime(c.end), Destinations: make([]destSummaryOut, 0, len(c.dests))}
		for _, d := range c.dests {
			s.Destinations = append(s.Destinations, destSummaryOut{ID: d.id, State: d.state, StartTime: isoTime(d.start), EndTime: isoTime(d.end)})
		}
		out.Compositions = append(out.Compositions, s)
	}
	return out, nil
}

// beginStopping moves a starting or active composition to STOPPING at t.
func (b *backend) beginStopping(c *composition, t time.Time) {
	if c.state != "STARTING" && c.state != "ACTIVE" {
		return
	}
	c.state = "STOPPING"
	c.stoppingAt = t
	for _, d := range c.dests {
		d.state = "STOPPING"
	}
}

// advance applies every move of the compositions due by now, each at the
// time it was due.
func (b *backend) advance(now time.Time) {
	// Backwards, so that a composition deleted on the way does not shift
	// the ones still to visit.
	for i := len(b.compositions.order) - 1; i >= 0; i-- {
		b.advanceComposition(b.compositions.order[i], now)
	}
}

func (b *backend) advanceComposition(c *composition, now time.Time) {
	t := b.timing
	if c.state == "STARTING" || c.state == "ACTIVE" {
		activeAt := c.start.Add(t.compositionStart)
		var idleAt time.Time
		if st, ok := b.stages.get(c.stageID); ok && st.active == nil {
			from := st.emptySince
			if from.Before(c.start) {
				from = c.start
			}
			idleAt = from.Add(t.compositionIdle)
		}
		if c.state == "STARTING" && !now.Before(activeAt) && (idleAt.IsZero() || !idleAt.Before(activeAt)) {
			c.state = "ACTIVE"
			for _, d := range c.dests {
				d.state = "ACTIVE"
				d.start = activeAt
			}
		}
		if !idleAt.IsZero() && !now.Before(idleAt) {
			b.beginStopping(c, idleAt)
		}
	}
	if c.state == "STOPPING" {
		if stopAt := c.stoppingAt.Add(t.compositionStop); !now.Before(stopAt) {
			c.state = "STOPPED"
			c.end = stopAt
			for _, d := range c.dests {
				d.state = "STOPPED"
				d.end = stopAt
			}
		}
	}
	if c.state == "STOPPED" && !now.Before(c.end.Add(t.compositionRetention)) {
		b.compositions.remove(c.id)
	}
}
