package emulator

import (
	"time"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// stage is a stage and everything that lives inside it: its sessions (with
// their participants and events) and the replications out of it.
type stage struct {
	meta
	tagged
	name string
	host string // the 12-hex label of its WHIP/RTMP endpoints
	rec  autoRecOut

	sessions     collection[*session]
	active       *session
	emptySince   time.Time       // when it last had nobody connected (compositions idle out)
	revoked      map[string]bool // participant ids DisconnectParticipant revoked
	replications collection[*replication]
}

func (s *stage) recording() bool { return s.rec.StorageConfigurationArn != "" }

type endpointsOut struct {
	Events string `json:"events"`
	Whip   string `json:"whip"`
	Rtmp   string `json:"rtmp"`
	Rtmps  string `json:"rtmps"`
}

type autoRecOut struct {
	StorageConfigurationArn         string               `json:"storageConfigurationArn"`
	MediaTypes                      []string             `json:"mediaTypes"`
	ThumbnailConfiguration          *participantThumbOut `json:"thumbnailConfiguration,omitempty"`
	RecordingReconnectWindowSeconds int32                `json:"recordingReconnectWindowSeconds"`
	HlsConfiguration                *hlsOut              `json:"hlsConfiguration,omitempty"`
	RecordParticipantReplicas       bool                 `json:"recordParticipantReplicas"`
}

type participantThumbOut struct {
	TargetIntervalSeconds int32    `json:"targetIntervalSeconds"`
	Storage               []string `json:"storage"`
	RecordingMode         string   `json:"recordingMode"`
}

type hlsOut struct {
	TargetSegmentDurationSeconds int32 `json:"targetSegmentDurationSeconds"`
}

type stageOut struct {
	Arn                                   string            `json:"arn"`
	Name                                  string            `json:"name,omitempty"`
	ActiveSessionID                       string            `json:"activeSessionId,omitempty"`
	Tags                                  map[string]string `json:"tags"`
	AutoParticipantRecordingConfiguration *autoRecOut       `json:"autoParticipantRecordingConfiguration,omitempty"`
	Endpoints                             *endpointsOut     `json:"endpoints,omitempty"`
}

type stageSummaryOut struct {
	Arn             string            `json:"arn"`
	Name            string            `json:"name,omitempty"`
	ActiveSessionID string            `json:"activeSessionId,omitempty"`
	Tags            map[string]string `json:"tags"`
}

// defaultAutoRec is the configuration a stage reports when individual
// participant recording is off, and what "" resets it to.
func defaultAutoRec() autoRecOut {
	return autoRecOut{
		StorageConfigurationArn:   "",
		MediaTypes:                []string{"AUDIO_VIDEO"},
		ThumbnailConfiguration:    &participantThumbOut{TargetIntervalSeconds: 60, Storage: []string{"SEQUENTIAL"}, RecordingMode: "DISABLED"},
		HlsConfiguration:          &hlsOut{TargetSegmentDurationSeconds: 6},
		RecordParticipantReplicas: true,
	}
}

func (b *backend) stageOut(s *stage) stageOut {
	rec := s.rec
	ep := stageEndpoints(s.host)
	out := stageOut{
		Arn:                                   s.arn,
		Name:                                  s.name,
		Tags:                                  tagsOut(s.tags),
		AutoParticipantRecordingConfiguration: &rec,
		Endpoints:                             &ep,
	}
	if s.active != nil {
		out.ActiveSessionID = s.active.id
	}
	return out
}

// findStorageFor checks that the storage configuration a recording
// configuration names exists.
func (b *backend) findStorageFor(rec autoRecOut) error {
	if rec.StorageConfigurationArn == "" {
		return nil
	}
	v := b.validator()
	id := v.arn("storageConfigurationArn", rec.StorageConfigurationArn, kindStorage)
	if _, ok := b.storages.get(id); !ok {
		return notFound(rec.StorageConfigurationArn)
	}
	return nil
}

// CreateStage makes a stage with its recording configuration and mints
// the tokens asked for with it.
func (b *backend) CreateStage(name string, tags map[string]string, rec autoRecOut, tokens []tokenSpec) (stageOut, []participantTokenOut, error) {
	now := b.lock()
	defer b.unlock()
	if err := b.findStorageFor(rec); err != nil {
		// CreateStage declares no ResourceNotFoundException in the model.
		return stageOut{}, nil, validationError("1 validation error detected: Value '%s' at 'autoParticipantRecordingConfiguration.storageConfigurationArn' failed to satisfy constraint: Member must be the ARN of an existing storage configuration", rec.StorageConfigurationArn)
	}
	if b.stages.len() >= ivs.MaxStages {
		return stageOut{}, nil, quotaExceeded("Stages per region quota of %d exceeded; delete stages or request a quota increase", ivs.MaxStages)
	}
	st := b.newStage(name, tags, rec, now)
	minted := []participantTokenOut{}
	for _, spec := range tokens {
		tok, err := b.mintToken(st, spec, now)
		if err != nil {
			return stageOut{}, nil, err
		}
		minted = append(minted, tok)
	}
	return b.stageOut(st), minted, nil
}

// newStage creates a stage; the simulation uses it directly.
func (b *backend) newStage(name string, tags map[string]string, rec autoRecOut, now time.Time) *stage {
	id := b.newID()
	st := &stage{
		meta:         meta{id: id, seq: b.nextSeq()},
		tagged:       tagged{arn: b.arn(kindStage, id), tags: cloneMap(tags)},
		name:         name,
		host:         b.randString(12, hexDigit),
		rec:          rec,
		sessions:     newCollection[*session](),
		emptySince:   now,
		revoked:      map[string]bool{},
		replications: newCollection[*replication](),
	}
	b.stages.add(st)
	return st
}

func (b *backend) GetStage(arn string) (stageOut, error) {
	b.lock()
	defer b.unlock()
	st, err := findARN(&b.stages, arn)
	if err != nil {
		return stageOut{}, err
	}
	return b.stageOut(st), nil
}

func (b *backend) ListStages(pr pageReq) ([]stageSummaryOut, string) {
	b.lock()
	defer b.unlock()
	page, next := listPage(&b.pager, pr, b.stages.order, nil)
	out := make([]stageSummaryOut, 0, len(page))
	for _, st := range page {
		s := stageSummaryOut{Arn: st.arn, Name: st.name, Tags: tagsOut(st.tags)}
		if st.active != nil {
			s.ActiveSessionID = st.active.id
		}
		out = append(out, s)
	}
	return out, next
}

// UpdateStage renames a stage (name not nil) and replaces its recording
// configuration (rec not nil), which it refuses while anyone is recorded.
func (b *backend) UpdateStage(arn string, name *string, rec *autoRecOut) (stageOut, error) {
	now := b.lock()
	defer b.unlock()
	st, err := findARN(&b.stages, arn)
	if err != nil {
		return stageOut{}, err
	}
	if rec != nil {
		if err := b.findStorageFor(*rec); err != nil {
			return stageOut{}, err
		}
		if b.recordingActive(st, now) {
			return stageOut{}, conflict("Stage %s has participants being recorded; autoParticipantRecordingConfiguration cannot be updated while recording is active", st.arn)
		}
		st.rec = *rec
	}
	if name != nil {
		st.name = *name
	}
	return b.stageOut(st), nil
}

// recordingActive reports whether any participant of the live session is
// being recorded now.
func (b *backend) recordingActive(st *stage, now time.Time) bool {
	if st.active == nil {
		return false
	}
	for _, p := range st.active.participants.order {
		switch b.recState(p, now) {
		case "STARTING", "ACTIVE":
			return true
		}
	}
	return false
}

func (b *backend) DeleteStage(arn string) error {
	now := b.lock()
	defer b.unlock()
	st, err := findARN(&b.stages, arn)
	if err != nil {
		return err
	}
	b.deleteStage(st, now)
	return nil
}

// deleteStage shuts a stage down the way IVS does: everyone is disconnected
// (with their stop and LEFT events), the session ends, compositions of the
// stage stop, replications into and out of it stop, and ingest
// configurations pointing at it lose their stageArn.
func (b *backend) deleteStage(st *stage, now time.Time) {
	if sess := st.active; sess != nil {
		for _, p := range sess.participants.order {
			if p.connected() {
				b.disconnect(st, sess, p, now, true)
			}
		}
	}
	// Replicas of this stage's publishers were stopped above; replicas of
	// other stages' publishers living here are stopped by their disconnect.
	for _, c := range b.compositions.order {
		if c.stageID == st.id {
			b.beginStopping(c, now)
		}
	}
	for _, ing := range b.ingests.order {
		if ing.stageARN == st.arn {
			ing.stageARN = ""
			ing.state = "INACTIVE"
		}
	}
	b.stages.remove(st.id)
}
