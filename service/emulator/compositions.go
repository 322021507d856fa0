package emulator

import (
	"slices"
	"time"

	"github.com/ivsdash/ivsdash/service/ivs"
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

// referenced checks that the configurations the destinations name exist.
func (b *backend) referenced(dests []destConfigOut) error {
	for _, d := range dests {
		var encoders []string
		if d.Channel != nil && d.Channel.EncoderConfigurationArn != "" {
			encoders = append(encoders, d.Channel.EncoderConfigurationArn)
		}
		if d.S3 != nil {
			if _, ok := b.storages.get(idOf(d.S3.StorageConfigurationArn)); !ok {
				return notFound(d.S3.StorageConfigurationArn)
			}
			encoders = append(encoders, d.S3.EncoderConfigurationArns...)
		}
		for _, e := range encoders {
			if _, ok := b.encoders.get(idOf(e)); !ok {
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
	if inStage >= ivs.MaxActiveCompositionsPerStage {
		return quotaExceeded("Active compositions per stage quota of %d exceeded on %s; stop a composition first", ivs.MaxActiveCompositionsPerStage, st.arn)
	}
	if inAccount >= ivs.MaxActiveCompositions {
		return quotaExceeded("Active compositions per account quota of %d exceeded; stop a composition or request a quota increase", ivs.MaxActiveCompositions)
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

// compositionSpec is a checked StartComposition request; hash identifies
// its parameters for the idempotency token.
type compositionSpec struct {
	stageARN  string
	idemToken string
	hash      [32]byte
	layout    layoutOut
	dests     []destConfigOut
	tags      map[string]string
}

// StartComposition starts a composition of a stage, or returns the one an
// idempotency token already started with the same parameters.
func (b *backend) StartComposition(in compositionSpec) (compositionOut, error) {
	now := b.lock()
	defer b.unlock()
	if in.idemToken != "" {
		for _, c := range b.compositions.order {
			if c.idemToken != in.idemToken {
				continue
			}
			if c.reqHash != in.hash {
				return compositionOut{}, conflict("idempotencyToken %s was already used with different parameters", in.idemToken)
			}
			return b.compositionOut(c), nil
		}
	}
	st, err := findARN(&b.stages, in.stageARN)
	if err != nil {
		return compositionOut{}, err
	}
	if err := b.referenced(in.dests); err != nil {
		return compositionOut{}, err
	}
	for _, d := range in.dests {
		if d.Channel == nil {
			continue
		}
		for _, c := range b.compositions.order {
			if c.running() && c.uses(d.Channel.ChannelArn) {
				return compositionOut{}, conflict("channel %s is already the destination of composition %s; the channel must be offline", d.Channel.ChannelArn, c.arn)
			}
		}
	}
	if err := b.compositionQuota(st); err != nil {
		return compositionOut{}, err
	}
	cid := b.newID()
	c := &composition{
		meta:      meta{id: cid, seq: b.nextSeq()},
		tagged:    tagged{arn: b.arn(kindComposition, cid), tags: cloneMap(in.tags)},
		stageID:   st.id,
		stageARN:  st.arn,
		state:     "STARTING",
		start:     now,
		layout:    in.layout,
		idemToken: in.idemToken,
		reqHash:   in.hash,
	}
	prefixSession := cid
	if st.active != nil {
		prefixSession = st.active.id
	}
	for _, d := range in.dests {
		dest := &destination{id: b.newID(), state: "STARTING", config: d}
		if d.S3 != nil {
			dest.prefix = st.id + "/" + prefixSession + "/composite"
		}
		c.dests = append(c.dests, dest)
	}
	b.compositions.add(c)
	return b.compositionOut(c), nil
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

func (b *backend) GetComposition(arn string) (compositionOut, error) {
	b.lock()
	defer b.unlock()
	c, err := findARN(&b.compositions, arn)
	if err != nil {
		return compositionOut{}, err
	}
	return b.compositionOut(c), nil
}

func (b *backend) StopComposition(arn string) error {
	now := b.lock()
	defer b.unlock()
	c, err := findARN(&b.compositions, arn)
	if err != nil {
		return err
	}
	b.beginStopping(c, now)
	b.advance(now)
	return nil
}

// ListCompositions lists the compositions of a stage and/or using an
// encoder configuration ("" filters nothing).
func (b *backend) ListCompositions(stageARN, encoderARN string, pr pageReq) ([]compositionSummaryOut, string) {
	b.lock()
	defer b.unlock()
	keep := func(c *composition) bool {
		return (stageARN == "" || c.stageARN == stageARN) && (encoderARN == "" || c.uses(encoderARN))
	}
	page, next := listPage(&b.pager, pr, b.compositions.order, keep)
	out := make([]compositionSummaryOut, 0, len(page))
	for _, c := range page {
		s := compositionSummaryOut{Arn: c.arn, StageArn: c.stageARN, State: c.state, Tags: tagsOut(c.tags),
			StartTime: isoTime(c.start), EndTime: isoTime(c.end), Destinations: make([]destSummaryOut, 0, len(c.dests))}
		for _, d := range c.dests {
			s.Destinations = append(s.Destinations, destSummaryOut{ID: d.id, State: d.state, StartTime: isoTime(d.start), EndTime: isoTime(d.end)})
		}
		out = append(out, s)
	}
	return out, next
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
			b.pushComposition(c, activeAt, ivs.PushedSessionStart, "")
			for _, d := range c.dests {
				d.state = "ACTIVE"
				d.start = activeAt
				b.pushComposition(c, activeAt, ivs.PushedDestinationStart, d.id)
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
				b.pushComposition(c, stopAt, ivs.PushedDestinationEnd, d.id)
			}
			b.pushComposition(c, stopAt, ivs.PushedSessionEnd, "")
		}
	}
	if c.state == "STOPPED" && !now.Before(c.end.Add(t.compositionRetention)) {
		b.compositions.remove(c.id)
	}
}
